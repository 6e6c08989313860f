<?php

declare(strict_types=1);

// Test stand-in of the service configuration of TYPO3 v14's core, backend, frontend, felogin and
// extbase, as far as rate limiting goes: core's factory, its interface alias, and the named
// password recovery factories with their own $config.

use Psr\EventDispatcher\EventDispatcherInterface;
use Symfony\Component\DependencyInjection\Loader\Configurator\ContainerConfigurator;
use TYPO3\CMS\Backend\Middleware\BackendUserAuthenticator;
use TYPO3\CMS\Core\Cache\CacheManager;
use TYPO3\CMS\Core\Context\Context;
use TYPO3\CMS\Core\EventDispatcher\EventDispatcher;
use TYPO3\CMS\Core\Localization\LanguageServiceFactory;
use TYPO3\CMS\Core\Log\LogManager;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactory;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactoryInterface;
use TYPO3\CMS\Core\RateLimiter\Storage\CachingFrameworkStorage;
use TYPO3\CMS\Extbase\Service\RateLimitService;
use TYPO3\CMS\Frontend\Middleware\FrontendUserAuthenticator;

use function Symfony\Component\DependencyInjection\Loader\Configurator\service;

return static function (ContainerConfigurator $container): void {
    $services = $container->services();
    $services->defaults()->autowire()->autoconfigure()->private();
    $services->set(Context::class)->public();
    $services->set(LanguageServiceFactory::class);
    $services->set(LogManager::class)->public();
    $services->set(EventDispatcherInterface::class, EventDispatcher::class);
    $services->set(CacheManager::class)->arg('$directory', '%typo3.cache_dir%')->public();
    $services->set(CachingFrameworkStorage::class)->public();
    // Core: made public and not shared by the class's #[Autoconfigure]; the alias is public.
    $services->set(RateLimiterFactory::class);
    $services->alias(RateLimiterFactoryInterface::class, RateLimiterFactory::class)->public();
    $services->set(BackendUserAuthenticator::class)->public();
    $services->set(FrontendUserAuthenticator::class)->public();
    $services->set(RateLimitService::class)->public();

    // EXT:backend and EXT:felogin: named factories of core's class, each with its own $config.
    $services->set('backendPasswordRecovery.rateLimiterFactory', RateLimiterFactory::class)->arg('$config', [
        'id' => 'backend-password-recovery',
        'policy' => 'sliding_window',
        'limit' => 3,
        'interval' => '30 minutes',
    ]);
    $services->set('feloginPasswordRecovery.rateLimiterFactory', RateLimiterFactory::class)->arg('$config', [
        'id' => 'felogin-password-recovery',
        'policy' => 'sliding_window',
        'limit' => 5,
        'interval' => '15 minutes',
    ]);
    $services->set('test.passwordRecovery', LoginRateLimit\Typo3\Tests\Fixtures\PasswordRecovery::class)
        ->arg('$rateLimiterFactory', service('feloginPasswordRecovery.rateLimiterFactory'))->public();
};
