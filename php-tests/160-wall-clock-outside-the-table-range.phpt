--TEST--
A wall clock outside 2020 to 2044 (a board without a clock before NTP, a broken one): exact limiting all the same, retry times on the wall clock, one startup warning
--SKIPIF--
<?php
require __DIR__ . '/faketime.inc';
if ($reason = faketime_skip_reason()) die("skip $reason");
?>
--FILE--
<?php
require __DIR__ . '/faketime.inc';
$probe = <<<'PHP'
<?php
echo 'the wall clock reads ', date('Y-m-d', time()), "\n";
$five = new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => 5, 'loginRateLimitInterval' => '15 minutes']);
$accepted = 0;
for ($i = 0; $i < 1000; $i++) {
    $accepted += (int) $five->consume('192.0.2.9')->isAccepted();
}
$retry = $five->consume('192.0.2.9')->getRetryAfter();
$wait = (float) $retry->format('U.u') - microtime(true);
printf("limit 5: %d of 1000 accepted; retry %s\n", $accepted,
    $wait > 899 && $wait <= 900 ? 'in 15 minutes, on ' . $retry->format('Y-m-d') : "in $wait s, on " . $retry->format('c'));
// A one-second limiter: blocked, then accepted once its retry time has come.
$one = new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => 1, 'loginRateLimitInterval' => '1 second'], 'FE');
$first = $one->consume('192.0.2.1')->isAccepted();
$blocked = $one->consume('192.0.2.1');
$wait = (float) $blocked->getRetryAfter()->format('U.u') - microtime(true);
if ($wait > 0 && $wait <= 2) {
    usleep((int) ceil($wait * 1e6));
}
printf("limit 1 per second: %s, %s, after the retry time %s\n",
    $first ? 'accepted' : 'rejected', $blocked->isAccepted() ? 'accepted' : 'rejected',
    $one->consume('192.0.2.1')->isAccepted() ? 'accepted' : "rejected (retry was in $wait s)");
PHP;
$results = run_php_at_clocks(['@1973-06-01 00:00:00' => $probe, '@2058-01-01 00:00:00' => $probe]);
foreach ($results as $clock => $result) {
    echo "$clock:\n  ", implode("\n  ", output_lines($result)), "\n";
}
?>
--EXPECTF--
@1973-06-01 00:00:00:
  startup warning: login_ratelimit: the wall clock reads 1973-06-01T00:00:%dZ, outside 2020-01-01T00:00:00Z to 2044-01-01T00:00:00Z, the years a table's clock can start in (is the system clock set?); limiting is not affected: windows are measured on the table's own clock, now at 2020-01-01T00:00:%dZ, and retry times are still shown on the wall clock
  the wall clock reads 1973-06-01
  limit 5: 5 of 1000 accepted; retry in 15 minutes, on 1973-06-01
  limit 1 per second: accepted, rejected, after the retry time accepted
@2058-01-01 00:00:00:
  startup warning: login_ratelimit: the wall clock reads 2058-01-01T00:00:%dZ, outside 2020-01-01T00:00:00Z to 2044-01-01T00:00:00Z, the years a table's clock can start in (is the system clock set?); limiting is not affected: windows are measured on the table's own clock, now at 2044-01-01T00:00:%dZ, and retry times are still shown on the wall clock
  the wall clock reads 2058-01-01
  limit 5: 5 of 1000 accepted; retry in 15 minutes, on 2058-01-01
  limit 1 per second: accepted, rejected, after the retry time accepted
