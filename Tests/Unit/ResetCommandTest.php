<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\Unit;

use LoginRateLimit\Typo3\Command\ResetCommand;
use LoginRateLimit\Typo3\Native;
use LoginRateLimit\Typo3\Tests\TestCase\HostStandIn;
use LoginRateLimit\Typo3\Tests\TestCase\TableStandIn;
use LoginRateLimit\Typo3\Tests\TestCase\Typo3Container;
use LoginRateLimit\Typo3\Tests\TestCase\Typo3TestCase;
use LoginRateLimit\Typo3\Unlock\Outcome;
use Symfony\Component\Console\Tester\CommandTester;
use Symfony\Component\RateLimiter\Policy\SlidingWindowLimiter;
use TYPO3\CMS\Core\Cache\CacheManager;
use TYPO3\CMS\Core\Core\Environment;
use TYPO3\CMS\Core\RateLimiter\Storage\CachingFrameworkStorage;

/**
 * The command's decisions (whose states, which table, what it says) with stand-ins for the
 * system and the table; on real processes and a real table file, see Integration.
 */
final class ResetCommandTest extends Typo3TestCase
{
    private const ROOTS_TABLE = '/dev/shm/login_ratelimit.0';

    private CachingFrameworkStorage $storage;
    private HostStandIn $host;
    private TableStandIn $table;

    protected function setUp(): void
    {
        parent::setUp();
        $this->storage = new CachingFrameworkStorage(new CacheManager($this->cacheDirectory));
        $this->host = new HostStandIn();
        $this->table = new TableStandIn($this->host);
        $this->host->tableFiles = [self::ROOTS_TABLE => 0];
    }

    private function execute(array $input, bool $standIns = true): CommandTester
    {
        $command = $standIns ? new ResetCommand($this->storage, $this->host, $this->table) : new ResetCommand($this->storage);
        $tester = new CommandTester($command);
        $tester->execute($input);
        return $tester;
    }

    /** The command line the output names, for this PHP. */
    private static function command(string $rest): string
    {
        return PHP_BINARY . ' ' . $rest;
    }

    public function testTyposOwnStateIsClearedAndAnUnreachableTableIsSaid(): void
    {
        $limiterId = LOGIN_RATELIMIT_TYPO3_MAJOR === 13 ? sha1('typo3-login-BE') : 'login-be';
        $limiter = new SlidingWindowLimiter($limiterId . '-192.0.2.7', 1, new \DateInterval('PT15M'), $this->storage);
        $limiter->consume();
        self::assertFalse($limiter->consume()->isAccepted());

        // This real CLI PHP: no extension, or an anonymous table of its own.
        $tester = $this->execute(['address' => '192.0.2.7'], false);
        self::assertTrue($limiter->consume()->isAccepted(), 'TYPO3\'s own state is gone');
        self::assertStringContainsString('Cleared TYPO3\'s own BE login limit state of 192.0.2.7', $tester->getDisplay());
        self::assertSame(1, $tester->getStatusCode());
        self::assertStringContainsString('Not unlocked', $tester->getDisplay());
        self::assertStringNotContainsString('Unlocked', $tester->getDisplay());
        self::assertStringContainsString(Native::isLoaded() ? 'anonymous memory of its own' : 'extension=login_ratelimit', $tester->getDisplay());
    }

    public function testTheContainerBuildsTheCommandOnTheRealSystem(): void
    {
        $builder = Typo3Container::load($this->cacheDirectory);
        $builder->getDefinition(ResetCommand::class)->setPublic(true);
        $builder->compile();
        $command = $builder->get(ResetCommand::class);
        self::assertInstanceOf(ResetCommand::class, $command);
        self::assertSame(['address', 'type', 'user'], [
            ...array_keys($command->getDefinition()->getArguments()),
            ...array_keys($command->getDefinition()->getOptions()),
        ]);
    }

    public function testBadInputIsRefused(): void
    {
        $tester = $this->execute(['address' => '192.0.2.7', '--type' => 'XX']);
        self::assertSame(2, $tester->getStatusCode());
        self::assertStringContainsString('--type must be BE or FE', $tester->getDisplay());
        $tester = $this->execute(['address' => 'example.com']);
        self::assertSame(2, $tester->getStatusCode());
        self::assertStringContainsString('not an IPv4 or IPv6 address', $tester->getDisplay());
        self::assertSame([], $this->table->unlocks);
    }

