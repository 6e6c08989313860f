<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\Unit;

use LoginRateLimit\Typo3\Unlock\CommandLine;
use LoginRateLimit\Typo3\Unlock\User;
use PHPUnit\Framework\TestCase;

final class CommandLineTest extends TestCase
{
    private const ROOT = [0, 0, 'root'];
    private const WWW = [33, 33, 'www-data'];

    private static function user(array $fields): User
    {
        return new User(...$fields);
    }

    public function testRootsFileTakesRootActingAsThePoolsUser(): void
    {
        $line = new CommandLine('php', 'vendor/bin/typo3');
        $root = self::user(self::ROOT);
        self::assertSame(
            'sudo php -d login_ratelimit.shm_path=/dev/shm/login_ratelimit.0 vendor/bin/typo3 login_ratelimit:reset 203.0.113.5 --user=www-data',
            $line->forTable('/dev/shm/login_ratelimit.0', $root, self::user(self::WWW), '203.0.113.5', 'BE', 33)
        );
        self::assertSame(
            'php -d login_ratelimit.shm_path=/dev/shm/login_ratelimit.0 vendor/bin/typo3 login_ratelimit:reset 2001:db8::1 --type=FE --user=1234',
            $line->forTable('/dev/shm/login_ratelimit.0', $root, new User(1234, 1234, ''), '2001:db8::1', 'FE', 0),
            'no sudo for root, and a user id without an account by its number'
        );
        self::assertStringEndsWith(
            " --user=<the web server's PHP user>",
            $line->forTable('/dev/shm/login_ratelimit.0', $root, null, '203.0.113.5', 'BE', 0)
        );
    }

    public function testAnotherUsersFileTakesThatUserActingAsItself(): void
    {
        $line = new CommandLine('/usr/bin/php8.2', '/srv/my site/vendor/bin/typo3');
        self::assertSame(
            "sudo -u www-data /usr/bin/php8.2 -d extension=posix -d login_ratelimit.shm_path=/dev/shm/login_ratelimit.33 '/srv/my site/vendor/bin/typo3' login_ratelimit:reset 203.0.113.5",
            $line->forTable('/dev/shm/login_ratelimit.33', self::user(self::WWW), self::user(self::WWW), '203.0.113.5', 'BE', 0, ['-d', 'extension=posix'])
        );
        self::assertSame(
            "sudo -u '#1234' /usr/bin/php8.2 -d login_ratelimit.shm_path=/dev/shm/login_ratelimit.1234 '/srv/my site/vendor/bin/typo3' login_ratelimit:reset 203.0.113.5",
            $line->forTable('/dev/shm/login_ratelimit.1234', new User(1234, 1234, ''), null, '203.0.113.5', 'BE', 0)
        );
        self::assertStringStartsWith(
            "/usr/bin/php8.2 -d 'login_ratelimit.shm_path=/srv/tables/login ratelimit' ",
            $line->forTable('/srv/tables/login ratelimit', self::user(self::WWW), null, '203.0.113.5', 'BE', 33),
            'no sudo for the owner itself'
        );
    }
}
