<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: the login form's status field, and a login that succeeds
// for the test accounts instead of a database lookup.

namespace TYPO3\CMS\Core\Authentication;

use Psr\Http\Message\ServerRequestInterface;
use TYPO3\CMS\Core\Context\UserAspect;

abstract class AbstractUserAuthentication
{
    public $loginType = '';
    public $formfield_uname = 'username';
    public $formfield_uident = 'userident';
    public $formfield_status = 'login_status';
    public ?array $user = null;

    /** @var array<string, string> username => password, for the tests */
    public static array $accounts = [];

    public function isActiveLogin(ServerRequestInterface $request): bool
    {
        $status = $request->getParsedBody()[$this->formfield_status] ?? $request->getQueryParams()[$this->formfield_status] ?? '';
        return $status === 'login';
    }

    public function start(ServerRequestInterface $request)
    {
        if (!$this->isActiveLogin($request)) {
            return;
        }
        $body = (array)$request->getParsedBody();
        $username = (string)($body[$this->formfield_uname] ?? '');
        $password = (string)($body[$this->formfield_uident] ?? '');
        if (isset(static::$accounts[$username]) && hash_equals(static::$accounts[$username], $password)) {
            $this->user = ['uid' => 1, 'username' => $username];
        }
    }

    public function createUserAspect(): UserAspect
    {
        return new UserAspect($this);
    }
}
