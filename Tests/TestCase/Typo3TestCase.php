<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\TestCase;

use LoginRateLimit\TestClock;
use LoginRateLimit\Typo3\Native;
use Nyholm\Psr7\ServerRequest;
use PHPUnit\Framework\TestCase;
use Psr\Http\Message\ServerRequestInterface;
use TYPO3\CMS\Core\Authentication\AbstractUserAuthentication;
use TYPO3\CMS\Core\Core\ApplicationContext;
use TYPO3\CMS\Core\Core\Environment;
use TYPO3\CMS\Core\Http\NormalizedParams;
use TYPO3\CMS\Core\Log\LogManager;
use TYPO3\CMS\Core\Utility\GeneralUtility;

/**
 * A TYPO3 installation of its own for every test: TYPO3's default configuration, a project path
 * (and so a state namespace) no other test shares, and a fresh caching framework directory.
 */
abstract class Typo3TestCase extends TestCase
{
    protected string $projectPath;
    protected string $cacheDirectory;

    protected function setUp(): void
    {
        parent::setUp();
        $this->projectPath = '/srv/typo3-test-' . bin2hex(random_bytes(6));
        $this->initializeInstallation($this->projectPath);
        $this->cacheDirectory = sys_get_temp_dir() . '/login-ratelimit-typo3-' . bin2hex(random_bytes(6));
        $GLOBALS['TYPO3_CONF_VARS'] = [
            'BE' => ['loginRateLimit' => 5, 'loginRateLimitInterval' => '15 minutes', 'loginRateLimitIpExcludeList' => ''],
            'FE' => ['loginRateLimit' => 10, 'loginRateLimitInterval' => '15 minutes', 'loginRateLimitIpExcludeList' => ''],
            'SYS' => [
                'ddmmyy' => 'd-m-y',
                'hhmm' => 'H:i',
                'reverseProxyIP' => '',
                'reverseProxyHeaderMultiValue' => 'none',
                'rateLimiter' => [],
            ],
        ];
        AbstractUserAuthentication::$accounts = ['admin' => 'correct horse battery staple'];
        LogManager::$records = [];
        Native::forgetWarnings();
    }

    protected function tearDown(): void
    {
        GeneralUtility::resetContainer();
        if (is_dir($this->cacheDirectory)) {
            exec('rm -rf ' . escapeshellarg($this->cacheDirectory));
        }
        unset($GLOBALS['TYPO3_CONF_VARS'], $GLOBALS['BE_USER']);
        parent::tearDown();
    }

    protected function initializeInstallation(string $projectPath): void
    {
        Environment::initialize(
            new ApplicationContext('Testing'),
            true,
            true,
            $projectPath,
            $projectPath . '/public',
            $projectPath . '/var',
            $projectPath . '/config',
            $projectPath . '/public/index.php',
            'UNIX'
        );
    }

    /** A request as TYPO3's NormalizedParamsAttribute middleware passes it on. */
    protected function request(string $remoteAddress, array $parsedBody = [], array $serverParams = []): ServerRequestInterface
    {
        $serverParams += ['REMOTE_ADDR' => $remoteAddress];
        $request = (new ServerRequest('POST', 'https://example.com/typo3/login', [], null, '1.1', $serverParams))
            ->withParsedBody($parsedBody);
        return $request->withAttribute('normalizedParams', NormalizedParams::createFromRequest($request));
    }

    protected static function requireNative(): void
    {
        if (!Native::isLoaded()) {
            self::markTestSkipped('needs the login_ratelimit extension');
        }
    }

    protected static function requireFallback(): void
    {
        if (Native::isLoaded()) {
            self::markTestSkipped('tests TYPO3\'s own limiter, used without the login_ratelimit extension');
        }
    }

    /** The native clock (login_ratelimit.test_clock=1), or the wall clock without the extension. */
    protected static function now(): float
    {
        return Native::isLoaded() && ini_get('login_ratelimit.test_clock') === '1' ? TestClock::now() : microtime(true);
    }

    protected static function advance(float $seconds): void
    {
        if (!Native::isLoaded() || ini_get('login_ratelimit.test_clock') !== '1') {
            self::markTestSkipped('moving time needs login_ratelimit.test_clock=1');
        }
        TestClock::advance($seconds);
    }
}
