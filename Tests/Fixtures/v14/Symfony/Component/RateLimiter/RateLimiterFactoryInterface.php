<?php

declare(strict_types=1);

// Test stand-in of symfony/rate-limiter 7.3's RateLimiterFactoryInterface, which Debian's 5.4 lacks.

namespace Symfony\Component\RateLimiter;

interface RateLimiterFactoryInterface
{
    public function create(?string $key = null): LimiterInterface;
}
