--TEST--
IPv6 clients are counted per /64: rotating through one's addresses does not escape the limit
--FILE--
<?php
$limiter = new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => 5], 'v6');
$accepted = 0;
for ($i = 0; $i < 100; $i++) {
    $address = sprintf('2001:db8:aa:bb:%x:%x:%x:%x', random_int(0, 0xffff), random_int(0, 0xffff), random_int(0, 0xffff), $i);
    $accepted += $limiter->consume($address)->isAccepted() ? 1 : 0;
}
echo "accepted from one /64: $accepted\n";
var_dump($limiter->consume('2001:db8:aa:bc::1')->isAccepted());
// The exclude list still matches the full address.
$excluding = new LoginRateLimit\LoginRateLimiter(['loginRateLimitIpExcludeList' => '2001:db8:aa:bb::1'], 'v6');
var_dump($excluding->isExcluded('2001:db8:aa:bb::1'), $excluding->isExcluded('2001:db8:aa:bb::2'));
echo ini_get('login_ratelimit.ipv6_prefix'), ' ', LoginRateLimit\LoginRateLimiter::stats()['ipv6_prefix'], "\n";
?>
--EXPECT--
accepted from one /64: 5
bool(true)
bool(true)
bool(false)
64 64
