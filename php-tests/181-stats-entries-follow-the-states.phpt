--TEST--
stats()['entries'] follows the states as they change: a reset takes its client off at once, an expired state soon after it expires (here within a third of its interval), and load is entries over capacity
--INI--
login_ratelimit.test_clock=1
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use LoginRateLimit\LoginRateLimiter;
use LoginRateLimit\TestClock;

function entries(string $when): void
{
    $stats = LoginRateLimiter::stats();
    check(abs($stats['load'] - $stats['entries'] / $stats['capacity']) < 1e-12, "load {$stats['load']}");
    echo "$when: {$stats['entries']}\n";
}

TestClock::set(1800000000.0);
// A state lives until its window ends plus one interval: 2 minutes, and 30 minutes.
$minute = new LoginRateLimiter(['loginRateLimit' => 3, 'loginRateLimitInterval' => '1 minute'], 'BE');
$quarter = new LoginRateLimiter(['loginRateLimit' => 3], 'FE');
for ($i = 1; $i <= 10; $i++) {
    $minute->consume("192.0.2.$i");
    $quarter->consume("198.51.100.$i");
}
entries('20 clients');
$minute->reset('192.0.2.1');
$quarter->reset('198.51.100.1');
entries('two reset');
TestClock::advance(119);
$minute->consume('192.0.2.2');
entries('119 s later, one client again');
TestClock::advance(21);
entries('140 s: the 1-minute states that ended 20 s ago');  // but the one back at 119 s
TestClock::advance(1659);
entries('1799 s');
TestClock::advance(301);
entries('2100 s: the 15-minute states that ended 300 s ago');
$quarter->consume('198.51.100.1');
entries('a client back');
?>
--EXPECT--
20 clients: 20
two reset: 18
119 s later, one client again: 18
140 s: the 1-minute states that ended 20 s ago: 10
1799 s: 9
2100 s: the 15-minute states that ended 300 s ago: 0
a client back: 1
