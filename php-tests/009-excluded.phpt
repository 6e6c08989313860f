--TEST--
Excluded clients are never blocked, store nothing and report PHP_INT_MAX
--FILE--
<?php
$limiter = new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => 1, 'loginRateLimitIpExcludeList' => '10.0.0.0/8, 192.168.*, 2001:db8::/32']);
foreach (['10.1.2.3', '192.168.7.7', '2001:db8::5', '::ffff:10.9.9.9'] as $client) {
    for ($i = 0; $i < 3; $i++) {
        $limit = $limiter->consume($client);
    }
    printf("%s excluded=%s accepted=%s remaining=%s limit=%s\n", $client, var_export($limiter->isExcluded($client), true),
        var_export($limit->isAccepted(), true), var_export($limit->getRemainingTokens() === PHP_INT_MAX, true), var_export($limit->getLimit() === PHP_INT_MAX, true));
}
var_dump($limiter->isExcluded('11.0.0.1'), LoginRateLimit\LoginRateLimiter::stats()['entries']);
var_dump($limiter->isEnabled());
$everyone = new LoginRateLimit\LoginRateLimiter(['loginRateLimitIpExcludeList' => ' * ']);
var_dump($everyone->isEnabled(), $everyone->isExcluded('8.8.8.8'), $everyone->consume('2001:db8::1', 5)->isAccepted());
?>
--EXPECT--
10.1.2.3 excluded=true accepted=true remaining=true limit=true
192.168.7.7 excluded=true accepted=true remaining=true limit=true
2001:db8::5 excluded=true accepted=true remaining=true limit=true
::ffff:10.9.9.9 excluded=true accepted=true remaining=true limit=true
bool(false)
int(0)
bool(true)
bool(false)
bool(true)
bool(true)
