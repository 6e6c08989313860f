<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Unlock;

/**
 * What the reset asks of the operating system: who runs it, who owns what, and a child process
 * that acts as another user. Tests replace it with a stand-in.
 */
interface Host
{
    /** The effective user id of this process, or null when it cannot be read. */
    public function effectiveUid(): ?int;

    public function userByName(string $name): ?User;

    /** The account with this id, or null when there is none. */
    public function userById(int $uid): ?User;

    /** The user id owning $path, or null when it does not exist. */
    public function ownerOf(string $path): ?int;

    /**
     * The table files in /dev/shm (the server SAPIs' default files and files named like them),
     * as path => owner's user id.
     *
     * @return array<string, int>
     */
    public function tableFiles(): array;

    /**
     * The functions this PHP lacks to run a child as another user, as function => the extension
     * that has it; empty when it has them all.
     *
     * @return array<string, string>
     */
    public function missingForSwitchingUsers(): array;

    /**
     * Runs $work in a child process that has switched to $user before it runs anything else,
     * and returns what $work returns.
     *
     * @param \Closure(): array<string, mixed> $work
     * @return array<string, mixed>
     * @throws \RuntimeException when there is no such child, or it could not become $user
     */
    public function runAs(User $user, \Closure $work): array;
}
