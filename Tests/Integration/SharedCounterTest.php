<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\Integration;

use LoginRateLimit\Typo3\Tests\TestCase\Typo3TestCase;

/**
 * Processes using the package share one counter per client: the workers of one PHP master, and
 * separate processes on a table file (as php-fpm and the CLI do with login_ratelimit.shm_path).
 */
final class SharedCounterTest extends Typo3TestCase
{
    private string $table;

    protected function setUp(): void
    {
        parent::setUp();
        self::requireNative();
        $this->table = sys_get_temp_dir() . '/login-ratelimit-typo3-table-' . bin2hex(random_bytes(6));
        mkdir($this->projectPath = $this->cacheDirectory . '-site', 0700, true);
    }

    protected function tearDown(): void
    {
        @unlink($this->table);
        exec('rm -rf ' . escapeshellarg($this->projectPath));
        parent::tearDown();
    }

    /** Runs site.php in a PHP process of its own on the table file. */
    private function site(string ...$arguments): array
    {
        $extension = getenv('LOGIN_RATELIMIT_SO') ?: dirname(__DIR__, 2) . '/target/release/liblogin_ratelimit.so';
        $command = [PHP_BINARY, '-n', '-d', "extension=$extension", '-d', 'extension=posix', '-d', 'error_log=/dev/null',
            '-d', "login_ratelimit.shm_path=$this->table", '-d', 'login_ratelimit.shm_size=1M',
            __DIR__ . '/Scripts/site.php', $this->projectPath, ...$arguments];
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, ['TYPO3_MAJOR' => (string)LOGIN_RATELIMIT_TYPO3_MAJOR]);
        return [$process, $pipes];
    }

    private static function finish(array $started): array
    {
        [$process, $pipes] = $started;
        $output = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
        return [proc_close($process), $output];
    }

    public function testForkedWorkersGetExactlyTheLimitBetweenThem(): void
    {
        $GLOBALS['TYPO3_CONF_VARS']['BE']['loginRateLimit'] = 7;
        $results = tempnam(sys_get_temp_dir(), 'workers');
        $children = [];
        for ($worker = 0; $worker < 4; $worker++) {
            $pid = pcntl_fork();
            if ($pid === 0) {
                $accepted = 0;
                for ($i = 0; $i < 25; $i++) {
                    $accepted += $this->loginLimiter()->consume()->isAccepted() ? 1 : 0;
                }
                file_put_contents($results, "$accepted\n", FILE_APPEND | LOCK_EX);
                posix_kill(getmypid(), SIGKILL); // leave PHPUnit's shutdown to the parent
            }
            $children[] = $pid;
        }
        foreach ($children as $pid) {
            pcntl_waitpid($pid, $status);
        }
        $counts = array_map('intval', file($results));
        unlink($results);
        self::assertCount(4, $counts);
        self::assertSame(7, array_sum($counts));
        self::assertFalse($this->loginLimiter()->consume()->isAccepted());
    }

    private function loginLimiter(): \Symfony\Component\RateLimiter\LimiterInterface
    {
        $request = $this->request('203.0.113.50');
        return LOGIN_RATELIMIT_TYPO3_MAJOR === 13
            ? (new \LoginRateLimit\Typo3\V13\NativeRateLimiterFactory())->createLoginRateLimiter(new \TYPO3\CMS\Core\Authentication\BackendUserAuthentication(), $request)
            : (new \LoginRateLimit\Typo3\V14\NativeRateLimiterFactory(new \TYPO3\CMS\Core\RateLimiter\Storage\CachingFrameworkStorage(new \TYPO3\CMS\Core\Cache\CacheManager($this->cacheDirectory))))->createLoginRateLimiter($request, 'BE');
    }

    public function testSeparateProcessesShareTheCounterAndTheCliUnlocksAClient(): void
    {
        // Two processes at once, 6 attempts each, limit 5: exactly 5 accepted between them.
        $first = $this->site('attempts', '6', '198.51.100.77');
        $second = $this->site('attempts', '6', '198.51.100.77');
        [$status1, $out1] = self::finish($first);
        [$status2, $out2] = self::finish($second);
        self::assertSame([0, 0], [$status1, $status2], $out1 . $out2);
        self::assertSame(5, (int)$out1 + (int)$out2, $out1 . $out2);
        self::assertSame([0, "0\n"], self::finish($this->site('attempts', '1', '198.51.100.77')));

        // As the user the attempts were made as: this test's.
        [$status, $output] = self::finish($this->site('reset', '198.51.100.77', '--user=' . posix_geteuid()));
        self::assertSame(0, $status, $output);
        self::assertStringContainsString('Unlocked BE logins from 198.51.100.77', $output);
        self::assertSame([0, "5\n"], self::finish($this->site('attempts', '6', '198.51.100.77')));
    }
}
