<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: only what the tests need.

namespace TYPO3\CMS\Core\RateLimiter;

use TYPO3\CMS\Core\Error\Http\AbstractClientErrorException;

class RequestRateLimitedException extends AbstractClientErrorException
{
}
