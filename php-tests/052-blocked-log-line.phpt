--TEST--
The blocked line names the login type, the client as it is counted, the policy and the retry time
--INI--
login_ratelimit.test_clock=1
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use LoginRateLimit\{LoginRateLimiter, TestClock};
$log = tempnam(sys_get_temp_dir(), 'lrl-log');
ini_set('error_log', $log);
// Locks $client out with $limiter, starting at $start; returns what was logged meanwhile.
function lock_out(LoginRateLimiter $limiter, string $client, float $start): void
{
    global $log;
    file_put_contents($log, '');
    TestClock::set($start);
    for ($i = 0; $i <= $limiter->getLimit() + 2; $i++) {
        $limiter->consume($client);
    }
    foreach (file($log, FILE_IGNORE_NEW_LINES) as $line) {
        echo preg_replace('/^\[[^\]]+\] /', '', $line), "\n";
    }
}
$be = new LoginRateLimiter(['loginRateLimit' => 5], 'BE');
$fe = new LoginRateLimiter(['loginRateLimitInterval' => '1 hour'], 'FE');
// 2026-11-24T10:00:02.999999Z: the retry time, 15 minutes and 1 µs later, is written as :03.
lock_out($be, '203.0.113.44', 1795514402.999999);
// On a whole second, the 1 µs still rounds up.
lock_out($fe, '203.0.113.44', 1795514403.0);
lock_out($be, '2001:db8:1:2:aaaa:bbbb:cccc:dddd', 1795514403.5);
// Another address of the same /64 is the same client: still locked out, nothing new.
lock_out($be, '2001:db8:1:2::1', 1795514404.0);
lock_out($be, '::ffff:198.51.100.7', 1795514403.5);
lock_out($be, '2001:DB8:0:0:1::1', 1795514403.5);
// Excluded and disabled clients are never limited, so never logged.
lock_out(new LoginRateLimiter(['loginRateLimitIpExcludeList' => '192.0.2.0/24', 'loginRateLimit' => 1]), '192.0.2.1', 1795514403.5);
lock_out(new LoginRateLimiter(['loginRateLimit' => 0]), '192.0.2.2', 1795514403.5);
// The IPv6 prefix setting decides what is written, as it decides what is counted.
$code = <<<'PHP'
<?php
$limiter = new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => 1], 'BE');
for ($i = 0; $i < 3; $i++) {
    $limiter->consume('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
}
PHP;
foreach (['48', '128'] as $prefix) {
    [$out, $err] = run_php($code, ['login_ratelimit.ipv6_prefix' => $prefix, 'login_ratelimit.test_clock' => '1', 'error_log' => '']);
    echo "prefix $prefix: ", preg_replace('/ until .*/s', '', $out . $err), "\n";
}
unlink($log);
?>
--EXPECT--
login_ratelimit: blocked BE login attempts from 203.0.113.44 (5 in 900 s) until 2026-11-24T10:15:03Z
login_ratelimit: blocked FE login attempts from 203.0.113.44 (10 in 3600 s) until 2026-11-24T11:00:04Z
login_ratelimit: blocked BE login attempts from 2001:db8:1:2::/64 (5 in 900 s) until 2026-11-24T10:15:04Z
login_ratelimit: blocked BE login attempts from 198.51.100.7 (5 in 900 s) until 2026-11-24T10:15:04Z
login_ratelimit: blocked BE login attempts from 2001:db8::/64 (5 in 900 s) until 2026-11-24T10:15:04Z
prefix 48: login_ratelimit: blocked BE login attempts from 2001:db8:1::/48 (1 in 900 s)
prefix 128: login_ratelimit: blocked BE login attempts from 2001:db8:1:2:aaaa:bbbb:cccc:dddd (1 in 900 s)