    public function testWithoutTheExtensionNothingNativeIsClaimed(): void
    {
        $this->table->loaded = false;
        $tester = $this->execute(['address' => '192.0.2.7']);
        self::assertSame(1, $tester->getStatusCode());
        self::assertStringContainsString('the login_ratelimit extension is not loaded in this CLI PHP', $tester->getDisplay());
        self::assertSame([], $this->table->unlocks);
    }

    public function testRootActsAsTheUserItNamesInAChildProcess(): void
    {
        $this->table->states = [33 => new Outcome(Outcome::LOCKED, 5), 0 => new Outcome(Outcome::COUNTED, 2)];
        $tester = $this->execute(['address' => '192.0.2.7', '--user' => 'www-data']);
        self::assertSame(0, $tester->getStatusCode(), $tester->getDisplay());
        self::assertSame([['BE', '192.0.2.7', 33]], $this->table->unlocks);
        self::assertSame(['www-data'], array_map(static fn ($user) => $user->name, $this->host->ranAs));
        self::assertSame(
            "Cleared TYPO3's own BE login limit state of 192.0.2.7.\n"
            . "Unlocked BE logins from 192.0.2.7 in the table file /dev/shm/login_ratelimit.0: it was locked (5 attempts counted).\n"
            . "Acted as www-data (uid 33), in a child process of this root process: given with --user.\n",
            $tester->getDisplay()
        );

        // By id too, and FE logins.
        $this->table->states = [33 => new Outcome(Outcome::COUNTED, 2)];
        $tester = $this->execute(['address' => '2001:db8::1', '--type' => 'fe', '--user' => '33']);
        self::assertSame(0, $tester->getStatusCode());
        self::assertSame(['FE', '2001:db8::1', 33], $this->table->unlocks[1]);
        self::assertStringContainsString('Cleared 2 counted FE login attempts from 2001:db8::1 in the table file /dev/shm/login_ratelimit.0; it was not locked.', $tester->getDisplay());
    }

    public function testRootWithoutUserActsAsTheOwnerOfVarUnlessRootOwnsIt(): void
    {
        $var = Environment::getVarPath();
        $this->host->owners[$var] = 33;
        $this->table->states = [33 => new Outcome(Outcome::LOCKED, 5)];
        $tester = $this->execute(['address' => '192.0.2.7']);
        self::assertSame(0, $tester->getStatusCode());
        self::assertStringContainsString(
            "Acted as www-data (uid 33), in a child process of this root process: the owner of $var, which the web server writes;"
            . ' if its PHP runs as another user, name it with --user.',
            $tester->getDisplay()
        );

        foreach (['belongs to root' => 0, 'does not exist' => null] as $said => $owner) {
            unset($this->host->owners[$var]);
            if ($owner !== null) {
                $this->host->owners[$var] = $owner;
            }
            $tester = $this->execute(['address' => '192.0.2.7']);
            self::assertSame(1, $tester->getStatusCode());
            self::assertStringContainsString("Not unlocked: this command runs as root, whose states are not the web server's, and TYPO3's var/ directory ($var) $said", $tester->getDisplay());
            self::assertStringContainsString('Name it with --user', $tester->getDisplay());
        }
        self::assertCount(1, $this->table->unlocks, 'root\'s own state was never touched');
        $tester = $this->execute(['address' => '192.0.2.7', '--user' => 'nosuchuser']);
        self::assertSame(1, $tester->getStatusCode());
        self::assertStringContainsString('--user=nosuchuser: there is no such user.', $tester->getDisplay());
    }

    public function testAUserIdWithoutAnAccountIsActedAsByItsNumber(): void
    {
        $this->table->states = [1234 => new Outcome(Outcome::LOCKED, 5)];
        $tester = $this->execute(['address' => '192.0.2.7', '--user' => '1234']);
        self::assertSame(0, $tester->getStatusCode());
        self::assertSame([[1234, 1234, '']], array_map(static fn ($u) => [$u->uid, $u->gid, $u->name], $this->host->ranAs));
        self::assertStringContainsString('Acted as uid 1234, in a child process of this root process: given with --user.', $tester->getDisplay());
    }

