<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v14's Extbase #[RateLimit] attribute: as Extbase has it.

namespace TYPO3\CMS\Extbase\Attribute;

#[\Attribute(\Attribute::TARGET_METHOD)]
class RateLimit
{
    public function __construct(
        public readonly int $limit = 5,
        public readonly string $interval = '15 minutes',
        public readonly string $policy = 'sliding_window',
        public readonly string $message = ''
    ) {
        if ($this->limit < 1) {
            throw new \RuntimeException('Invalid "limit" property for rate limit. Ensure, that the value is greater than 0.', 1771074438);
        }
        if ($this->interval === '') {
            throw new \RuntimeException('Invalid "interval" property for rate limit.', 1771074439);
        }
        if ($this->policy === '') {
            throw new \RuntimeException('Invalid "policy" property for rate limit.', 1771074440);
        }
    }

    public function getConfiguration(string $identifier): array
    {
        return [
            'id' => 'extbase-' . $identifier,
            'policy' => $this->policy,
            'limit' => $this->limit,
            'interval' => $this->interval,
        ];
    }
}
