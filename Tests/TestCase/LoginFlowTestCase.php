<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\TestCase;

use LoginRateLimit\Typo3\Limiter\NativeLimiter;
use LoginRateLimit\Typo3\Native;
use Nyholm\Psr7\Response;
use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\ServerRequestInterface;
use Psr\Http\Server\RequestHandlerInterface;
use Symfony\Component\DependencyInjection\ContainerBuilder;
use Symfony\Component\RateLimiter\LimiterInterface;
use Symfony\Component\RateLimiter\Policy\NoLimiter;
use Symfony\Component\RateLimiter\Policy\SlidingWindowLimiter;
use TYPO3\CMS\Backend\Middleware\BackendUserAuthenticator;
use TYPO3\CMS\Core\Log\LogManager;
use TYPO3\CMS\Core\RateLimiter\RequestRateLimitedException;
use TYPO3\CMS\Frontend\Middleware\FrontendUserAuthenticator;

/**
 * Backend and frontend logins through TYPO3's own middlewares (stand-ins of this major), with the
 * factory the container gives them: natively with the extension, TYPO3's own without it.
 */
abstract class LoginFlowTestCase extends Typo3TestCase
{
    protected const PASSWORD = 'correct horse battery staple';

    protected ContainerBuilder $container;
    protected ?RequestRateLimitedException $lastLock = null;

    /** The factory's login limiter, asked for as this major's middlewares ask for it. */
    abstract protected function loginLimiter(ServerRequestInterface $request, string $loginType): LimiterInterface;

    protected function setUp(): void
    {
        parent::setUp();
        $this->container = Typo3Container::build($this->cacheDirectory);
    }

    /** One login form submission; 'ok' when the middleware let it through, 'locked' on a 403. */
    protected function attempt(string $loginType, string $remoteAddress, string $password = 'wrong', array $serverParams = []): string
    {
        $body = $loginType === 'BE'
            ? ['login_status' => 'login', 'username' => 'admin', 'userident' => $password]
            : ['logintype' => 'login', 'user' => 'admin', 'pass' => $password];
        return $this->submit($loginType, $this->request($remoteAddress, $body, $serverParams));
    }

    protected function submit(string $loginType, ServerRequestInterface $request): string
    {
        $middleware = $this->container->get($loginType === 'BE' ? BackendUserAuthenticator::class : FrontendUserAuthenticator::class);
        $handler = new class () implements RequestHandlerInterface {
            public function handle(ServerRequestInterface $request): ResponseInterface
            {
                return new Response(200);
            }
        };
        try {
            $middleware->process($request, $handler);
            return 'ok';
        } catch (RequestRateLimitedException $e) {
            $this->lastLock = $e;
            return 'locked';
        }
    }

    /** @return list<string> */
    protected function attempts(int $count, string $loginType, string $remoteAddress, string $password = 'wrong'): array
    {
        $results = [];
        for ($i = 0; $i < $count; $i++) {
            $results[] = $this->attempt($loginType, $remoteAddress, $password);
        }
        return $results;
    }

    public function testTheFactoryIsNativeWithTheExtensionAndTyposOwnWithout(): void
    {
        $limiter = $this->loginLimiter($this->request('192.0.2.10'), 'BE');
        if (Native::isLoaded()) {
            self::assertInstanceOf(NativeLimiter::class, $limiter);
            self::assertSame([], LogManager::$records);
            return;
        }
        self::assertInstanceOf(SlidingWindowLimiter::class, $limiter);
        $this->loginLimiter($this->request('192.0.2.10'), 'FE');
        self::assertCount(1, LogManager::$records, 'one warning per process, not one per request');
        self::assertSame('warning', LogManager::$records[0]['level']);
        self::assertStringContainsString('extension is not loaded', LogManager::$records[0]['message']);
    }

    public function testBackendLoginIsLockedAfterFiveFailedAttemptsWithTyposMessageAnd403(): void
    {
        self::assertSame(['ok', 'ok', 'ok', 'ok', 'ok', 'locked', 'locked'], $this->attempts(7, 'BE', '203.0.113.5'));
        self::assertSame(1616175867, $this->lastLock->getCode());
        self::assertSame(['HTTP/1.1 403 Forbidden'], $this->lastLock->getStatusHeaders());
        self::assertSame('Login Request Rate Limited', $this->lastLock->getTitle());
        self::assertMatchesRegularExpression(
            '/^The login is locked until \d\d-\d\d-\d\d \d\d:\d\d due to too many failed login attempts from your IP address\.$/',
            $this->lastLock->getMessage()
        );
        // Another client is not affected.
        self::assertSame('ok', $this->attempt('BE', '203.0.113.6'));
    }