    public function testRootActingAsRootDoesSoInThisProcessAndSaysWhatItFound(): void
    {
        $tester = $this->execute(['address' => '192.0.2.7', '--user' => 'root']);
        self::assertSame(0, $tester->getStatusCode());
        self::assertSame([], $this->host->ranAs);
        self::assertSame([['BE', '192.0.2.7', 0]], $this->table->unlocks);
        self::assertStringContainsString('Nothing to unlock: no BE login attempts from 192.0.2.7 are counted in the table file /dev/shm/login_ratelimit.0.', $tester->getDisplay());
        self::assertStringContainsString('Acted as root (uid 0): given with --user.', $tester->getDisplay());
        self::assertStringNotContainsString('Unlocked', $tester->getDisplay());
    }

    public function testNothingCountedNamesTheOtherTablesAndTheirCommands(): void
    {
        $this->host->tableFiles += ['/dev/shm/login_ratelimit.1001' => 1001];
        $this->host->users[1001] = new \LoginRateLimit\Typo3\Unlock\User(1001, 1001, 'shop');
        $tester = $this->execute(['address' => '192.0.2.7', '--user' => 'www-data']);
        self::assertSame(0, $tester->getStatusCode());
        $display = $tester->getDisplay();
        self::assertStringContainsString('If TYPO3 still refuses logins from there, its PHP runs as another user (name it with --user) or keeps another table.', $display);
        self::assertStringContainsString("Other table file on this system, and the command that resets on each:\n"
            . "  /dev/shm/login_ratelimit.1001 (shop (uid 1001); a master running as that user)\n"
            . '    sudo -u shop ' . self::command("-d login_ratelimit.shm_path=/dev/shm/login_ratelimit.1001 vendor/bin/typo3 login_ratelimit:reset 192.0.2.7\n"), $display);
        self::assertStringNotContainsString('login_ratelimit.0 (', $display, 'the table just used is not listed again');
    }

    public function testRootWithoutPcntlOrPosixSaysSoAndHowToRunIt(): void
    {
        $this->host->missing = ['pcntl_fork' => 'pcntl', 'posix_setuid' => 'posix', 'posix_setgid' => 'posix'];
        $tester = $this->execute(['address' => '192.0.2.7', '--user' => 'www-data']);
        self::assertSame(1, $tester->getStatusCode());
        self::assertSame([], $this->table->unlocks);
        $display = $tester->getDisplay();
        self::assertStringContainsString('this PHP lacks pcntl_fork() (pcntl), posix_setuid() (posix), posix_setgid() (posix).', $display);
        self::assertStringContainsString("Run it with them loaded:\n  " . self::command(
            '-d extension=pcntl -d extension=posix -d login_ratelimit.shm_path=/dev/shm/login_ratelimit.0 vendor/bin/typo3 login_ratelimit:reset 192.0.2.7 --user=www-data'
        ), $display);
        self::assertStringContainsString('Running it as www-data (sudo -u) instead works only where the web server\'s master runs as that user', $display);

        // Where www-data's master keeps a table file, running as www-data is the other way.
        $this->host->tableFiles['/dev/shm/login_ratelimit.33'] = 33;
        $display = $this->execute(['address' => '192.0.2.7', '--user' => 'www-data'])->getDisplay();
        self::assertStringContainsString("Or as www-data, on the table file of a master running as that user:\n  sudo -u www-data "
            . self::command('-d login_ratelimit.shm_path=/dev/shm/login_ratelimit.33 vendor/bin/typo3 login_ratelimit:reset 192.0.2.7'), $display);
    }

