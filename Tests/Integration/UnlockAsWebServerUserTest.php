<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\Integration;

use LoginRateLimit\Typo3\Tests\TestCase\Typo3TestCase;

require_once dirname(__DIR__, 2) . '/php-tests/helpers.inc';

/**
 * login_ratelimit:reset against a web server whose master runs as root and whose worker runs as
 * another user, as php-fpm does: states are keyed with the worker's user, so the reset must act
 * as that user on the master's table file, and say what it did when it cannot.
 *
 * Every process runs from a copy of the package, the extension and these scripts that every
 * user can read: the worker switches users after starting, and loads classes after that.
 */
final class UnlockAsWebServerUserTest extends Typo3TestCase
{
    private const ADDRESS = '203.0.113.5';

    private static ?string $shared = null;
    private static string $extension;
    private string $table;

    public static function setUpBeforeClass(): void
    {
        if (self::skipReason() !== null) {
            return;
        }
        self::$shared = shared_temp_dir('typo3-unlock');
        $source = getenv('LOGIN_RATELIMIT_SO') ?: dirname(__DIR__, 2) . '/target/release/liblogin_ratelimit.so';
        self::$extension = self::$shared . '/login_ratelimit.so';
        copy($source, self::$extension);
        chmod(self::$extension, 0644);
        exec(sprintf(
            'cp -r %s %s %s && chmod -R a+rX %s',
            escapeshellarg(dirname(__DIR__, 2) . '/Classes'),
            escapeshellarg(dirname(__DIR__, 2) . '/Tests'),
            escapeshellarg(self::$shared),
            escapeshellarg(self::$shared)
        ));
    }

    public static function tearDownAfterClass(): void
    {
        if (self::$shared !== null) {
            exec('rm -rf ' . escapeshellarg(self::$shared));
            self::$shared = null;
        }
    }

    /** Why this test cannot run here, or null. */
    private static function skipReason(): ?string
    {
        if (!extension_loaded('login_ratelimit')) {
            return 'needs the login_ratelimit extension';
        }
        if (!function_exists('pcntl_fork') || !function_exists('posix_setuid')) {
            return 'needs pcntl and posix, to run a worker as another user';
        }
        if (posix_geteuid() !== 0) {
            return 'needs root, to run a web server\'s master as root and its worker as another user';
        }
        if (!is_array(posix_getpwnam('nobody'))) {
            return 'needs the user nobody, as the web server\'s worker';
        }
        return null;
    }

    protected function setUp(): void
    {
        parent::setUp();
        if (($reason = self::skipReason()) !== null) {
            self::markTestSkipped($reason);
        }
        $this->projectPath = self::$shared . '/site-' . bin2hex(random_bytes(4));
        mkdir($this->projectPath . '/var', 0755, true);
        $this->table = self::$shared . '/table-' . bin2hex(random_bytes(4));
    }

    protected function tearDown(): void
    {
        @unlink($this->table);
        if (isset($this->projectPath) && str_starts_with($this->projectPath, (string)self::$shared)) {
            exec('rm -rf ' . escapeshellarg($this->projectPath));
        }
        parent::tearDown();
    }

