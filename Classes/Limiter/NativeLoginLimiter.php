<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Limiter;

use LoginRateLimit\LoginRateLimiter;
use Symfony\Component\RateLimiter\Exception\ReserveNotSupportedException;
use Symfony\Component\RateLimiter\LimiterInterface;
use Symfony\Component\RateLimiter\RateLimit;
use Symfony\Component\RateLimiter\Reservation;

/**
 * One client's login limiter, as TYPO3's middlewares use it: consume() on every login form
 * submission, reset() after a successful login. The state lives in the native shared table.
 */
final class NativeLoginLimiter implements LimiterInterface
{
    public function __construct(
        private readonly LoginRateLimiter $limiter,
        private readonly string $remoteAddress,
    ) {
    }

    /** Symfony's sliding window cannot reserve either. */
    public function reserve(int $tokens = 1, ?float $maxTime = null): Reservation
    {
        throw new ReserveNotSupportedException(self::class);
    }

    public function consume(int $tokens = 1): RateLimit
    {
        return SymfonyAnswer::consume(
            $tokens,
            $this->limiter->getLimit(),
            $this->limiter->getInterval(),
            fn (int $tokens): object => $this->limiter->consume($this->remoteAddress, $tokens),
            fn (): object => $this->limiter->peek($this->remoteAddress),
        );
    }

    public function reset(): void
    {
        $this->limiter->reset($this->remoteAddress);
    }

    public function getLoginRateLimiter(): LoginRateLimiter
    {
        return $this->limiter;
    }

    public function getRemoteAddress(): string
    {
        return $this->remoteAddress;
    }
}
