<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\Fixtures;

use Symfony\Component\RateLimiter\LimiterInterface;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactoryInterface;

/** Uses a named factory as felogin's PasswordRecoveryController and backend's PasswordReset do. */
final class PasswordRecovery
{
    public function __construct(public readonly RateLimiterFactoryInterface $rateLimiterFactory)
    {
    }

    public function limiterFor(string $email): LimiterInterface
    {
        return $this->rateLimiterFactory->create($email);
    }
}
