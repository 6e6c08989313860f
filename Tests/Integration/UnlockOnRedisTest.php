<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\Integration;

use LoginRateLimit\Typo3\Tests\TestCase\Typo3TestCase;

require_once dirname(__DIR__, 2) . '/php-tests/redis.inc';

/**
 * login_ratelimit:reset on a web server that keeps its states in Redis: from any user and any
 * process with the same redis_url, and never "unlocked" when Redis did not take the reset.
 */
final class UnlockOnRedisTest extends Typo3TestCase
{
    private const ADDRESS = '198.51.100.23';

    /** @var resource|null */
    private $redis = null;
    private string $directory;
    private int $port;

    protected function setUp(): void
    {
        parent::setUp();
        self::requireNative();
        if (($reason = redis_skip_reason()) !== null) {
            self::markTestSkipped($reason);
        }
        $this->directory = $this->cacheDirectory . '-redis';
        mkdir($this->projectPath = $this->directory . '/site', 0700, true);
        $this->port = redis_port();
        $this->redis = redis_start($this->directory, $this->port);
    }

    protected function tearDown(): void
    {
        redis_stop($this->redis);
        exec('rm -rf ' . escapeshellarg($this->directory));
        parent::tearDown();
    }

    /** Runs site.php in a PHP process of its own on the Redis; returns [exit status, output]. */
    private function site(string ...$arguments): array
    {
        $extension = getenv('LOGIN_RATELIMIT_SO') ?: dirname(__DIR__, 2) . '/target/release/liblogin_ratelimit.so';
        $command = [PHP_BINARY, '-n', '-d', "extension=$extension", '-d', 'extension=posix', '-d', 'error_log=/dev/null',
            '-d', "login_ratelimit.redis_url=redis://127.0.0.1:$this->port", '-d', 'login_ratelimit.shm_size=1M',
            __DIR__ . '/Scripts/site.php', $this->projectPath, ...$arguments];
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, ['TYPO3_MAJOR' => (string)LOGIN_RATELIMIT_TYPO3_MAJOR]);
        $output = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
        return [proc_close($process), $output];
    }

    public function testAnyProcessUnlocksInRedisAndNeverClaimsItWhenRedisIsDown(): void
    {
        self::assertSame([0, "5\n"], $this->site('attempts', '6', self::ADDRESS));
        self::assertSame([0, "0\n"], $this->site('attempts', '1', self::ADDRESS));

        [$status, $output] = $this->site('reset', self::ADDRESS);
        self::assertSame(0, $status, $output);
        self::assertStringContainsString("Unlocked BE logins from 198.51.100.23 in Redis at redis://127.0.0.1:$this->port/0: it was locked (5 attempts counted).", $output);
        self::assertStringContainsString('Redis keys hold no user id', $output);
        self::assertSame([0, "5\n"], $this->site('attempts', '6', self::ADDRESS));

        redis_stop($this->redis);
        $this->redis = null;
        [$status, $output] = $this->site('reset', self::ADDRESS);
        self::assertSame(1, $status, $output);
        self::assertStringContainsString("Not unlocked: Redis at redis://127.0.0.1:$this->port/0 did not answer (", $output);
        self::assertStringNotContainsString('Unlocked', $output);
    }
}
