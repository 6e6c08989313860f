<?php

declare(strict_types=1);

// PHPUnit bootstrap: Debian's autoloaders for Symfony and PSR, this package's classes, and the
// stand-ins of the TYPO3 major in TYPO3_MAJOR (13 or 14): one process runs one major, as the two
// define the same classes differently.

$major = getenv('TYPO3_MAJOR') ?: '14';
if (!in_array($major, ['13', '14'], true)) {
    fwrite(STDERR, "TYPO3_MAJOR must be 13 or 14, not $major\n");
    exit(1);
}
define('LOGIN_RATELIMIT_TYPO3_MAJOR', (int)$major);

foreach ([
    'Symfony/Component/RateLimiter/autoload.php',
    'Symfony/Component/DependencyInjection/autoload.php',
    'Symfony/Component/Config/autoload.php',
    'Symfony/Component/Console/autoload.php',
    'Psr/Log/autoload.php',
    'Psr/Container/autoload.php',
    'Psr/Http/Message/autoload.php',
    'Nyholm/Psr7/autoload.php',
] as $autoloader) {
    require_once '/usr/share/php/' . $autoloader;
}

spl_autoload_register(static function (string $class) use ($major): void {
    $roots = [
        'LoginRateLimit\\Typo3\\Tests\\' => [__DIR__ . '/'],
        'LoginRateLimit\\Typo3\\' => [dirname(__DIR__) . '/Classes/'],
        '' => [__DIR__ . "/Fixtures/v$major/", __DIR__ . '/Fixtures/common/'],
    ];
    foreach ($roots as $prefix => $directories) {
        if ($prefix !== '' && !str_starts_with($class, $prefix)) {
            continue;
        }
        $relative = str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        foreach ($directories as $directory) {
            if (is_file($directory . $relative)) {
                require $directory . $relative;
                return;
            }
        }
        return;
    }
});
