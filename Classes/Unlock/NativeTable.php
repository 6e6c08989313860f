<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Unlock;

use LoginRateLimit\LoginRateLimiter;
use LoginRateLimit\Typo3\Installation;
use LoginRateLimit\Typo3\Native;

/** The login_ratelimit extension's table. */
final class NativeTable implements Table
{
    public function isLoaded(): bool
    {
        return Native::isLoaded();
    }

    public function stats(): array
    {
        return LoginRateLimiter::stats();
    }

    public function unlock(string $type, string $address): Outcome
    {
        $loginType = (string)Installation::loginType($type);
        $limiter = $this->configuredLimiter($type, $loginType);
        $before = Outcome::UNKNOWN;
        $attempts = 0;
        // The site's limit tells locked from counted. A limit of 0 or an excluded address counts
        // nothing on the web server, and a configuration the extension refuses leaves logins to
        // TYPO3's own limiter: nothing to look at in the table then.
        if ($limiter !== null && $limiter->isEnabled() && !$limiter->isExcluded($address)) {
            $peek = $limiter->peek($address);
            $attempts = $limiter->getLimit() - $peek->getRemainingTokens();
            $before = match (true) {
                !$peek->isAccepted() => Outcome::LOCKED,
                $attempts > 0 => Outcome::COUNTED,
                default => Outcome::NONE,
            };
        }
        // With Redis, a call Redis did not take is answered from the local table and counted.
        $stats = LoginRateLimiter::stats();
        ($limiter ?? new LoginRateLimiter([], $loginType))->reset($address);
        $reachedRedis = str_starts_with((string)$stats['backend'], 'redis')
            ? LoginRateLimiter::stats()['fallback_answers'] === $stats['fallback_answers']
            : null;
        return new Outcome($before, $attempts, $reachedRedis);
    }

    /** The site's limiter for $type, as the web server builds it; null if the extension refuses its configuration. */
    private function configuredLimiter(string $type, string $loginType): ?LoginRateLimiter
    {
        $config = $GLOBALS['TYPO3_CONF_VARS'][$type] ?? [];
        try {
            return new LoginRateLimiter(is_array($config) ? $config : [], $loginType);
        } catch (\InvalidArgumentException|\TypeError) {
            return null;
        }
    }
}
