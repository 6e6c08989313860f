<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\V13;

use LoginRateLimit\Typo3\Limiter\LoginLimiterFactory;
use Psr\Http\Message\ServerRequestInterface;
use Psr\Log\LoggerInterface;
use Symfony\Component\RateLimiter\LimiterInterface;
use TYPO3\CMS\Core\Authentication\AbstractUserAuthentication;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactory;

/**
 * TYPO3 v13's login rate limiter factory on the native table. It takes the place of core's
 * service, whose concrete class the login middlewares ask for, and defers to core whenever the
 * native limiter cannot answer. Never loaded under v14, whose factory is a readonly class.
 */
final class NativeRateLimiterFactory extends RateLimiterFactory
{
    private readonly LoginLimiterFactory $logins;

    public function __construct(?LoggerInterface $logger = null)
    {
        $this->logins = new LoginLimiterFactory($logger);
    }

    public function createLoginRateLimiter(AbstractUserAuthentication $userAuthentication, ServerRequestInterface $request): LimiterInterface
    {
        return $this->logins->create($request, (string)$userAuthentication->loginType)
            ?? parent::createLoginRateLimiter($userAuthentication, $request);
    }
}
