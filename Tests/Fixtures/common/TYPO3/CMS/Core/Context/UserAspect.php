<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: only what the tests need.

namespace TYPO3\CMS\Core\Context;

use TYPO3\CMS\Core\Authentication\AbstractUserAuthentication;

class UserAspect
{
    public function __construct(protected ?AbstractUserAuthentication $user = null)
    {
    }

    public function isLoggedIn(): bool
    {
        return ($this->user?->user['uid'] ?? 0) > 0;
    }
}
