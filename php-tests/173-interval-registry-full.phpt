--TEST--
One table used by limiters of more than 63 intervals: each limits exactly; states of the further intervals are kept apart by interval
--INI--
login_ratelimit.test_clock=1
login_ratelimit.log_blocked=0
--FILE--
<?php
use LoginRateLimit\{LoginRateLimiter, TestClock};

TestClock::set(1800000000.0);
// 70 configurations of one login type, in the order they are first used: the table names 63
// intervals, the 64th and later are kept apart.
$limiters = [];
for ($n = 1; $n <= 70; $n++) {
    $limiters[$n] = new LoginRateLimiter(['loginRateLimit' => 2, 'loginRateLimitInterval' => "$n minutes"], 'BE');
}
$exact = 0;
foreach ($limiters as $n => $limiter) {
    $client = "192.0.2.$n";
    $answers = [$limiter->consume($client)->isAccepted(), $limiter->consume($client)->isAccepted()];
    $rejected = $limiter->consume($client);
    $at = (float) $rejected->getRetryAfter()->format('U.u');
    TestClock::set($at - 0.000001);
    $early = $limiter->peek($client)->isAccepted();
    TestClock::set($at);
    $exact += (int) ($answers === [true, true] && !$rejected->isAccepted() && !$early && $limiter->peek($client)->isAccepted());
    TestClock::set(1800000000.0);
}
echo "limiters that limit exactly, retry times included: $exact of 70\n";

// A client blocked under 1 minute (a named interval) is blocked for 2 minutes too, not for 70
// minutes (kept apart); 70 minutes and 65 minutes do not see each other either.
$blocked = '192.0.2.200';
$limiters[1]->consume($blocked);
$limiters[1]->consume($blocked);
printf("under 2 minutes: %s, under 70 minutes: %s\n", var_export($limiters[2]->consume($blocked)->isAccepted(), true),
    var_export($limiters[70]->consume($blocked)->isAccepted(), true));
$limiters[70]->consume($blocked);
printf("after 2 under 70 minutes: under 70 minutes %s, under 65 minutes %s\n", var_export($limiters[70]->peek($blocked)->isAccepted(), true),
    var_export($limiters[65]->peek($blocked)->isAccepted(), true));
// A reset by a limiter kept apart forgets the client's state and its own.
$limiters[70]->reset($blocked);
printf("after a reset under 70 minutes: under 1 minute %s, under 70 minutes %s\n", var_export($limiters[1]->peek($blocked)->isAccepted(), true),
    var_export($limiters[70]->peek($blocked)->isAccepted(), true));
?>
--EXPECT--
limiters that limit exactly, retry times included: 70 of 70
under 2 minutes: false, under 70 minutes: true
after 2 under 70 minutes: under 70 minutes false, under 65 minutes true
after a reset under 70 minutes: under 1 minute true, under 70 minutes true