    public function testTheLockMessageShowsTheExactMinuteTheLoginIsAcceptedAgain(): void
    {
        self::requireNative();
        $this->attempts(5, 'BE', '203.0.113.7');
        $limit = $this->loginLimiter($this->request('203.0.113.7'), 'BE')->consume();
        self::assertFalse($limit->isAccepted());
        self::assertSame('locked', $this->attempt('BE', '203.0.113.7'));
        $retry = (float)$limit->getRetryAfter()->format('U.u');
        self::assertSame(
            'The login is locked until ' . date('d-m-y H:i', (int)$retry) . ' due to too many failed login attempts from your IP address.',
            $this->lastLock->getMessage()
        );
        self::assertGreaterThan(self::now(), $retry);
        self::advance($retry - self::now() - 0.001);
        self::assertSame('locked', $this->attempt('BE', '203.0.113.7'), 'a millisecond early');
        self::advance(0.001);
        self::assertSame('ok', $this->attempt('BE', '203.0.113.7'), 'at the retry time');
    }

    public function testFrontendLoginIsLockedAfterTenFailedAttemptsWithItsOwnCode(): void
    {
        $results = $this->attempts(11, 'FE', '198.51.100.20');
        self::assertSame(array_merge(array_fill(0, 10, 'ok'), ['locked']), $results);
        self::assertSame(1616175847, $this->lastLock->getCode());
        // Backend and frontend count apart.
        self::assertSame('ok', $this->attempt('BE', '198.51.100.20'));
    }

    public function testASuccessfulLoginResetsTheCounter(): void
    {
        self::assertSame(['ok', 'ok', 'ok', 'ok'], $this->attempts(4, 'BE', '192.0.2.44'));
        self::assertSame('ok', $this->attempt('BE', '192.0.2.44', self::PASSWORD));
        self::assertSame(['ok', 'ok', 'ok', 'ok', 'ok', 'locked'], $this->attempts(6, 'BE', '192.0.2.44'));
    }

    public function testRequestsThatAreNoLoginAreNotCounted(): void
    {
        for ($i = 0; $i < 10; $i++) {
            self::assertSame('ok', $this->submit('BE', $this->request('192.0.2.45', ['username' => 'admin'])));
        }
        self::assertSame(['ok', 'ok', 'ok', 'ok', 'ok', 'locked'], $this->attempts(6, 'BE', '192.0.2.45'));
    }

    public function testExcludedAddressesAreNeverLimited(): void
    {
        $GLOBALS['TYPO3_CONF_VARS']['BE']['loginRateLimitIpExcludeList'] = '192.0.2.0/24, 2001:db8::/32';
        self::assertSame(array_fill(0, 12, 'ok'), $this->attempts(12, 'BE', '192.0.2.99'));
        self::assertSame(array_fill(0, 12, 'ok'), $this->attempts(12, 'BE', '2001:db8::5'));
        self::assertSame('locked', $this->attempts(6, 'BE', '198.51.100.99')[5]);
        // As in TYPO3's own functional test: an excluded client may consume more than the limit.
        $limiter = $this->loginLimiter($this->request('192.0.2.99'), 'BE');
        self::assertInstanceOf(NoLimiter::class, $limiter);
        self::assertTrue($limiter->consume(6)->isAccepted());
    }

    public function testAnExcludeListOfAStarOrALimitOfZeroDisablesLimiting(): void
    {
        $GLOBALS['TYPO3_CONF_VARS']['BE']['loginRateLimitIpExcludeList'] = '*';
        self::assertSame(array_fill(0, 8, 'ok'), $this->attempts(8, 'BE', '192.0.2.50'));
        $GLOBALS['TYPO3_CONF_VARS']['BE']['loginRateLimitIpExcludeList'] = '';
        $GLOBALS['TYPO3_CONF_VARS']['BE']['loginRateLimit'] = 0;
        self::assertSame(array_fill(0, 8, 'ok'), $this->attempts(8, 'BE', '192.0.2.51'));
        self::assertInstanceOf(NoLimiter::class, $this->loginLimiter($this->request('192.0.2.51'), 'BE'));
    }

