<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\V14;

use LoginRateLimit\Typo3\Limiter\NativeLimiter;
use LoginRateLimit\Typo3\Native;
use LoginRateLimit\Typo3\Tests\TestCase\Typo3Container;
use LoginRateLimit\Typo3\Tests\TestCase\Typo3TestCase;
use Symfony\Component\DependencyInjection\ContainerBuilder;
use Symfony\Component\RateLimiter\Exception\ReserveNotSupportedException;
use Symfony\Component\RateLimiter\LimiterInterface;
use Symfony\Component\RateLimiter\Policy\FixedWindowLimiter;
use Symfony\Component\RateLimiter\Policy\NoLimiter;
use Symfony\Component\RateLimiter\Policy\SlidingWindowLimiter;
use Symfony\Component\RateLimiter\Policy\TokenBucketLimiter;
use TYPO3\CMS\Core\Log\LogManager;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactoryInterface;
use TYPO3\CMS\Extbase\Attribute\RateLimit;
use TYPO3\CMS\Extbase\Service\RateLimitService;

/** Every limiter built through TYPO3 v14's factory interface, not only the login's. */
final class KeyedLimiterTest extends Typo3TestCase
{
    private ContainerBuilder $container;

    protected function setUp(): void
    {
        parent::setUp();
        $this->container = Typo3Container::build($this->cacheDirectory);
    }

    private function factory(): RateLimiterFactoryInterface
    {
        return $this->container->get(RateLimiterFactoryInterface::class);
    }

    private static function slidingWindow(string $id, int $limit, string $interval = '15 minutes'): array
    {
        return ['id' => $id, 'policy' => 'sliding_window', 'limit' => $limit, 'interval' => $interval];
    }

    /** @return list<bool> */
    private static function accepted(LimiterInterface $limiter, int $times): array
    {
        $results = [];
        for ($i = 0; $i < $times; $i++) {
            $results[] = $limiter->consume()->isAccepted();
        }
        return $results;
    }

    private static function requireKeyed(): void
    {
        if (!Native::hasKeyedLimiter()) {
            self::markTestSkipped('needs the login_ratelimit extension with its keyed limiter');
        }
    }

    public function testSlidingWindowsRunNativelyOnePerKey(): void
    {
        $limiter = $this->factory()->createLimiter(self::slidingWindow('my-extension-action', 3), 'user-1');
        if (Native::hasKeyedLimiter()) {
            self::assertInstanceOf(NativeLimiter::class, $limiter);
        } else {
            self::assertInstanceOf(SlidingWindowLimiter::class, $limiter);
        }
        self::assertSame([true, true, true, false], self::accepted($limiter, 4));
        // A new limiter of the same id and key (the next request) sees the same state.
        self::assertFalse($this->factory()->createLimiter(self::slidingWindow('my-extension-action', 3), 'user-1')->consume()->isAccepted());
        self::assertTrue($this->factory()->createLimiter(self::slidingWindow('my-extension-action', 3), 'user-2')->consume()->isAccepted());
        self::assertTrue($this->factory()->createLimiter(self::slidingWindow('another-action', 3), 'user-1')->consume()->isAccepted());
        $limiter->reset();
        self::assertSame([true, true, true, false], self::accepted($limiter, 4));
    }

    public function testANullKeyAndAnEmptyKeyAreOneStateAsInSymfony(): void
    {
        self::assertSame([true, true], self::accepted($this->factory()->createLimiter(self::slidingWindow('global', 3), null), 2));
        self::assertSame([true, false], self::accepted($this->factory()->createLimiter(self::slidingWindow('global', 3), ''), 2));
    }

    public function testKeysOfAnyLengthAndBytes(): void
    {
        foreach (["a\0b", str_repeat('k', 5000), 'ü@example.com'] as $key) {
            self::assertSame([true, true, false], self::accepted($this->factory()->createLimiter(self::slidingWindow('keys', 2), $key), 3));
        }
        self::assertTrue($this->factory()->createLimiter(self::slidingWindow('keys', 2), str_repeat('k', 4999))->consume()->isAccepted());
    }

    public function testCreateWithoutConfigurationThrowsCoresLogicException(): void
    {
        $this->expectException(\LogicException::class);
        $this->expectExceptionCode(1740000001);
        $this->factory()->create('key');
    }

    public function testNamedPasswordRecoveryFactoriesRunNativelyWithTheirOwnConfiguration(): void
    {
        self::requireKeyed();
        $recovery = $this->container->get('test.passwordRecovery');
        self::assertInstanceOf(\LoginRateLimit\Typo3\V14\NativeRateLimiterFactory::class, $recovery->rateLimiterFactory);
        $limiter = $recovery->limiterFor('jane@example.com');
        self::assertInstanceOf(NativeLimiter::class, $limiter);
        self::assertSame([true, true, true, true, true, false], self::accepted($limiter, 6));
        $backend = $this->container->get('backendPasswordRecovery.rateLimiterFactory');
        self::assertSame([true, true, true, false], self::accepted($backend->create('jane@example.com'), 4));
        self::assertNotSame($backend, $this->container->get('backendPasswordRecovery.rateLimiterFactory'), 'not shared, as core\'s');
    }