    /**
     * Runs site.php as a process of its own: by default as root on the table file (a php-fpm
     * master, or the CLI with -d login_ratelimit.shm_path); $ini overrides that, $prefix runs it
     * through setpriv. Returns [exit status, output].
     */
    private function site(array $arguments, ?array $ini = null, array $prefix = []): array
    {
        $ini ??= ['login_ratelimit.shm_path' => $this->table];
        $command = [...$prefix, PHP_BINARY, '-n', '-d', 'extension=' . self::$extension, '-d', 'extension=posix',
            '-d', 'error_log=/dev/null', '-d', 'login_ratelimit.shm_size=1M'];
        foreach ($ini as $name => $value) {
            array_push($command, '-d', "$name=$value");
        }
        array_push($command, self::$shared . '/Tests/Integration/Scripts/site.php', $this->projectPath, ...$arguments);
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, ['TYPO3_MAJOR' => (string)LOGIN_RATELIMIT_TYPO3_MAJOR]);
        $output = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
        return [proc_close($process), $output];
    }

    /** How many of $count attempts a worker running as $user gets accepted. */
    private function attempts(int $count, string $user = 'nobody', array $prefix = [], ?array $ini = null): string
    {
        [$status, $output] = $this->site(['attempts', (string)$count, self::ADDRESS, ...($prefix === [] ? [$user] : [])], $ini, $prefix);
        self::assertSame(0, $status, $output);
        return trim($output);
    }

    public function testRootUnlocksTheStatesOfTheUserItNamesAndOfNoOther(): void
    {
        self::assertSame('5', $this->attempts(6), 'the worker is locked out after 5 attempts');

        // var/ belongs to root: nothing tells which user the web server's PHP runs as.
        [$status, $output] = $this->site(['reset', self::ADDRESS]);
        self::assertSame(1, $status, $output);
        self::assertStringContainsString('Not unlocked: this command runs as root', $output);
        self::assertStringContainsString('--user', $output);
        self::assertStringNotContainsString('Unlocked', $output);

        // Root's own states are not the worker's: said so, and nothing changes for the worker.
        [$status, $output] = $this->site(['reset', self::ADDRESS, '--user=root']);
        self::assertSame(0, $status, $output);
        self::assertStringContainsString('Nothing to unlock: no BE login attempts from 203.0.113.5 are counted in the table file ' . $this->table, $output);
        self::assertStringContainsString('Acted as root (uid 0): given with --user.', $output);
        self::assertStringNotContainsString('Unlocked', $output);
        self::assertSame('0', $this->attempts(1), 'still locked out');

        [$status, $output] = $this->site(['reset', self::ADDRESS, '--user=nobody']);
        self::assertSame(0, $status, $output);
        self::assertStringContainsString('Unlocked BE logins from 203.0.113.5 in the table file ' . $this->table . ': it was locked (5 attempts counted).', $output);
        $nobody = posix_getpwnam('nobody')['uid'];
        self::assertStringContainsString("Acted as nobody (uid $nobody), in a child process of this root process: given with --user.", $output);
        self::assertSame('1', $this->attempts(1), 'the worker is let in again');
    }

    public function testWithoutUserRootActsAsTheOwnerOfVar(): void
    {
        chown($this->projectPath . '/var', 'nobody');
        self::assertSame('5', $this->attempts(6));
        [$status, $output] = $this->site(['reset', self::ADDRESS, '--type=BE']);
        self::assertSame(0, $status, $output);
        self::assertStringContainsString('Unlocked BE logins from 203.0.113.5', $output);
        self::assertStringContainsString('the owner of ' . $this->projectPath . '/var, which the web server writes', $output);
        self::assertSame('5', $this->attempts(6));
    }

    public function testACliOnATableOfItsOwnNamesTheCommandThatReachesTheServersTable(): void
    {
        // A server's default table file, of a master running as a user of this test's own.
        $uid = own_uid();
        $serverFile = "/dev/shm/login_ratelimit.$uid";
        touch($serverFile);
        chown($serverFile, $uid);
        try {
            [$status, $output] = $this->site(['reset', self::ADDRESS, '--type=FE'], []);
        } finally {
            unlink($serverFile);
        }
        self::assertSame(1, $status, $output);
        self::assertStringContainsString("Not unlocked: no web server uses the table of this CLI process.\nThis PHP keeps its table in anonymous memory of its own", $output);
        self::assertStringContainsString("  $serverFile (uid $uid; a master running as that user)", $output);
        self::assertStringContainsString(sprintf(
            "    sudo -u '#%d' %s -d login_ratelimit.shm_path=%s vendor/bin/typo3 login_ratelimit:reset 203.0.113.5 --type=FE\n",
            $uid,
            PHP_BINARY,
            $serverFile
        ), $output);
    }

    public function testTheWebServersUserActsAsItselfOnItsMastersTableFile(): void
    {
        if (($reason = other_user_skip_reason()) !== null) {
            self::markTestSkipped($reason);
        }
        // A master running as $uid keeps its table in a file of its own, which root refuses.
        $uid = own_uid();
        $directory = self::$shared . '/of-' . $uid;
        mkdir($directory, 0700);
        chown($directory, $uid);
        $ini = ['login_ratelimit.shm_path' => $this->table = "$directory/table"];
        exec(sprintf('chown -R %d %s', $uid, escapeshellarg($this->projectPath)));
        $asUser = explode(' ', as_uid($uid));
        try {
            self::assertSame('5', $this->attempts(6, '', $asUser, $ini));

            [$status, $output] = $this->site(['reset', self::ADDRESS, '--user=nobody'], $ini, $asUser);
            self::assertSame(1, $status, $output);
            self::assertStringContainsString("only root can act as another user: this command runs as uid $uid", $output);

            [$status, $output] = $this->site(['reset', self::ADDRESS], $ini);
            self::assertSame(1, $status, $output);
            self::assertStringContainsString('was refused at startup', $output);
            self::assertStringNotContainsString('Unlocked', $output);

            [$status, $output] = $this->site(['reset', self::ADDRESS], $ini, $asUser);
            self::assertSame(0, $status, $output);
            self::assertStringContainsString('Unlocked BE logins from 203.0.113.5', $output);
            self::assertStringContainsString("Acted as uid $uid: the user this command runs as.", $output);
            self::assertSame('5', $this->attempts(6, '', $asUser, $ini));
        } finally {
            exec('rm -rf ' . escapeshellarg($directory));
        }
    }
}
