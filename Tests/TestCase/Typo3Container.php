<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\TestCase;

use Symfony\Component\Config\FileLocator;
use Symfony\Component\DependencyInjection\ContainerBuilder;
use Symfony\Component\DependencyInjection\Loader\PhpFileLoader;
use TYPO3\CMS\Core\DependencyInjection\LoggerInterfacePass;
use TYPO3\CMS\Core\Utility\GeneralUtility;

/**
 * Builds the container as TYPO3 does: the framework packages' service configuration first (here
 * the stand-ins of this major), then each extension's Configuration/Services.php, then TYPO3's
 * own compiler passes, then compile.
 */
final class Typo3Container
{
    public static function build(string $cacheDirectory, bool $withPackage = true): ContainerBuilder
    {
        $builder = self::load($cacheDirectory, $withPackage);
        $builder->compile();
        GeneralUtility::setContainer($builder);
        return $builder;
    }

    /** The configuration loaded and TYPO3's passes added, not compiled yet. */
    public static function load(string $cacheDirectory, bool $withPackage = true): ContainerBuilder
    {
        $builder = new ContainerBuilder();
        $builder->setParameter('typo3.cache_dir', $cacheDirectory);
        $major = LOGIN_RATELIMIT_TYPO3_MAJOR;
        $configurations = [dirname(__DIR__) . "/Fixtures/v$major/Configuration"];
        if ($withPackage) {
            $configurations[] = dirname(__DIR__, 2) . '/Configuration';
        }
        foreach ($configurations as $directory) {
            (new PhpFileLoader($builder, new FileLocator($directory)))->load('Services.php');
        }
        $builder->addCompilerPass(new LoggerInterfacePass());
        return $builder;
    }
}