    public function testAdminOverridesApplyAsInCore(): void
    {
        $GLOBALS['TYPO3_CONF_VARS']['SYS']['rateLimiter']['felogin-password-recovery'] = ['limit' => 1];
        $limiter = $this->container->get('feloginPasswordRecovery.rateLimiterFactory')->create('jane@example.com');
        self::assertSame([true, false], self::accepted($limiter, 2));
        $GLOBALS['TYPO3_CONF_VARS']['SYS']['rateLimiter']['my-id'] = ['policy' => 'fixed_window'];
        self::assertInstanceOf(FixedWindowLimiter::class, $this->factory()->createLimiter(self::slidingWindow('my-id', 3), 'k'));
    }

    public function testOtherPoliciesAreLeftToTypo3(): void
    {
        $factory = $this->factory();
        self::assertInstanceOf(FixedWindowLimiter::class, $factory->createLimiter(['id' => 'f', 'policy' => 'fixed_window', 'limit' => 2, 'interval' => '1 minute'], 'k'));
        self::assertInstanceOf(TokenBucketLimiter::class, $factory->createLimiter(['id' => 't', 'policy' => 'token_bucket', 'limit' => 2, 'rate' => ['interval' => '1 minute']], 'k'));
        self::assertInstanceOf(NoLimiter::class, $factory->createLimiter(['id' => 'n', 'policy' => 'no_limit'], 'k'));
        self::assertSame([], LogManager::$records);
    }

    public function testARefusedConfigurationFallsBackToTypo3WithOneWarning(): void
    {
        self::requireKeyed();
        for ($i = 0; $i < 3; $i++) {
            $limiter = $this->factory()->createLimiter(self::slidingWindow('monthly', 2, '1 month'), 'k');
            self::assertInstanceOf(SlidingWindowLimiter::class, $limiter);
        }
        self::assertSame([true, true, false], self::accepted($limiter, 3));
        self::assertCount(1, LogManager::$records);
        self::assertStringContainsString('"monthly"', LogManager::$records[0]['message']);
    }

    public function testRequestBasedLimitersCountTheClientAddressAsTypo3SeesIt(): void
    {
        $GLOBALS['TYPO3_CONF_VARS']['SYS']['reverseProxyIP'] = '10.0.0.1';
        $GLOBALS['TYPO3_CONF_VARS']['SYS']['reverseProxyHeaderMultiValue'] = 'last';
        $request = fn (string $client) => $this->request('10.0.0.1', [], ['HTTP_X_FORWARDED_FOR' => "203.0.113.1, $client"]);
        $config = self::slidingWindow('contact-form', 2);
        self::assertSame([true, true, false], self::accepted($this->factory()->createRequestBasedLimiter($request('198.51.100.5'), $config), 3));
        self::assertTrue($this->factory()->createRequestBasedLimiter($request('198.51.100.6'), $config)->consume()->isAccepted());
        $limiter = $this->factory()->createRequestBasedLimiter($request('198.51.100.7'), $config);
        if ($limiter instanceof NativeLimiter) {
            self::assertSame('-198.51.100.7', $limiter->getSubject());
        }
    }

    public function testExtbaseActionsWithLongIdsRunNatively(): void
    {
        $controller = new class () {
            #[RateLimit(limit: 2, interval: '1 hour')]
            public function submitVeryLongNamedFormWithManyFieldsAction(): void
            {
            }
        };
        $service = $this->container->get(RateLimitService::class);
        $limiter = $service->createRateLimiter(get_class($controller), 'submitVeryLongNamedFormWithManyFieldsAction', $this->request('192.0.2.30'));
        self::assertSame([true, true, false], self::accepted($limiter, 3));
        if (Native::hasKeyedLimiter()) {
            self::assertInstanceOf(NativeLimiter::class, $limiter);
            self::assertLessThanOrEqual(64, strlen($limiter->getNativeLimiter()->getId()));
        }
    }

    public function testConsumeZeroPeeksAndTooManyTokensAreRejectedAsInSymfony(): void
    {
        $limiter = $this->factory()->createLimiter(self::slidingWindow('peek', 3), 'k');
        self::assertTrue($limiter->consume(2)->isAccepted());
        $peek = $limiter->consume(0);
        self::assertTrue($peek->isAccepted());
        self::assertSame(1, $peek->getRemainingTokens());
        self::assertSame(1, $limiter->consume(0)->getRemainingTokens());
        self::assertFalse($limiter->consume(4)->isAccepted());
        self::assertFalse($limiter->consume(2)->isAccepted());
        self::assertTrue($limiter->consume()->isAccepted());
    }

    public function testReserveFailsAsForSymfonysSlidingWindow(): void
    {
        $this->expectException(ReserveNotSupportedException::class);
        $this->factory()->createLimiter(self::slidingWindow('reserve', 3), 'k')->reserve();
    }

    public function testTwoInstallationsKeepTheirKeyedStatesApart(): void
    {
        self::requireKeyed();
        self::assertSame([true, false], self::accepted($this->factory()->createLimiter(self::slidingWindow('shared-id', 1), 'k'), 2));
        $this->initializeInstallation($this->projectPath . '-other-site');
        self::assertSame([true, false], self::accepted($this->factory()->createLimiter(self::slidingWindow('shared-id', 1), 'k'), 2));
    }
}
