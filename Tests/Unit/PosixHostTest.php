<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\Unit;

use LoginRateLimit\Typo3\Unlock\PosixHost;
use LoginRateLimit\Typo3\Unlock\User;
use PHPUnit\Framework\TestCase;

/** The real system's answers: this process's user, table files in a directory, a child as a user. */
final class PosixHostTest extends TestCase
{
    private string $directory;

    protected function setUp(): void
    {
        $this->directory = sys_get_temp_dir() . '/login-ratelimit-host-' . bin2hex(random_bytes(6));
        mkdir($this->directory, 0700);
    }

    protected function tearDown(): void
    {
        exec('rm -rf ' . escapeshellarg($this->directory));
    }

    public function testUsersAreTheSystems(): void
    {
        $host = new PosixHost();
        self::assertSame(posix_geteuid(), $host->effectiveUid());
        self::assertEquals(new User(0, 0, 'root'), $host->userByName('root'));
        self::assertEquals(new User(0, 0, 'root'), $host->userById(0));
        self::assertNull($host->userByName('no-such-user-' . getmypid()));
        self::assertSame([], $host->missingForSwitchingUsers(), 'PHPUnit runs with pcntl and posix');
    }

    public function testTableFilesAreRegularFilesNamedLikeTheDefaultOnes(): void
    {
        foreach (['login_ratelimit.0', 'login_ratelimit.33', 'login_ratelimit', 'login_ratelimit.shop', 'other', 'login_ratelimit.0.tmp~'] as $name) {
            touch("$this->directory/$name");
        }
        mkdir("$this->directory/login_ratelimit.d");
        symlink("$this->directory/login_ratelimit.0", "$this->directory/login_ratelimit.9");
        $me = posix_geteuid();
        self::assertSame([
            "$this->directory/login_ratelimit" => $me,
            "$this->directory/login_ratelimit.0" => $me,
            "$this->directory/login_ratelimit.33" => $me,
            "$this->directory/login_ratelimit.shop" => $me,
        ], (new PosixHost($this->directory))->tableFiles());
        self::assertSame([], (new PosixHost($this->directory . '/none'))->tableFiles());
    }

    public function testAChildActsAsTheUserAndAnswers(): void
    {
        $host = new PosixHost();
        $me = $host->userById(posix_geteuid()) ?? new User(posix_geteuid(), posix_getegid(), '');
        $as = posix_geteuid() === 0 && is_array(posix_getpwnam('nobody')) ? $host->userByName('nobody') : $me;
        $parent = getmypid();
        $answer = $host->runAs($as, static fn (): array => ['uid' => posix_geteuid(), 'gid' => posix_getegid(), 'child' => getmypid() !== $parent]);
        self::assertSame(['uid' => $as->uid, 'gid' => $as->gid, 'child' => true], $answer);
        self::assertSame($me->uid, posix_geteuid(), 'this process keeps its user');

        try {
            $host->runAs($as, static fn (): array => throw new \InvalidArgumentException('no such address'));
            self::fail('the child\'s exception is the parent\'s');
        } catch (\RuntimeException $e) {
            self::assertSame('no such address', $e->getMessage());
        }
    }
}
