<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\DependencyInjection;

use LoginRateLimit\Typo3\V14\NativeRateLimiterFactory;
use Symfony\Component\DependencyInjection\Compiler\CompilerPassInterface;
use Symfony\Component\DependencyInjection\ContainerBuilder;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactory;

/**
 * TYPO3 v14: named limiter services (backend and felogin password recovery, extensions' own) are
 * definitions of core's factory class with their own $config, injected as the interface without
 * going through its alias. This pass gives them the native factory, keeping their arguments.
 *
 * It must run before TYPO3's LoggerInterfacePass (priority 0), which hands a logger only to the
 * class a definition has when it runs, and before Symfony's RegisterAutoconfigureAttributesPass
 * (priority 100), which reads #[Autoconfigure] from that class.
 */
final class NamedLimiterPass implements CompilerPassInterface
{
    public const PRIORITY = 110;

    public function process(ContainerBuilder $container): void
    {
        foreach ($container->getDefinitions() as $id => $definition) {
            // Core's own service keeps core's class: code may ask for that concrete class.
            if ($id === RateLimiterFactory::class || $definition->isAbstract()
                || ltrim((string)$definition->getClass(), '\\') !== RateLimiterFactory::class
            ) {
                continue;
            }
            $definition->setClass(NativeRateLimiterFactory::class);
            // What core's #[Autoconfigure(public: true, shared: false)] gave them.
            $definition->setPublic(true);
            $definition->setShared(false);
        }
    }
}
