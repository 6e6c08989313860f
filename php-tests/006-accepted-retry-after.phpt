--TEST--
On acceptance getRetryAfter() is now while tokens remain, else when the next attempt passes
--INI--
login_ratelimit.test_clock=1
--FILE--
<?php
use LoginRateLimit\{LoginRateLimiter, TestClock};

TestClock::set(1800000000.25);
$limiter = new LoginRateLimiter(['loginRateLimit' => 2, 'loginRateLimitInterval' => '1 minute']);
echo $limiter->consume('192.0.2.1')->getRetryAfter()->format('U.u'), "\n";
$last = $limiter->consume('192.0.2.1');
var_dump($last->isAccepted(), $last->getRemainingTokens());
echo $last->getRetryAfter()->format('U.u'), "\n";
TestClock::set((float) $last->getRetryAfter()->format('U.u'));
var_dump($limiter->consume('192.0.2.1')->isAccepted());
?>
--EXPECT--
1800000000.250000
bool(true)
int(0)
1800000060.250001
bool(true)
