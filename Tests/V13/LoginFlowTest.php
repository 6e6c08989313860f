<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\V13;

use LoginRateLimit\Typo3\Tests\TestCase\LoginFlowTestCase;
use Psr\Http\Message\ServerRequestInterface;
use Symfony\Component\RateLimiter\LimiterInterface;
use TYPO3\CMS\Core\Authentication\BackendUserAuthentication;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactory;
use TYPO3\CMS\Frontend\Authentication\FrontendUserAuthentication;

final class LoginFlowTest extends LoginFlowTestCase
{
    protected function loginLimiter(ServerRequestInterface $request, string $loginType): LimiterInterface
    {
        $user = $loginType === 'BE' ? new BackendUserAuthentication() : new FrontendUserAuthentication();
        return $this->container->get(RateLimiterFactory::class)->createLoginRateLimiter($user, $request);
    }
}
