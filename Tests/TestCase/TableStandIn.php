<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\TestCase;

use LoginRateLimit\Typo3\Unlock\Outcome;
use LoginRateLimit\Typo3\Unlock\Table;

/** A native table whose figures a test sets, holding one client state per user, as the extension keys them. */
final class TableStandIn implements Table
{
    public bool $loaded = true;
    /** @var array<string, mixed> */
    public array $stats = [
        'backend' => 'shared-file',
        'location' => '/dev/shm/login_ratelimit.0',
        'capacity' => 7161,
        'entries' => 3,
        'evictions' => 0,
        'memory_bytes' => 131072,
        'fallback_answers' => 0,
        'redis_last_error' => null,
    ];
    /** @var array<int, Outcome> what a reset finds, by the user id it runs as */
    public array $states = [];
    /** @var list<array{string, string, ?int}> type, address, and the user each reset ran as */
    public array $unlocks = [];

    public function __construct(private readonly HostStandIn $host)
    {
    }

    public function isLoaded(): bool
    {
        return $this->loaded;
    }

    public function stats(): array
    {
        return $this->stats;
    }

    public function unlock(string $type, string $address): Outcome
    {
        $uid = $this->host->effectiveUid();
        $this->unlocks[] = [$type, $address, $uid];
        $found = $this->states[(int)$uid] ?? new Outcome(Outcome::NONE);
        unset($this->states[(int)$uid]);
        return $found;
    }
}
