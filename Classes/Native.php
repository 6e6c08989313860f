<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3;

use Psr\Log\LoggerInterface;

/**
 * Whether the native extension is there, and the one warning per problem and process that says
 * why TYPO3's own limiter is used instead.
 */
final class Native
{
    /** @var array<string, true> */
    private static array $warned = [];

    public static function isLoaded(): bool
    {
        return extension_loaded('login_ratelimit');
    }

    /** Whether the keyed limiter (any id, any key) is available, beyond the login limiter. */
    public static function hasKeyedLimiter(): bool
    {
        return self::isLoaded() && class_exists(\LoginRateLimit\RateLimiter::class);
    }

    /**
     * Logs $message once per process: the factory is built for every request, and a worker
     * that logged a problem once has said all there is to say.
     */
    public static function warnOnce(?LoggerInterface $logger, string $message): void
    {
        if (isset(self::$warned[$message])) {
            return;
        }
        self::$warned[$message] = true;
        if ($logger !== null) {
            $logger->warning($message);
            return;
        }
        error_log($message);
    }

    /** @internal for tests: forget which warnings were given. */
    public static function forgetWarnings(): void
    {
        self::$warned = [];
    }
}
