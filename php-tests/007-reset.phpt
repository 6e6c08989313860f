--TEST--
reset() after a successful login lets the client start afresh
--FILE--
<?php
$limiter = new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => 3], 'BE');
for ($i = 0; $i < 3; $i++) {
    $limiter->consume('192.0.2.10');
}
var_dump($limiter->consume('192.0.2.10')->isAccepted());
$limiter->reset('192.0.2.10');
$limit = $limiter->consume('192.0.2.10');
var_dump($limit->isAccepted(), $limit->getRemainingTokens());
// Resetting a client nobody has seen, or an excluded one, is harmless.
$limiter->reset('192.0.2.99');
(new LoginRateLimit\LoginRateLimiter(['loginRateLimitIpExcludeList' => '*']))->reset('192.0.2.10');
var_dump($limiter->peek('192.0.2.10')->getRemainingTokens());
?>
--EXPECT--
bool(false)
bool(true)
int(2)
int(2)
