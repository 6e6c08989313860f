<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Limiter;

use LoginRateLimit\LoginRateLimiter;
use LoginRateLimit\RateLimiter;
use Symfony\Component\RateLimiter\Exception\ReserveNotSupportedException;
use Symfony\Component\RateLimiter\LimiterInterface;
use Symfony\Component\RateLimiter\RateLimit;
use Symfony\Component\RateLimiter\Reservation;

/**
 * One subject's limiter on the native shared table, as Symfony's interface: a client address
 * on the login limiter (TYPO3's middlewares consume() on every login form submission and reset()
 * after a successful login), or any key on a keyed limiter.
 */
final class NativeLimiter implements LimiterInterface
{
    public function __construct(
        private readonly LoginRateLimiter|RateLimiter $limiter,
        private readonly string $subject,
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
            fn (int $tokens): object => $this->limiter->consume($this->subject, $tokens),
            fn (): object => $this->limiter->peek($this->subject),
        );
    }

    public function reset(): void
    {
        $this->limiter->reset($this->subject);
    }

    public function getNativeLimiter(): LoginRateLimiter|RateLimiter
    {
        return $this->limiter;
    }

    /** The client address or key this limiter counts. */
    public function getSubject(): string
    {
        return $this->subject;
    }
}
