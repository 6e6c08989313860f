<?php

/**
 * Stubs of the login_ratelimit extension for IDEs and static analysis (PhpStorm, PHPStan, Psalm).
 * Never include this file at run time: the classes come from the extension. A test compares
 * every declaration here with the loaded extension's reflection.
 */

declare(strict_types=1);

namespace LoginRateLimit;

/**
 * TYPO3's login rate limiting (Symfony's sliding window per client address), counted in memory
 * shared by every worker of the server.
 */
final class LoginRateLimiter
{
    /**
     * @param array<string, mixed>|null $config TYPO3's per-login-type array
     *        ($GLOBALS['TYPO3_CONF_VARS']['BE'] or ['FE']): loginRateLimit, loginRateLimitInterval,
     *        loginRateLimitIpExcludeList; missing keys take TYPO3's defaults.
     * @param string $loginType 1 to 32 characters of [A-Za-z0-9_.-]; 'BE' and 'FE' are TYPO3's.
     * @throws \InvalidArgumentException when a configuration value or the login type is invalid.
     */
    public function __construct(?array $config = null, string $loginType = 'BE') {}

    /**
     * One login attempt by a client address; a rejected attempt is not counted.
     * @throws \InvalidArgumentException for an invalid address, or $tokens outside 1..limit.
     */
    public function consume(string $remoteIp, int $tokens = 1): RateLimit {}

    /** Whether one more attempt by the client would be accepted now; stores nothing. */
    public function peek(string $remoteIp): RateLimit {}

    /** Forgets the client's attempts, as after a successful login. */
    public function reset(string $remoteIp): void {}

    /** Whether loginRateLimitIpExcludeList exempts the client. */
    public function isExcluded(string $remoteIp): bool {}

    /** False when loginRateLimit <= 0 or the exclude list is '*'. */
    public function isEnabled(): bool {}

    /** Attempts allowed per interval. */
    public function getLimit(): int {}

    /** The interval in seconds. */
    public function getInterval(): int {}

    /** The login type this limiter counts for. */
    public function getLoginType(): string {}

    /**
     * The shared table's figures: backend, location, capacity, entries, evictions,
     * memory_bytes, bytes_per_client, lock_takeovers, ipv6_prefix; and Redis's:
     * redis_available (null without Redis), redis_errors, fallback_answers, redis_last_error.
     * @return array<string, int|float|string|bool|null>
     */
    public static function stats(): array {}
}

/**
 * Symfony's sliding-window limiter for any string key (an e-mail address, a user id, a client
 * address), on the same shared table.
 */
final class RateLimiter
{
    /**
     * @param string $id 1 to 64 characters of [A-Za-z0-9_.:-]; limiters with the same id share state.
     * @param int $limit Attempts allowed per interval, 1 to 65535.
     * @param string $interval The same forms as loginRateLimitInterval ('15 minutes', '1h 30m').
     * @throws \InvalidArgumentException when the id, limit or interval is invalid.
     */
    public function __construct(string $id, int $limit, string $interval = '15 minutes') {}

    /**
     * One attempt for the key (1 to 1024 bytes, compared exactly); a rejected attempt is not counted.
     * @throws \InvalidArgumentException for an empty or oversized key, or $tokens outside 1..limit.
     */
    public function consume(string $key, int $tokens = 1): RateLimit {}

    /** Whether one more attempt for the key would be accepted now; stores nothing. */
    public function peek(string $key): RateLimit {}

    /** Forgets the key's attempts. */
    public function reset(string $key): void {}

    /** The limiter's id. */
    public function getId(): string {}

    /** Attempts allowed per interval. */
    public function getLimit(): int {}

    /** The interval in seconds. */
    public function getInterval(): int {}
}

/** The answer to one call, as Symfony's RateLimit gives it. */
final class RateLimit
{
    /** Not constructible from PHP: limiters return instances. */
    public function __construct() {}

    /** Whether the attempt was accepted. */
    public function isAccepted(): bool {}

    /** Tokens left after this call, max(0, limit - hits); PHP_INT_MAX for an unlimited client. */
    public function getRemainingTokens(): int {}

    /** The exact earliest instant the same attempt is accepted (now while tokens remain), UTC. */
    public function getRetryAfter(): \DateTimeImmutable {}

    /** Attempts allowed per interval; PHP_INT_MAX for an unlimited client. */
    public function getLimit(): int {}

    /**
     * Returns this answer when it was accepted.
     * @throws RateLimitExceededException when it was not.
     */
    public function ensureAccepted(): RateLimit {}
}

/** Thrown by RateLimit::ensureAccepted() when the attempt was not accepted (code 429). */
class RateLimitExceededException extends \RuntimeException
{
    /** A subclass must call this constructor (parent::__construct()). */
    public function __construct(string $message = '', int $code = 0, ?\Throwable $previous = null) {}

    /** The rejected answer; null for an exception constructed in PHP. */
    public function getRateLimit(): ?RateLimit {}
}

/** Time that stands still unless moved: only with login_ratelimit.test_clock=1, for tests. */
final class TestClock
{
    /** Not constructible: every method is static. */
    public function __construct() {}

    /**
     * Sets the time, in Unix seconds with up to microsecond precision: from
     * 2020-01-01T00:00:00Z to 2053-09-03T05:58:26Z, where every interval counts exactly
     * (\InvalidArgumentException otherwise, as for advance()).
     */
    public static function set(float $unixSeconds): void {}

    /** Moves the time forward (or back) by $seconds. */
    public static function advance(float $seconds): void {}

    /** The current time, in Unix seconds. */
    public static function now(): float {}
}
