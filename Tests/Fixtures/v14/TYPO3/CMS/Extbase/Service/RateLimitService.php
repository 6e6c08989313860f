<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v14's Extbase RateLimitService: the limiter for an action with
// #[RateLimit], as Extbase builds it (the attribute is read by reflection here, not ClassSchema).

namespace TYPO3\CMS\Extbase\Service;

use Psr\Http\Message\ServerRequestInterface;
use Symfony\Component\RateLimiter\LimiterInterface;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactoryInterface;
use TYPO3\CMS\Extbase\Attribute\RateLimit;

class RateLimitService
{
    public function __construct(
        protected readonly RateLimiterFactoryInterface $rateLimiterFactory,
    ) {
    }

    public function createRateLimiter(string $controllerClass, string $actionMethod, ServerRequestInterface $request): ?LimiterInterface
    {
        $rateLimit = $this->getRateLimit($controllerClass, $actionMethod);
        if ($rateLimit === null) {
            return null;
        }

        $identifier = strtolower(str_replace('\\', '-', $controllerClass) . '-' . $actionMethod);
        return $this->rateLimiterFactory->createRequestBasedLimiter($request, $rateLimit->getConfiguration($identifier));
    }

    protected function getRateLimit(string $controllerClass, string $actionMethod): ?RateLimit
    {
        $attributes = (new \ReflectionMethod($controllerClass, $actionMethod))->getAttributes(RateLimit::class);
        return $attributes === [] ? null : $attributes[0]->newInstance();
    }
}
