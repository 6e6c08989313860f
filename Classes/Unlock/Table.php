<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Unlock;

/** The native table, as the reset sees it. Tests replace it with a stand-in. */
interface Table
{
    /** Whether the login_ratelimit extension is loaded in this PHP. */
    public function isLoaded(): bool;

    /** @return array<string, mixed> LoginRateLimiter::stats() */
    public function stats(): array;

    /**
     * Clears the $type ('BE' or 'FE') login state of $address, keyed with this process's user,
     * and says what it held.
     *
     * @throws \InvalidArgumentException for an address the extension refuses
     */
    public function unlock(string $type, string $address): Outcome;
}
