<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\V14;

use LoginRateLimit\Typo3\Tests\TestCase\Typo3Container;
use LoginRateLimit\Typo3\Tests\TestCase\Typo3TestCase;
use LoginRateLimit\Typo3\V14\NativeRateLimiterFactory;
use TYPO3\CMS\Backend\Middleware\BackendUserAuthenticator;
use TYPO3\CMS\Core\Log\LogManager;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactory;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactoryInterface;
use TYPO3\CMS\Core\RateLimiter\Storage\CachingFrameworkStorage;
use TYPO3\CMS\Core\Utility\GeneralUtility;
use TYPO3\CMS\Frontend\Middleware\FrontendUserAuthenticator;

/** Configuration/Services.php loaded into a container as TYPO3 v14 builds it. */
final class ContainerTest extends Typo3TestCase
{
    public function testTheInterfaceIsAliasedToThePackagesFactoryForTheMiddlewaresAndMakeInstance(): void
    {
        $container = Typo3Container::build($this->cacheDirectory);
        self::assertInstanceOf(NativeRateLimiterFactory::class, $container->get(RateLimiterFactoryInterface::class));
        self::assertInstanceOf(NativeRateLimiterFactory::class, GeneralUtility::makeInstance(RateLimiterFactoryInterface::class));
        self::assertNotSame($container->get(RateLimiterFactoryInterface::class), $container->get(RateLimiterFactoryInterface::class));
        foreach ([BackendUserAuthenticator::class, FrontendUserAuthenticator::class] as $middleware) {
            $instance = $container->get($middleware);
            self::assertInstanceOf(NativeRateLimiterFactory::class, (new \ReflectionProperty($instance, 'rateLimiterFactory'))->getValue($instance));
        }
        // Core's own service keeps core's class, for code that asks for the concrete class.
        self::assertSame(RateLimiterFactory::class, get_class($container->get(RateLimiterFactory::class)));
    }

    public function testNamedFactoriesGetThePackagesClassTheirConfigAndALogger(): void
    {
        $container = Typo3Container::build($this->cacheDirectory);
        foreach (['backendPasswordRecovery.rateLimiterFactory', 'feloginPasswordRecovery.rateLimiterFactory'] as $id) {
            self::assertInstanceOf(NativeRateLimiterFactory::class, $container->get($id), $id);
        }
        $config = (new \ReflectionProperty(NativeRateLimiterFactory::class, 'config'))->getValue($container->get('backendPasswordRecovery.rateLimiterFactory'));
        self::assertSame(['id' => 'backend-password-recovery', 'policy' => 'sliding_window', 'limit' => 3, 'interval' => '30 minutes'], $config);
        // TYPO3's logger pass ran after the class was swapped: a refused configuration is logged.
        $GLOBALS['TYPO3_CONF_VARS']['SYS']['rateLimiter']['backend-password-recovery'] = ['interval' => '1 year'];
        $container->get('backendPasswordRecovery.rateLimiterFactory')->create('jane@example.com');
        self::assertCount(1, LogManager::$records);
        self::assertSame(NativeRateLimiterFactory::class, LogManager::$records[0]['channel']);
    }

    public function testWithoutThePackageCoresFactoryIsUsed(): void
    {
        $container = Typo3Container::build($this->cacheDirectory, false);
        self::assertSame(RateLimiterFactory::class, get_class($container->get(RateLimiterFactoryInterface::class)));
        self::assertSame(RateLimiterFactory::class, get_class($container->get('feloginPasswordRecovery.rateLimiterFactory')));
    }

    public function testTheV13FactoryIsNeverLoaded(): void
    {
        // Extending v14's readonly factory would be a fatal error, not an exception.
        Typo3Container::build($this->cacheDirectory);
        self::assertFalse(class_exists(\LoginRateLimit\Typo3\V13\NativeRateLimiterFactory::class, false));
    }

    public function testWithoutALoggerTheWarningGoesToPhpsErrorLog(): void
    {
        $log = $this->cacheDirectory . '.log';
        $previous = ini_set('error_log', $log);
        try {
            $storage = Typo3Container::build($this->cacheDirectory)->get(CachingFrameworkStorage::class);
            $GLOBALS['TYPO3_CONF_VARS']['BE']['loginRateLimitInterval'] = '1 year';
            (new NativeRateLimiterFactory($storage))->createLoginRateLimiter($this->request('192.0.2.9', ['login_status' => 'login']), 'BE');
            self::assertStringContainsString('login_ratelimit: ', (string)@file_get_contents($log));
        } finally {
            ini_set('error_log', (string)$previous);
            @unlink($log);
        }
    }
}
