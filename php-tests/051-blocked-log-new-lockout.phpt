--TEST--
One line per lock-out: a new lock-out after an accepted attempt or a reset logs again; peek never logs
--INI--
login_ratelimit.test_clock=1
--FILE--
<?php
use LoginRateLimit\{LoginRateLimiter, TestClock};
$log = tempnam(sys_get_temp_dir(), 'lrl-log');
ini_set('error_log', $log);
function new_lines(string $log): void
{
    static $seen = 0;
    $lines = file($log, FILE_IGNORE_NEW_LINES);
    foreach (array_slice($lines, $seen) as $line) {
        echo '  logged: ', preg_replace('/^\[[^\]]+\] /', '', $line), "\n";
    }
    if (count($lines) === $seen) {
        echo "  nothing logged\n";
    }
    $seen = count($lines);
}
// 2026-11-24T10:00:03.25Z
TestClock::set(1795514403.25);
$limiter = new LoginRateLimiter(['loginRateLimit' => 3, 'loginRateLimitInterval' => '1 minute'], 'BE');
$attempt = function (int $n) use ($limiter): void {
    $answers = '';
    for ($i = 0; $i < $n; $i++) {
        $answers .= $limiter->consume('203.0.113.44')->isAccepted() ? '+' : '-';
        TestClock::advance(0.5);
    }
    echo "$answers\n";
};
echo "3 accepted, then locked out:\n";
$attempt(6);
new_lines($log);
echo "still locked out, and peeked at:\n";
$attempt(4);
$limiter->peek('203.0.113.44');
new_lines($log);
echo "the window has passed; a new lock-out:\n";
TestClock::advance(120);
$attempt(5);
new_lines($log);
echo "after a reset, a new lock-out:\n";
$limiter->reset('203.0.113.44');
$attempt(5);
new_lines($log);
echo "one accepted attempt while locked out ends the lock-out:\n";
$retry = $limiter->consume('203.0.113.44')->getRetryAfter();
TestClock::set((float) $retry->format('U.u'));
$attempt(2);
new_lines($log);
echo "a client that never reaches the limit is never logged:\n";
for ($i = 0; $i < 100; $i++) {
    $limiter->consume('198.51.100.1');
    TestClock::advance(30);
}
new_lines($log);
unlink($log);
?>
--EXPECT--
3 accepted, then locked out:
+++---
  logged: login_ratelimit: blocked BE login attempts from 203.0.113.44 (3 in 60 s) until 2026-11-24T10:01:04Z
still locked out, and peeked at:
----
  nothing logged
the window has passed; a new lock-out:
+++--
  logged: login_ratelimit: blocked BE login attempts from 203.0.113.44 (3 in 60 s) until 2026-11-24T10:03:09Z
after a reset, a new lock-out:
+++--
  logged: login_ratelimit: blocked BE login attempts from 203.0.113.44 (3 in 60 s) until 2026-11-24T10:03:11Z
one accepted attempt while locked out ends the lock-out:
+-
  logged: login_ratelimit: blocked BE login attempts from 203.0.113.44 (3 in 60 s) until 2026-11-24T10:03:31Z
a client that never reaches the limit is never logged:
  nothing logged