<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\Unit;

use LoginRateLimit\Typo3\Native;
use LoginRateLimit\Typo3\Report\LoginRateLimitStatus;
use LoginRateLimit\Typo3\Tests\TestCase\HostStandIn;
use LoginRateLimit\Typo3\Tests\TestCase\TableStandIn;
use LoginRateLimit\Typo3\Tests\TestCase\Typo3Container;
use LoginRateLimit\Typo3\Tests\TestCase\Typo3TestCase;
use TYPO3\CMS\Core\Type\ContextualFeedbackSeverity;

final class StatusTest extends Typo3TestCase
{
    private HostStandIn $host;
    private TableStandIn $table;

    protected function setUp(): void
    {
        parent::setUp();
        $this->host = new HostStandIn();
        $this->table = new TableStandIn($this->host);
        $this->host->tableFiles = ['/dev/shm/login_ratelimit.0' => 0];
    }

    /** The report as rendered by a process of $sapi running as $uid. */
    private function statuses(string $sapi, int $uid = 33): array
    {
        $this->host->euid = $uid;
        return (new LoginRateLimitStatus($this->host, $this->table, $sapi))->getStatus();
    }

    public function testTheContainerBuildsTheReport(): void
    {
        $builder = Typo3Container::load($this->cacheDirectory);
        $builder->getDefinition(LoginRateLimitStatus::class)->setPublic(true);
        $builder->compile();
        self::assertInstanceOf(LoginRateLimitStatus::class, $builder->get(LoginRateLimitStatus::class));
    }

    public function testTheReportSaysNativeOrFallback(): void
    {
        $statuses = (new LoginRateLimitStatus())->getStatus();
        if (!Native::isLoaded()) {
            self::assertSame(['mode'], array_keys($statuses));
            self::assertSame(ContextualFeedbackSeverity::WARNING, $statuses['mode']->getSeverity());
            self::assertStringContainsString('fallback', $statuses['mode']->getValue());
            return;
        }
        self::assertSame(ContextualFeedbackSeverity::OK, $statuses['mode']->getSeverity());
        self::assertStringStartsWith('native (login_ratelimit ', $statuses['mode']->getValue());
        self::assertSame(\LoginRateLimit\LoginRateLimiter::stats()['backend'], $statuses['backend']->getValue());
    }

    public function testAWebRequestShowsTheTablesFiguresAndTheCommandThatUnlocks(): void
    {
        $statuses = $this->statuses('fpm-fcgi');
        self::assertSame(['mode', 'backend', 'capacity', 'entries', 'evictions', 'namespace', 'unlock'], array_keys($statuses));
        self::assertSame('shared-file', $statuses['backend']->getValue());
        self::assertSame('/dev/shm/login_ratelimit.0', $statuses['backend']->getMessage());
        self::assertSame('7,161 clients', $statuses['capacity']->getValue());
        self::assertSame('3', $statuses['entries']->getValue());
        self::assertSame('from the CLI, as www-data', $statuses['unlock']->getValue());
        self::assertSame(
            'This PHP runs as www-data (uid 33), so its states are keyed with that user, in the table file'
            . ' /dev/shm/login_ratelimit.0 (root\'s). To unlock the backend logins of a client address, run on this'
            . ' server: sudo php -d login_ratelimit.shm_path=/dev/shm/login_ratelimit.0 ' . $this->projectPath
            . '/vendor/bin/typo3 login_ratelimit:reset ADDRESS --user=www-data (--type=FE for frontend logins).',
            $statuses['unlock']->getMessage()
        );

        // A master running as the pool's user: its file is that user's, and so is the command.
        $this->table->stats['location'] = '/dev/shm/login_ratelimit.33';
        $this->host->tableFiles = ['/dev/shm/login_ratelimit.33' => 33];
        self::assertStringContainsString(
            'sudo -u www-data php -d login_ratelimit.shm_path=/dev/shm/login_ratelimit.33 ' . $this->projectPath . '/vendor/bin/typo3 login_ratelimit:reset ADDRESS (',
            $this->statuses('fpm-fcgi')['unlock']->getMessage()
        );
    }

    public function testAWebServerOnAnonymousMemoryIsToldThatNoResetCanReachIt(): void
    {
        $this->table->stats = ['backend' => 'shared-anonymous', 'location' => 'anonymous shared memory mapped at module start'] + $this->table->stats;
        $statuses = $this->statuses('apache2handler');
        self::assertSame(ContextualFeedbackSeverity::WARNING, $statuses['unlock']->getSeverity());
        self::assertStringContainsString('login_ratelimit:reset cannot unlock a client', $statuses['unlock']->getMessage());
        self::assertArrayHasKey('entries', $statuses, 'the web server\'s own figures');
    }

    public function testRedisIsUnlockedFromAnyCli(): void
    {
        $this->table->stats = ['backend' => 'redis', 'location' => 'redis://10.0.0.5:6379/0; local fallback: shared-file, /dev/shm/login_ratelimit.0'] + $this->table->stats;
        $unlock = $this->statuses('fpm-fcgi')['unlock'];
        self::assertSame('from the CLI, on Redis', $unlock->getValue());
        self::assertStringContainsString('as any user: Redis keys hold no user id', $unlock->getMessage());
    }

    public function testACliWithATableOfItsOwnShowsNoFiguresAsTheWebServers(): void
    {
        $this->table->stats = ['backend' => 'shared-anonymous', 'location' => 'anonymous shared memory mapped at module start'] + $this->table->stats;
        $this->host->tableFiles = ['/dev/shm/login_ratelimit.0' => 0];
        $statuses = $this->statuses('cli', 0);
        self::assertSame(['mode', 'backend', 'cli', 'namespace'], array_keys($statuses));
        self::assertSame('Table of this CLI process', $statuses['backend']->getTitle());
        self::assertSame(ContextualFeedbackSeverity::WARNING, $statuses['cli']->getSeverity());
        self::assertStringContainsString('its figures are not the web server\'s, so they are left out', $statuses['cli']->getMessage());
        self::assertStringContainsString('Table files on this system: /dev/shm/login_ratelimit.0 (root (uid 0)).', $statuses['cli']->getMessage());

        // A CLI on a table file shows that file's figures, named by its path.
        $this->table->stats['backend'] = 'shared-file';
        $this->table->stats['location'] = '/dev/shm/login_ratelimit.0';
        $statuses = $this->statuses('cli', 0);
        self::assertSame(['mode', 'backend', 'capacity', 'entries', 'evictions', 'namespace'], array_keys($statuses));
        self::assertSame('Shared table', $statuses['backend']->getTitle());
    }

    public function testWithoutTheExtensionTheFallbackIsSaid(): void
    {
        $this->table->loaded = false;
        $statuses = $this->statuses('fpm-fcgi');
        self::assertSame(['mode'], array_keys($statuses));
        self::assertSame('TYPO3\'s own (fallback)', $statuses['mode']->getValue());
    }
}
