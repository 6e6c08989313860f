<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Unlock;

/**
 * What a reset found and did: the client's state just before it was cleared, as the user the
 * reset acted as saw it, and whether Redis took the reset. Crosses from a child process as an
 * array.
 */
final class Outcome
{
    /** The client could not log in. */
    public const LOCKED = 'locked';
    /** Attempts were counted, the client could still log in. */
    public const COUNTED = 'counted';
    /** Nothing was counted for the client. */
    public const NONE = 'none';
    /** Not looked at: limiting is off for the client (limit 0, an excluded address). */
    public const UNKNOWN = 'unknown';

    public function __construct(
        public readonly string $before,
        /** Attempts counted before the reset (LOCKED, COUNTED). */
        public readonly int $attempts = 0,
        /** Whether Redis took the reset; null without Redis. */
        public readonly ?bool $reachedRedis = null,
    ) {
    }

    /** @return array{before: string, attempts: int, reachedRedis: ?bool} */
    public function toArray(): array
    {
        return ['before' => $this->before, 'attempts' => $this->attempts, 'reachedRedis' => $this->reachedRedis];
    }

    /** @param array<string, mixed> $answer */
    public static function fromArray(array $answer): self
    {
        $before = $answer['before'] ?? null;
        if (!in_array($before, [self::LOCKED, self::COUNTED, self::NONE, self::UNKNOWN], true)) {
            throw new \RuntimeException('the reset gave an answer that cannot be read');
        }
        $reachedRedis = $answer['reachedRedis'] ?? null;
        return new self($before, (int)($answer['attempts'] ?? 0), is_bool($reachedRedis) ? $reachedRedis : null);
    }
}
