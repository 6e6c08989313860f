<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Limiter;

use LoginRateLimit\LoginRateLimiter;
use LoginRateLimit\Typo3\Installation;
use LoginRateLimit\Typo3\Native;
use Psr\Http\Message\ServerRequestInterface;
use Psr\Log\LoggerInterface;
use Symfony\Component\RateLimiter\LimiterInterface;
use Symfony\Component\RateLimiter\Policy\NoLimiter;
use TYPO3\CMS\Core\Http\NormalizedParams;

/**
 * TYPO3's login limiter on the native table: the same $GLOBALS['TYPO3_CONF_VARS'][BE|FE] keys and
 * the same client address as core's factory, the same no-limit answer when disabled or excluded.
 * Answers null where TYPO3's own limiter must take over, having said why.
 */
final class LoginLimiterFactory
{
    public function __construct(private readonly ?LoggerInterface $logger = null)
    {
    }

    /**
     * @param array<string, mixed> $overrides SYS.rateLimiter's entry for the login limiter (v14),
     *                                        applied, as core applies it, only when enabled
     */
    public function create(ServerRequestInterface $request, string $loginType, array $overrides = []): ?LimiterInterface
    {
        if (!Native::isLoaded()) {
            Native::warnOnce($this->logger, 'login_ratelimit: the login_ratelimit PHP extension is not loaded'
                . ' in this PHP; TYPO3\'s own login rate limiter is used. Load it with'
                . ' "extension=login_ratelimit" in php.ini.');
            return null;
        }
        $nativeType = Installation::loginType($loginType);
        if ($nativeType === null) {
            Native::warnOnce($this->logger, sprintf('login_ratelimit: login type "%s" cannot be limited natively;'
                . ' TYPO3\'s own login rate limiter is used for it.', $loginType));
            return null;
        }
        $normalizedParams = $request->getAttribute('normalizedParams') ?? NormalizedParams::createFromRequest($request);
        $remoteAddress = $normalizedParams->getRemoteAddress();
        $settings = $GLOBALS['TYPO3_CONF_VARS'][$loginType] ?? [];
        $limit = (int)($settings['loginRateLimit'] ?? 5);
        if ($limit <= 0) {
            return new NoLimiter();
        }
        $config = array_replace(
            ['policy' => 'sliding_window', 'limit' => $limit, 'interval' => $settings['loginRateLimitInterval'] ?? '15 minutes'],
            $overrides
        );
        // Another policy, or an override core would pass to Symfony as it is: core's to answer.
        if ($config['policy'] !== 'sliding_window' || !is_int($config['limit']) || $config['limit'] < 1
            || !is_string($config['interval'])
        ) {
            return null;
        }
        try {
            $limiter = new LoginRateLimiter([
                'loginRateLimit' => $config['limit'],
                'loginRateLimitInterval' => $config['interval'],
                'loginRateLimitIpExcludeList' => $settings['loginRateLimitIpExcludeList'] ?? '',
            ], $nativeType);
        } catch (\InvalidArgumentException | \TypeError $e) {
            Native::warnOnce($this->logger, sprintf('login_ratelimit: the %s login rate limit configuration is'
                . ' refused (%s); TYPO3\'s own login rate limiter is used until it is fixed.', $loginType, $e->getMessage()));
            return null;
        }
        if (!$limiter->isEnabled()) {
            return new NoLimiter();
        }
        try {
            $excluded = $limiter->isExcluded($remoteAddress);
        } catch (\InvalidArgumentException) {
            // No usable client address (empty in CLI and some proxy set-ups): core decides, as
            // it always has, under the same key it always used.
            return null;
        }
        return $excluded ? new NoLimiter() : new NativeLimiter($limiter, $remoteAddress);
    }
}
