<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Unlock;

/** What the admin asked login_ratelimit:reset for, checked. */
final class ResetRequest
{
    public function __construct(
        /** 'BE' or 'FE' */
        public readonly string $type,
        public readonly string $address,
        /** --user as given, or null */
        public readonly ?string $user,
    ) {
    }
}
