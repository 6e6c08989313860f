<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Limiter;

use Symfony\Component\RateLimiter\RateLimit;

/**
 * Turns the native limiter's answers into Symfony's RateLimit, and gives the token counts the
 * native limiter refuses (0 and more than the limit) the answers Symfony's sliding window gives.
 */
final class SymfonyAnswer
{
    /**
     * @param \Closure(int): object $consume the native consume() for $tokens in 1..$limit
     * @param \Closure(): object $peek the native peek()
     */
    public static function consume(int $tokens, int $limit, int $interval, \Closure $consume, \Closure $peek): RateLimit
    {
        if ($tokens < 0) {
            throw new \InvalidArgumentException(sprintf('Cannot consume %d tokens: the number must not be negative', $tokens));
        }
        if ($tokens === 0) {
            // Symfony accepts zero tokens and stores nothing new: a peek. The native peek's retry
            // time is now while a token remains, else the exact instant one becomes free.
            $peek = $peek();
            return new RateLimit($peek->getRemainingTokens(), $peek->getRetryAfter(), true, $limit);
        }
        if ($tokens > $limit) {
            // More than a whole window holds is never accepted; Symfony answers with a rejection.
            $peek = $peek();
            $never = $peek->getRetryAfter()->modify(sprintf('+%d seconds', $interval));
            return new RateLimit($peek->getRemainingTokens(), $never, false, $limit);
        }
        return self::from($consume($tokens));
    }

    /** @param object $native a LoginRateLimit\RateLimit */
    public static function from(object $native): RateLimit
    {
        return new RateLimit(
            $native->getRemainingTokens(),
            $native->getRetryAfter(),
            $native->isAccepted(),
            $native->getLimit()
        );
    }
}
