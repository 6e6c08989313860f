<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Limiter;

use LoginRateLimit\RateLimiter;
use Symfony\Component\RateLimiter\Exception\ReserveNotSupportedException;
use Symfony\Component\RateLimiter\LimiterInterface;
use Symfony\Component\RateLimiter\RateLimit;
use Symfony\Component\RateLimiter\Reservation;

/** A sliding-window limiter of any id and key, on the native shared table. */
final class NativeKeyedLimiter implements LimiterInterface
{
    public function __construct(
        private readonly RateLimiter $limiter,
        private readonly string $key,
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
            fn (int $tokens): object => $this->limiter->consume($this->key, $tokens),
            fn (): object => $this->limiter->peek($this->key),
        );
    }

    public function reset(): void
    {
        $this->limiter->reset($this->key);
    }

    public function getRateLimiter(): RateLimiter
    {
        return $this->limiter;
    }

    public function getKey(): string
    {
        return $this->key;
    }
}
