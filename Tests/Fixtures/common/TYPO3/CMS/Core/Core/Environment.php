<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: only what the tests need, with initialize()'s signature.

namespace TYPO3\CMS\Core\Core;

class Environment
{
    protected static bool $cli;
    protected static bool $composerMode;
    protected static ApplicationContext $context;
    protected static string $projectPath;
    protected static string $publicPath;
    protected static string $currentScript;
    protected static string $os;
    protected static string $varPath;
    protected static string $configPath;

    public static function initialize(
        ApplicationContext $context,
        bool $cli,
        bool $composerMode,
        string $projectPath,
        string $publicPath,
        string $varPath,
        string $configPath,
        string $currentScript,
        string $os
    ): void {
        self::$cli = $cli;
        self::$composerMode = $composerMode;
        self::$context = $context;
        self::$projectPath = $projectPath;
        self::$publicPath = $publicPath;
        self::$varPath = $varPath;
        self::$configPath = $configPath;
        self::$currentScript = $currentScript;
        self::$os = $os;
    }

    public static function getProjectPath(): string
    {
        return self::$projectPath;
    }

    public static function getPublicPath(): string
    {
        return self::$publicPath;
    }

    public static function getVarPath(): string
    {
        return self::$varPath;
    }

    public static function isComposerMode(): bool
    {
        return self::$composerMode;
    }

    public static function getCurrentScript(): string
    {
        return self::$currentScript;
    }

    public static function isCli(): bool
    {
        return self::$cli;
    }
}
