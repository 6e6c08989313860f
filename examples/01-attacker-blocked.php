<?php
// An attacker guessing passwords from one address is stopped after loginRateLimit attempts,
// and told exactly when the next attempt would be accepted.
use LoginRateLimit\LoginRateLimiter;

$config = ['loginRateLimit' => 5, 'loginRateLimitInterval' => '15 minutes', 'loginRateLimitIpExcludeList' => ''];
for ($attempt = 1; $attempt <= 7; $attempt++) {
    // TYPO3 builds a limiter per request; the state is shared, not the object.
    $limit = (new LoginRateLimiter($config, 'BE'))->consume('203.0.113.5');
    printf(
        "attempt %d from 203.0.113.5: %-8s remaining %d, retry after %s\n",
        $attempt,
        $limit->isAccepted() ? 'accepted' : 'REJECTED',
        $limit->getRemainingTokens(),
        $limit->getRetryAfter()->format('H:i:s.u T')
    );
}
try {
    (new LoginRateLimiter($config, 'BE'))->consume('203.0.113.5')->ensureAccepted();
} catch (LoginRateLimit\RateLimitExceededException $e) {
    echo 'ensureAccepted(): ', $e->getMessage(), "\n";
}
