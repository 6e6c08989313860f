<?php
// Addresses in loginRateLimitIpExcludeList (TYPO3's cmpIP syntax) are never limited.
use LoginRateLimit\LoginRateLimiter;

$limiter = new LoginRateLimiter(['loginRateLimit' => 2, 'loginRateLimitIpExcludeList' => '192.168.*, 10.0.0.0/8, 2001:db8::/32'], 'BE');
foreach (['192.168.1.20', '10.20.30.40', '2001:db8::1', '198.51.100.7'] as $client) {
    $accepted = 0;
    for ($i = 0; $i < 10; $i++) {
        $accepted += $limiter->consume($client)->isAccepted() ? 1 : 0;
    }
    printf("%-14s excluded: %-5s accepted %2d of 10\n", $client, $limiter->isExcluded($client) ? 'yes' : 'no', $accepted);
}
