<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v14's core RateLimiterFactoryInterface: as core has it.

namespace TYPO3\CMS\Core\RateLimiter;

use Psr\Http\Message\ServerRequestInterface;
use Symfony\Component\RateLimiter\LimiterInterface;

interface RateLimiterFactoryInterface extends \Symfony\Component\RateLimiter\RateLimiterFactoryInterface
{
    public function createLimiter(array $config, ?string $key = null): LimiterInterface;

    public function createRequestBasedLimiter(ServerRequestInterface $request, array $configuration): LimiterInterface;

    public function createLoginRateLimiter(ServerRequestInterface $request, string $loginType): LimiterInterface;
}
