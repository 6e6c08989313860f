--TEST--
login_ratelimit.ipv6_prefix=128 counts each IPv6 address on its own
--INI--
login_ratelimit.ipv6_prefix=128
--FILE--
<?php
$limiter = new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => 1], 'v6');
var_dump($limiter->consume('2001:db8::1')->isAccepted(), $limiter->consume('2001:db8::2')->isAccepted(), $limiter->consume('2001:db8::1')->isAccepted());
echo LoginRateLimit\LoginRateLimiter::stats()['ipv6_prefix'], "\n";
?>
--EXPECT--
bool(true)
bool(true)
bool(false)
128
