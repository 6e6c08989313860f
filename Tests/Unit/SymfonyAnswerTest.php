<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\Unit;

use LoginRateLimit\Typo3\Limiter\SymfonyAnswer;
use PHPUnit\Framework\TestCase;

/** The token counts the native limiter refuses get Symfony's sliding-window answers. */
final class SymfonyAnswerTest extends TestCase
{
    private array $consumed = [];

    private static function nativeAnswer(bool $accepted, int $remaining, string $retryAfter, int $limit = 5): object
    {
        return new class ($accepted, $remaining, new \DateTimeImmutable($retryAfter), $limit) {
            public function __construct(private bool $accepted, private int $remaining, private \DateTimeImmutable $retry, private int $limit)
            {
            }

            public function isAccepted(): bool
            {
                return $this->accepted;
            }

            public function getRemainingTokens(): int
            {
                return $this->remaining;
            }

            public function getRetryAfter(): \DateTimeImmutable
            {
                return $this->retry;
            }

            public function getLimit(): int
            {
                return $this->limit;
            }
        };
    }

    private function consume(int $tokens, object $peek): \Symfony\Component\RateLimiter\RateLimit
    {
        return SymfonyAnswer::consume(
            $tokens,
            5,
            900,
            function (int $tokens): object {
                $this->consumed[] = $tokens;
                return self::nativeAnswer(true, 5 - $tokens, '@1700000000.25');
            },
            fn (): object => $peek,
        );
    }

    public function testAnAnswerIsConvertedWithItsExactRetryTime(): void
    {
        $limit = $this->consume(2, self::nativeAnswer(true, 5, '@0'));
        self::assertSame([2], $this->consumed);
        self::assertTrue($limit->isAccepted());
        self::assertSame(3, $limit->getRemainingTokens());
        self::assertSame(5, $limit->getLimit());
        self::assertSame('1700000000.250000', $limit->getRetryAfter()->format('U.u'));
    }

    public function testZeroTokensIsAnAcceptedPeek(): void
    {
        $limit = $this->consume(0, self::nativeAnswer(false, 0, '@1700000300.5'));
        self::assertSame([], $this->consumed, 'nothing consumed');
        self::assertTrue($limit->isAccepted());
        self::assertSame(0, $limit->getRemainingTokens());
        self::assertSame('1700000300.500000', $limit->getRetryAfter()->format('U.u'));
    }

    public function testMoreTokensThanTheLimitAreRejected(): void
    {
        $limit = $this->consume(6, self::nativeAnswer(true, 5, '@1700000000'));
        self::assertSame([], $this->consumed);
        self::assertFalse($limit->isAccepted());
        self::assertSame(5, $limit->getRemainingTokens());
        self::assertSame(1700000900, $limit->getRetryAfter()->getTimestamp());
    }

    public function testNegativeTokensAreRefused(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        $this->consume(-1, self::nativeAnswer(true, 5, '@0'));
    }
}
