<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: only what the tests need.

namespace TYPO3\CMS\Core\Utility;

class HttpUtility
{
    public const HTTP_STATUS_403 = 'HTTP/1.1 403 Forbidden';
}
