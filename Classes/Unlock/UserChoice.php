<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Unlock;

/** Whose states the reset acts on, and why that user; or why no user could be chosen. */
final class UserChoice
{
    private function __construct(
        public readonly ?User $user,
        /** Why this user ("given with --user"), or why none (a sentence ending with a period). */
        public readonly string $reason,
    ) {
    }

    public static function of(User $user, string $why): self
    {
        return new self($user, $why);
    }

    public static function none(string $why): self
    {
        return new self(null, $why);
    }
}