    public function testANonRootUserActsAsItselfAndOnlyAsItself(): void
    {
        $this->host->euid = 33;
        $this->table->stats['location'] = '/srv/tables/login_ratelimit';
        $this->table->states = [33 => new Outcome(Outcome::LOCKED, 5)];
        $tester = $this->execute(['address' => '192.0.2.7']);
        self::assertSame(0, $tester->getStatusCode());
        self::assertSame([], $this->host->ranAs);
        self::assertStringContainsString("Unlocked BE logins from 192.0.2.7 in the table file /srv/tables/login_ratelimit: it was locked (5 attempts counted).\n"
            . "Acted as www-data (uid 33): the user this command runs as.\n", $tester->getDisplay());

        self::assertSame(0, $this->execute(['address' => '192.0.2.7', '--user' => '33'])->getStatusCode());
        $tester = $this->execute(['address' => '192.0.2.7', '--user' => 'nobody']);
        self::assertSame(1, $tester->getStatusCode());
        self::assertStringContainsString('only root can act as another user: this command runs as www-data (uid 33), not nobody (uid 65534). Run it as root (sudo), or as nobody.', $tester->getDisplay());
        self::assertCount(2, $this->table->unlocks);
    }

    public function testATableOfTheCliAloneNamesTheCommandForEachTableFile(): void
    {
        $this->table->stats = ['backend' => 'shared-anonymous', 'location' => 'anonymous shared memory mapped at module start'] + $this->table->stats;
        $this->host->euid = 33;
        $this->host->tableFiles['/dev/shm/login_ratelimit.2000'] = 2000;
        $tester = $this->execute(['address' => '192.0.2.7', '--type' => 'FE']);
        self::assertSame(1, $tester->getStatusCode());
        self::assertSame([], $this->table->unlocks);
        $display = $tester->getDisplay();
        self::assertStringContainsString("Not unlocked: no web server uses the table of this CLI process.\nThis PHP keeps its table in anonymous memory of its own", $display);
        self::assertStringContainsString("The table files on this system, and the command that resets on each:\n"
            . "  /dev/shm/login_ratelimit.0 (root (uid 0); a php-fpm master or Apache parent running as root, whose workers run as other users)\n"
            . '    sudo ' . self::command("-d login_ratelimit.shm_path=/dev/shm/login_ratelimit.0 vendor/bin/typo3 login_ratelimit:reset 192.0.2.7 --type=FE --user=www-data\n")
            . "  /dev/shm/login_ratelimit.2000 (uid 2000; a master running as that user)\n"
            . "    sudo -u '#2000' " . self::command("-d login_ratelimit.shm_path=/dev/shm/login_ratelimit.2000 vendor/bin/typo3 login_ratelimit:reset 192.0.2.7 --type=FE\n"), $display);

        // Root, no table file, no user known: the command with what the admin has to fill in.
        $this->host->euid = 0;
        $this->host->tableFiles = [];
        $display = $this->execute(['address' => '192.0.2.7'])->getDisplay();
        self::assertStringContainsString('No table file was found in /dev/shm', $display);
        self::assertStringContainsString('  ' . self::command("-d login_ratelimit.shm_path=FILE vendor/bin/typo3 login_ratelimit:reset 192.0.2.7 --user=<the web server's PHP user>\n"), $display);
    }

    public function testRedisTakesTheResetFromAnyUser(): void
    {
        $this->table->stats = ['backend' => 'redis', 'location' => 'redis://:***@10.0.0.5:6379/0; local fallback: shared-anonymous, anonymous shared memory mapped at module start'] + $this->table->stats;
        $this->table->states = [0 => new Outcome(Outcome::LOCKED, 5, true)];
        $tester = $this->execute(['address' => '192.0.2.7']);
        self::assertSame(0, $tester->getStatusCode());
        self::assertSame([], $this->host->ranAs);
        self::assertStringContainsString('Unlocked BE logins from 192.0.2.7 in Redis at redis://:***@10.0.0.5:6379/0: it was locked (5 attempts counted).', $tester->getDisplay());

        $this->table->states = [0 => new Outcome(Outcome::NONE, 0, false)];
        $this->table->stats['redis_last_error'] = 'Connection refused (os error 111)';
        $tester = $this->execute(['address' => '192.0.2.7']);
        self::assertSame(1, $tester->getStatusCode());
        self::assertStringContainsString('Not unlocked: Redis at redis://:***@10.0.0.5:6379/0 did not answer (Connection refused (os error 111))', $tester->getDisplay());
    }
}
