<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\Unit;

use LoginRateLimit\Typo3\Command\ResetCommand;
use LoginRateLimit\Typo3\Native;
use LoginRateLimit\Typo3\Tests\TestCase\Typo3TestCase;
use Symfony\Component\Console\Tester\CommandTester;
use Symfony\Component\RateLimiter\Policy\SlidingWindowLimiter;
use TYPO3\CMS\Core\Cache\CacheManager;
use TYPO3\CMS\Core\RateLimiter\Storage\CachingFrameworkStorage;

/** The command in this CLI process; unlocking a web server's table is in Integration. */
final class ResetCommandTest extends Typo3TestCase
{
    private CachingFrameworkStorage $storage;

    protected function setUp(): void
    {
        parent::setUp();
        $this->storage = new CachingFrameworkStorage(new CacheManager($this->cacheDirectory));
    }

    private function execute(array $input): CommandTester
    {
        $tester = new CommandTester(new ResetCommand($this->storage));
        $tester->execute($input);
        return $tester;
    }

    public function testTyposOwnStateIsClearedAndAnUnreachableTableIsSaid(): void
    {
        $limiterId = LOGIN_RATELIMIT_TYPO3_MAJOR === 13 ? sha1('typo3-login-BE') : 'login-be';
        $limiter = new SlidingWindowLimiter($limiterId . '-192.0.2.7', 1, new \DateInterval('PT15M'), $this->storage);
        $limiter->consume();
        self::assertFalse($limiter->consume()->isAccepted());

        $tester = $this->execute(['address' => '192.0.2.7']);
        self::assertTrue($limiter->consume()->isAccepted(), 'TYPO3\'s own state is gone');
        self::assertStringContainsString('Cleared TYPO3\'s own BE login limit state of 192.0.2.7', $tester->getDisplay());
        // This CLI has no extension, or an anonymous table of its own: not pretending.
        if (!Native::isLoaded() || \LoginRateLimit\LoginRateLimiter::stats()['backend'] !== 'shared-file') {
            self::assertSame(1, $tester->getStatusCode());
            self::assertStringContainsString('login_ratelimit.shm_path', $tester->getDisplay());
        }
    }

    public function testBadInputIsRefused(): void
    {
        $tester = $this->execute(['address' => '192.0.2.7', '--type' => 'XX']);
        self::assertSame(2, $tester->getStatusCode());
        self::assertStringContainsString('--type must be BE or FE', $tester->getDisplay());
        $tester = $this->execute(['address' => 'example.com']);
        self::assertSame(2, $tester->getStatusCode());
        self::assertStringContainsString('not an IPv4 or IPv6 address', $tester->getDisplay());
    }
}
