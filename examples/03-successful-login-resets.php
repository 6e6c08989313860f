<?php
// A user who mistypes, then logs in, starts afresh: TYPO3 calls reset() after a successful login.
use LoginRateLimit\LoginRateLimiter;

$limiter = new LoginRateLimiter(['loginRateLimit' => 3], 'FE');
$client = '198.51.100.23';
foreach (['wrong', 'wrong', 'right'] as $password) {
    $limit = $limiter->consume($client)->ensureAccepted();
    echo "password '$password': attempt accepted, ", $limit->getRemainingTokens(), " left\n";
    if ($password === 'right') {
        $limiter->reset($client);
        echo "login succeeded: reset\n";
    }
}
echo 'after the reset: ', $limiter->peek($client)->getRemainingTokens(), " attempts available\n";
