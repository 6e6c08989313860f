<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\Unit;

use LoginRateLimit\Typo3\Native;
use LoginRateLimit\Typo3\Report\LoginRateLimitStatus;
use LoginRateLimit\Typo3\Tests\TestCase\Typo3TestCase;
use TYPO3\CMS\Core\Type\ContextualFeedbackSeverity;

final class StatusTest extends Typo3TestCase
{
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
        $stats = \LoginRateLimit\LoginRateLimiter::stats();
        self::assertSame($stats['backend'], $statuses['backend']->getValue());
        self::assertSame(number_format($stats['capacity']) . ' clients', $statuses['capacity']->getValue());
        self::assertSame(number_format($stats['entries']), $statuses['entries']->getValue());
        self::assertSame(number_format($stats['evictions']), $statuses['evictions']->getValue());
    }

    public function testACliWithItsOwnAnonymousTableIsWarnedAbout(): void
    {
        self::requireNative();
        $statuses = (new LoginRateLimitStatus())->getStatus();
        if (\LoginRateLimit\LoginRateLimiter::stats()['backend'] === 'shared-file') {
            self::assertArrayNotHasKey('cli', $statuses);
            return;
        }
        self::assertSame(ContextualFeedbackSeverity::WARNING, $statuses['cli']->getSeverity());
        self::assertStringContainsString('login_ratelimit.shm_path', $statuses['cli']->getMessage());
    }
}