    public function testBehindAReverseProxyTheForwardedClientIsCounted(): void
    {
        $GLOBALS['TYPO3_CONF_VARS']['SYS']['reverseProxyIP'] = '10.0.0.1';
        $GLOBALS['TYPO3_CONF_VARS']['SYS']['reverseProxyHeaderMultiValue'] = 'first';
        $viaProxy = fn (string $client): array => ['HTTP_X_FORWARDED_FOR' => "$client, 10.0.0.1"];
        for ($i = 0; $i < 5; $i++) {
            self::assertSame('ok', $this->attempt('BE', '10.0.0.1', 'wrong', $viaProxy('198.51.100.1')));
        }
        self::assertSame('locked', $this->attempt('BE', '10.0.0.1', 'wrong', $viaProxy('198.51.100.1')));
        // Another client behind the same proxy is not locked with the first.
        self::assertSame('ok', $this->attempt('BE', '10.0.0.1', 'wrong', $viaProxy('198.51.100.2')));
        $limiter = $this->loginLimiter($this->request('10.0.0.1', [], $viaProxy('198.51.100.3')), 'BE');
        if ($limiter instanceof NativeLimiter) {
            self::assertSame('198.51.100.3', $limiter->getSubject());
        }
    }

    public function testARefusedExcludeListFallsBackToTyposOwnLimiterWithOneWarning(): void
    {
        self::requireNative();
        $GLOBALS['TYPO3_CONF_VARS']['BE']['loginRateLimitIpExcludeList'] = '192.0.2.0/24, garbage/24';
        self::assertSame(['ok', 'ok', 'ok', 'ok', 'ok', 'locked'], $this->attempts(6, 'BE', '203.0.113.80'));
        self::assertInstanceOf(SlidingWindowLimiter::class, $this->loginLimiter($this->request('203.0.113.80'), 'BE'));
        $warnings = array_values(array_filter(LogManager::$records, fn (array $r): bool => $r['level'] === 'warning'));
        self::assertCount(1, $warnings);
        self::assertStringContainsString('"garbage/24"', $warnings[0]['message']);
        self::assertStringContainsString('TYPO3\'s own login rate limiter is used', $warnings[0]['message']);
    }

    public function testACalendarIntervalFallsBackToTyposOwnLimiterWithOneWarning(): void
    {
        self::requireNative();
        $GLOBALS['TYPO3_CONF_VARS']['FE']['loginRateLimitInterval'] = '1 month';
        $GLOBALS['TYPO3_CONF_VARS']['FE']['loginRateLimit'] = 2;
        self::assertSame(['ok', 'ok', 'locked'], $this->attempts(3, 'FE', '203.0.113.81'));
        $warnings = array_values(array_filter(LogManager::$records, fn (array $r): bool => $r['level'] === 'warning'));
        self::assertCount(1, $warnings);
        self::assertStringContainsString('1 month', $warnings[0]['message']);
    }

    public function testARequestWithoutAClientAddressIsLeftToTypo3(): void
    {
        // TYPO3's functional tests (and some CLI and proxy set-ups) have no REMOTE_ADDR.
        $limiter = $this->loginLimiter($this->request(''), 'BE');
        self::assertInstanceOf(SlidingWindowLimiter::class, $limiter);
        self::assertTrue($limiter->consume()->isAccepted());
    }

    public function testTwoInstallationsOnOnePhpNeverShareStates(): void
    {
        self::requireNative();
        self::assertSame('locked', $this->attempts(6, 'BE', '203.0.113.90')[5]);
        $this->initializeInstallation($this->projectPath . '-other-site');
        self::assertSame(['ok', 'ok', 'ok', 'ok', 'ok', 'locked'], $this->attempts(6, 'BE', '203.0.113.90'));
        $this->initializeInstallation($this->projectPath);
        self::assertSame('locked', $this->attempt('BE', '203.0.113.90'));
    }

    public function testReserveFailsAsForSymfonysSlidingWindow(): void
    {
        $limiter = $this->loginLimiter($this->request('192.0.2.60'), 'BE');
        $this->expectException(\Symfony\Component\RateLimiter\Exception\ReserveNotSupportedException::class);
        $limiter->reserve();
    }

    public function testConsumingZeroTokensPeeksWithoutCounting(): void
    {
        $limiter = $this->loginLimiter($this->request('192.0.2.61'), 'BE');
        $limiter->consume();
        $limiter->consume();
        for ($i = 0; $i < 3; $i++) {
            $peek = $limiter->consume(0);
            self::assertTrue($peek->isAccepted());
            self::assertSame(3, $peek->getRemainingTokens());
            self::assertSame(5, $peek->getLimit());
        }
        $limiter->consume(3);
        $peek = $limiter->consume(0);
        self::assertTrue($peek->isAccepted());
        self::assertSame(0, $peek->getRemainingTokens());
        self::assertFalse($limiter->consume()->isAccepted());
    }
}
