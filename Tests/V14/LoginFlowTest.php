<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\V14;

use LoginRateLimit\Typo3\Tests\TestCase\LoginFlowTestCase;
use Psr\Http\Message\ServerRequestInterface;
use Symfony\Component\RateLimiter\LimiterInterface;
use Symfony\Component\RateLimiter\Policy\FixedWindowLimiter;
use Symfony\Component\RateLimiter\Policy\NoLimiter;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactoryInterface;

final class LoginFlowTest extends LoginFlowTestCase
{
    protected function loginLimiter(ServerRequestInterface $request, string $loginType): LimiterInterface
    {
        return $this->container->get(RateLimiterFactoryInterface::class)->createLoginRateLimiter($request, $loginType);
    }

    public function testAnAdminsOverrideOfTheLoginLimiterApplies(): void
    {
        $GLOBALS['TYPO3_CONF_VARS']['SYS']['rateLimiter']['login-be'] = ['limit' => 2];
        self::assertSame(['ok', 'ok', 'locked'], $this->attempts(3, 'BE', '192.0.2.70'));
        // Not the frontend's.
        self::assertSame(['ok', 'ok', 'ok'], $this->attempts(3, 'FE', '192.0.2.70'));
    }

    public function testOverridesDoNotEnableADisabledOrExcludedLogin(): void
    {
        $GLOBALS['TYPO3_CONF_VARS']['SYS']['rateLimiter']['login-be'] = ['limit' => 1];
        $GLOBALS['TYPO3_CONF_VARS']['BE']['loginRateLimitIpExcludeList'] = '192.0.2.71';
        self::assertInstanceOf(NoLimiter::class, $this->loginLimiter($this->request('192.0.2.71'), 'BE'));
        $GLOBALS['TYPO3_CONF_VARS']['BE']['loginRateLimit'] = 0;
        self::assertInstanceOf(NoLimiter::class, $this->loginLimiter($this->request('192.0.2.72'), 'BE'));
    }

    public function testAnOverrideToAnotherPolicyIsLeftToTypo3(): void
    {
        $GLOBALS['TYPO3_CONF_VARS']['SYS']['rateLimiter']['login-fe'] = ['policy' => 'fixed_window', 'limit' => 2];
        self::assertInstanceOf(FixedWindowLimiter::class, $this->loginLimiter($this->request('192.0.2.73'), 'FE'));
        self::assertSame(['ok', 'ok', 'locked'], $this->attempts(3, 'FE', '192.0.2.73'));
    }
}
