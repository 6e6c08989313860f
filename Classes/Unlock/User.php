<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Unlock;

/** A system user, as the reset acts as one: the native table keys every state with a user id. */
final class User
{
    public function __construct(
        public readonly int $uid,
        public readonly int $gid,
        /** The account name, or '' for a user id no account has (as a container's pool may run). */
        public readonly string $name,
    ) {
    }

    /** What the command names it by: "www-data (uid 33)", or "uid 1234" without an account. */
    public function describe(): string
    {
        return $this->name === '' ? 'uid ' . $this->uid : sprintf('%s (uid %d)', $this->name, $this->uid);
    }

    /** How sudo and --user name it. */
    public function argument(): string
    {
        return $this->name === '' ? (string)$this->uid : $this->name;
    }
}
