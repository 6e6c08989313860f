--TEST--
TestClock takes only instants at which the table counts every interval exactly, and names that range
--INI--
login_ratelimit.test_clock=1
--FILE--
<?php
require __DIR__ . '/helpers.inc';
// The last instant of the range (2053-09-03T05:58:26Z): a 366-day window still counts exactly.
$last = 2640491906.0;
function burst(string $client): string
{
    $limiter = new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => 5, 'loginRateLimitInterval' => '366 days']);
    $accepted = 0;
    for ($i = 0; $i < 1000; $i++) {
        $accepted += (int) $limiter->consume($client)->isAccepted();
    }
    $wait = (float) $limiter->consume($client)->getRetryAfter()->format('U.u') - LoginRateLimit\TestClock::now();
    return "$accepted of 1000 accepted, retry in " . round($wait / 86400, 6) . ' days';
}
LoginRateLimit\TestClock::set($last);
echo 'limit 5 per 366 days, at the last instant: ', burst('192.0.2.9'), "\n";
// A lock-out that ends at the last instant lasts its whole length.
LoginRateLimit\TestClock::set($last - 366 * 86400);
echo 'limit 5 per 366 days, 366 days earlier: ', burst('192.0.2.10'), "\n";
$limiter = new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => 5, 'loginRateLimitInterval' => '366 days']);
$retry = (float) $limiter->consume('192.0.2.10')->getRetryAfter()->format('U.u');
LoginRateLimit\TestClock::set($retry - 0.00001);
echo 'just before the retry time: ', $limiter->consume('192.0.2.10')->isAccepted() ? 'accepted' : 'rejected', "\n";
LoginRateLimit\TestClock::set($retry + 0.00001);
echo 'just after it: ', $limiter->consume('192.0.2.10')->isAccepted() ? 'accepted' : 'rejected', "\n";
foreach ([1577836800.0, $last, 1577836799.0, $last + 1, 2700000000.0, 1e300, -1e300, NAN, INF] as $instant) {
    show_throw(fn () => LoginRateLimit\TestClock::set($instant));
}
show_throw(fn () => LoginRateLimit\TestClock::advance(1));
echo LoginRateLimit\TestClock::now(), "\n";
?>
--EXPECT--
limit 5 per 366 days, at the last instant: 5 of 1000 accepted, retry in 366 days
limit 5 per 366 days, 366 days earlier: 5 of 1000 accepted, retry in 366 days
just before the retry time: rejected
just after it: accepted
no exception
no exception
InvalidArgumentException: Test time 1577836799 is outside the supported range 2020-01-01T00:00:00Z to 2053-09-03T05:58:26Z
InvalidArgumentException: Test time 2640491907 is outside the supported range 2020-01-01T00:00:00Z to 2053-09-03T05:58:26Z
InvalidArgumentException: Test time 2700000000 is outside the supported range 2020-01-01T00:00:00Z to 2053-09-03T05:58:26Z
InvalidArgumentException: Test time 1e300 is outside the supported range 2020-01-01T00:00:00Z to 2053-09-03T05:58:26Z
InvalidArgumentException: Test time -1e300 is outside the supported range 2020-01-01T00:00:00Z to 2053-09-03T05:58:26Z
InvalidArgumentException: Test time NaN is outside the supported range 2020-01-01T00:00:00Z to 2053-09-03T05:58:26Z
InvalidArgumentException: Test time inf is outside the supported range 2020-01-01T00:00:00Z to 2053-09-03T05:58:26Z
InvalidArgumentException: Test time 2640491907 is outside the supported range 2020-01-01T00:00:00Z to 2053-09-03T05:58:26Z
2640491906
