<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\V13;

use LoginRateLimit\Typo3\Command\ResetCommand;
use LoginRateLimit\Typo3\Report\LoginRateLimitStatus;
use LoginRateLimit\Typo3\Tests\TestCase\Typo3Container;
use LoginRateLimit\Typo3\Tests\TestCase\Typo3TestCase;
use LoginRateLimit\Typo3\V13\NativeRateLimiterFactory;
use TYPO3\CMS\Backend\Middleware\BackendUserAuthenticator;
use TYPO3\CMS\Core\Authentication\BackendUserAuthentication;
use TYPO3\CMS\Core\Log\LogManager;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactory;
use TYPO3\CMS\Core\Utility\GeneralUtility;

/** Configuration/Services.php loaded into a container as TYPO3 v13 builds it. */
final class ContainerTest extends Typo3TestCase
{
    public function testCoresServiceIdGivesThePackagesFactoryToTheMiddlewaresAndMakeInstance(): void
    {
        $container = Typo3Container::build($this->cacheDirectory);
        self::assertInstanceOf(NativeRateLimiterFactory::class, $container->get(RateLimiterFactory::class));
        self::assertInstanceOf(NativeRateLimiterFactory::class, GeneralUtility::makeInstance(RateLimiterFactory::class));
        self::assertNotSame($container->get(RateLimiterFactory::class), $container->get(RateLimiterFactory::class), 'not shared, as core\'s');
        $middleware = $container->get(BackendUserAuthenticator::class);
        $factory = (new \ReflectionProperty($middleware, 'rateLimiterFactory'))->getValue($middleware);
        self::assertInstanceOf(NativeRateLimiterFactory::class, $factory);
    }

    public function testTheFactoryGetsALoggerFromTyposLoggerPass(): void
    {
        $container = Typo3Container::build($this->cacheDirectory);
        // A configuration the extension refuses, or no extension: either way one warning.
        $GLOBALS['TYPO3_CONF_VARS']['BE']['loginRateLimitIpExcludeList'] = 'garbage/24';
        $container->get(RateLimiterFactory::class)->createLoginRateLimiter(new BackendUserAuthentication(), $this->request('192.0.2.1'));
        self::assertCount(1, LogManager::$records);
        self::assertSame(NativeRateLimiterFactory::class, LogManager::$records[0]['channel']);
        self::assertSame('warning', LogManager::$records[0]['level']);
    }

    public function testWithoutThePackageCoresFactoryIsUsed(): void
    {
        $container = Typo3Container::build($this->cacheDirectory, false);
        self::assertSame(RateLimiterFactory::class, get_class($container->get(RateLimiterFactory::class)));
    }

    public function testTheCommandAndTheStatusProviderAreRegistered(): void
    {
        $container = Typo3Container::load($this->cacheDirectory);
        $command = $container->findDefinition(ResetCommand::class);
        self::assertSame([['command' => 'login_ratelimit:reset', 'description' => ResetCommand::DESCRIPTION, 'schedulable' => false]], $command->getTag('console.command'));
        self::assertSame([[]], $container->findDefinition(LoginRateLimitStatus::class)->getTag('reports.status'));
    }

    public function testTheV14FactoryIsNeverLoaded(): void
    {
        Typo3Container::build($this->cacheDirectory);
        self::assertFalse(class_exists(\LoginRateLimit\Typo3\V14\NativeRateLimiterFactory::class, false));
    }
}
