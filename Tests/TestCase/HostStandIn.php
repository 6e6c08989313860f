<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\TestCase;

use LoginRateLimit\Typo3\Unlock\Host;
use LoginRateLimit\Typo3\Unlock\User;

/** A Host whose users, owners and table files a test sets; runAs() runs in this process as that user. */
final class HostStandIn implements Host
{
    public ?int $euid = 0;
    /** @var array<int, User> */
    public array $users;
    /** @var array<string, int> path => owner */
    public array $owners = [];
    /** @var array<string, int> */
    public array $tableFiles = [];
    /** @var array<string, string> */
    public array $missing = [];
    /** @var list<User> whom runAs() acted as */
    public array $ranAs = [];

    public function __construct()
    {
        $this->users = [0 => new User(0, 0, 'root'), 33 => new User(33, 33, 'www-data'), 65534 => new User(65534, 65534, 'nobody')];
    }

    public function effectiveUid(): ?int
    {
        return $this->euid;
    }

    public function userByName(string $name): ?User
    {
        foreach ($this->users as $user) {
            if ($user->name === $name) {
                return $user;
            }
        }
        return null;
    }

    public function userById(int $uid): ?User
    {
        return $this->users[$uid] ?? null;
    }

    public function ownerOf(string $path): ?int
    {
        return $this->owners[$path] ?? $this->tableFiles[$path] ?? null;
    }

    public function tableFiles(): array
    {
        return $this->tableFiles;
    }

    public function missingForSwitchingUsers(): array
    {
        return $this->missing;
    }

    public function runAs(User $user, \Closure $work): array
    {
        $this->ranAs[] = $user;
        [$before, $this->euid] = [$this->euid, $user->uid];
        try {
            // As it crosses from a child process.
            return json_decode((string)json_encode($work()), true);
        } finally {
            $this->euid = $before;
        }
    }
}
