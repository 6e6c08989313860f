<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 frontend: only what the tests need.

namespace TYPO3\CMS\Frontend\Authentication;

use TYPO3\CMS\Core\Authentication\AbstractUserAuthentication;

class FrontendUserAuthentication extends AbstractUserAuthentication
{
    public $loginType = 'FE';
    public $formfield_uname = 'user';
    public $formfield_uident = 'pass';
    public $formfield_status = 'logintype';
}
