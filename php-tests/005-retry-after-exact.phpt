--TEST--
getRetryAfter() on a rejection is the exact earliest instant the same attempt is accepted
--INI--
login_ratelimit.test_clock=1
--FILE--
<?php
use LoginRateLimit\{LoginRateLimiter, TestClock};

require __DIR__ . '/helpers.inc';
TestClock::set(1800000000.0);
$limiter = new LoginRateLimiter(['loginRateLimit' => 5, 'loginRateLimitInterval' => '15 minutes']);
for ($i = 0; $i < 5; $i++) {
    $limiter->consume('198.51.100.1');
    TestClock::advance(1);
}
$rejected = $limiter->consume('198.51.100.1');
var_dump($rejected->isAccepted());
$retry = $rejected->getRetryAfter();
echo get_class($retry), ' ', $retry->format('Y-m-d\TH:i:s.uP'), "\n";
// The five hits weigh as four from just after the window ends (+900 s): Symfony 5.4 would
// say the window's end, 7.x about +184 s; both are wrong in one direction.
$at = (float) $retry->format('U.u');
TestClock::set($at - 0.000001);
var_dump($limiter->peek('198.51.100.1')->isAccepted());
var_dump($limiter->consume('198.51.100.1')->isAccepted());
TestClock::set($at);
var_dump($limiter->peek('198.51.100.1')->isAccepted());
var_dump($limiter->consume('198.51.100.1')->isAccepted());
// Tokens: the retry time of a 3-token attempt is later than that of one token.
TestClock::set(1800010000.0);
$multi = new LoginRateLimiter(['loginRateLimit' => 4, 'loginRateLimitInterval' => '100 seconds'], 'multi');
$multi->consume('198.51.100.2', 4);
TestClock::advance(150);
$one = $multi->peek('198.51.100.2');
$three = $multi->consume('198.51.100.2', 3);
printf("1 token: %s, 3 tokens: %s (%s)\n", $one->isAccepted() ? 'now' : 'later', $three->isAccepted() ? 'now' : 'later', $three->getRetryAfter()->format('U.u'));
TestClock::set((float) $three->getRetryAfter()->format('U.u') - 0.000001);
var_dump($multi->consume('198.51.100.2', 3)->isAccepted());
TestClock::set((float) $three->getRetryAfter()->format('U.u'));
var_dump($multi->consume('198.51.100.2', 3)->isAccepted());
?>
--EXPECT--
bool(false)
DateTimeImmutable 2027-01-15T08:15:00.000001+00:00
bool(false)
bool(false)
bool(true)
bool(true)
1 token: now, 3 tokens: later (1800010150.000001)
bool(false)
bool(true)
