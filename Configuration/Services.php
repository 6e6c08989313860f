<?php

declare(strict_types=1);

use LoginRateLimit\Typo3\Command\ResetCommand;
use LoginRateLimit\Typo3\DependencyInjection\NamedLimiterPass;
use LoginRateLimit\Typo3\Report\LoginRateLimitStatus;
use Symfony\Component\DependencyInjection\Compiler\PassConfig;
use Symfony\Component\DependencyInjection\ContainerBuilder;
use Symfony\Component\DependencyInjection\Loader\Configurator\ContainerConfigurator;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactory;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactoryInterface;
use TYPO3\CMS\Reports\StatusProviderInterface;

// Every class is registered by name. A resource scan of Classes/ would load the v13 factory under
// v14, where extending core's readonly factory is a fatal error that takes the container down.
return static function (ContainerConfigurator $container, ContainerBuilder $containerBuilder): void {
    $services = $container->services();
    $services->defaults()->autowire()->autoconfigure()->private();

    if (interface_exists(RateLimiterFactoryInterface::class)) {
        // v14: the middlewares, Extbase and extensions ask for the interface.
        $services->set(LoginRateLimit\Typo3\V14\NativeRateLimiterFactory::class)->public()->share(false);
        $services->alias(RateLimiterFactoryInterface::class, LoginRateLimit\Typo3\V14\NativeRateLimiterFactory::class)
            ->public();
        $containerBuilder->addCompilerPass(new NamedLimiterPass(), PassConfig::TYPE_BEFORE_OPTIMIZATION, NamedLimiterPass::PRIORITY);
    } else {
        // v13: the middlewares ask for core's concrete class; makeInstance() needs it public.
        $services->set(RateLimiterFactory::class, LoginRateLimit\Typo3\V13\NativeRateLimiterFactory::class)
            ->public()->share(false);
    }

    $services->set(ResetCommand::class)->tag('console.command', [
        'command' => ResetCommand::NAME,
        'description' => ResetCommand::DESCRIPTION,
        'schedulable' => false,
    ]);

    // EXT:reports is optional: without it, its interface does not exist. Tagged here rather than
    // by autoconfiguration, so that it is listed once whichever way EXT:reports tags providers.
    if (interface_exists(StatusProviderInterface::class)) {
        $services->set(LoginRateLimitStatus::class)->autoconfigure(false)->tag('reports.status');
    }
};
