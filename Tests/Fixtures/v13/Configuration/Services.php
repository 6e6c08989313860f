<?php

declare(strict_types=1);

// Test stand-in of the service configuration of TYPO3 v13.4's core, backend and frontend, as far
// as login rate limiting goes. v13's password recovery services are Symfony's own factory.

use Psr\EventDispatcher\EventDispatcherInterface;
use Symfony\Component\DependencyInjection\Loader\Configurator\ContainerConfigurator;
use TYPO3\CMS\Backend\Middleware\BackendUserAuthenticator;
use TYPO3\CMS\Core\Cache\CacheManager;
use TYPO3\CMS\Core\Context\Context;
use TYPO3\CMS\Core\EventDispatcher\EventDispatcher;
use TYPO3\CMS\Core\Localization\LanguageServiceFactory;
use TYPO3\CMS\Core\Log\LogManager;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactory;
use TYPO3\CMS\Core\RateLimiter\Storage\CachingFrameworkStorage;
use TYPO3\CMS\Frontend\Middleware\FrontendUserAuthenticator;

return static function (ContainerConfigurator $container): void {
    $services = $container->services();
    $services->defaults()->autowire()->autoconfigure()->private();
    $services->set(Context::class)->public();
    $services->set(LanguageServiceFactory::class);
    $services->set(LogManager::class)->public();
    $services->set(EventDispatcherInterface::class, EventDispatcher::class);
    $services->set(CacheManager::class)->arg('$directory', '%typo3.cache_dir%')->public();
    $services->set(CachingFrameworkStorage::class)->public();
    // Made public and not shared by the class's #[Autoconfigure].
    $services->set(RateLimiterFactory::class);
    $services->set(BackendUserAuthenticator::class)->public();
    $services->set(FrontendUserAuthenticator::class)->public();
};
