<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Limiter;

use LoginRateLimit\RateLimiter;
use LoginRateLimit\Typo3\Installation;
use LoginRateLimit\Typo3\Native;
use Psr\Log\LoggerInterface;
use Symfony\Component\RateLimiter\LimiterInterface;

/**
 * Any sliding-window limiter of TYPO3's factory (password recovery, Extbase's #[RateLimit],
 * extensions' own) on the native table. Answers null where TYPO3's own limiter must take over:
 * other policies, configurations core would refuse itself, and ones the extension refuses.
 */
final class KeyedLimiterFactory
{
    public function __construct(private readonly ?LoggerInterface $logger = null)
    {
    }

    /** @param array<string, mixed> $config a Symfony limiter configuration, SYS overrides applied */
    public function create(array $config, ?string $key): ?LimiterInterface
    {
        if (($config['policy'] ?? null) !== 'sliding_window') {
            return null;
        }
        $id = $config['id'] ?? null;
        $limit = $config['limit'] ?? null;
        $interval = $config['interval'] ?? null;
        // Symfony's own validation of these belongs to core, with its own messages.
        if (!is_string($id) || !is_int($limit) || !is_string($interval)) {
            return null;
        }
        if (!Native::hasKeyedLimiter()) {
            Native::warnOnce($this->logger, 'login_ratelimit: the login_ratelimit PHP extension is not loaded'
                . ' in this PHP (or is too old for keyed limiters); TYPO3\'s own rate limiter is used.');
            return null;
        }
        try {
            $limiter = new RateLimiter(Installation::limiterId($id), $limit, $interval);
        } catch (\InvalidArgumentException $e) {
            Native::warnOnce($this->logger, sprintf('login_ratelimit: the configuration of rate limiter "%s" is'
                . ' refused (%s); TYPO3\'s own rate limiter is used for it.', $id, $e->getMessage()));
            return null;
        }
        return new NativeLimiter($limiter, Installation::key($key));
    }
}
