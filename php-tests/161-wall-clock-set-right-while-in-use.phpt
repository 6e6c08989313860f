--TEST--
A wall clock set right (or wrong) while a table is in use, in one process or between the processes of a table file: lock-outs neither end nor stretch, retry times follow the wall clock
--SKIPIF--
<?php
require __DIR__ . '/faketime.inc';
if ($reason = faketime_skip_reason()) die("skip $reason");
?>
--FILE--
<?php
require __DIR__ . '/faketime.inc';
// Blocks a client at the first call, then says how it stands; with a clock file, NTP then sets
// the wall clock right and it says again.
$probe = <<<'PHP'
<?php
function standing(string $when): void
{
    $limiter = new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => 5, 'loginRateLimitInterval' => '15 minutes']);
    $accepted = 0;
    for ($i = 0; $i < 10 && $when === 'first'; $i++) {
        $accepted += (int) $limiter->consume('192.0.2.9')->isAccepted();
    }
    $answer = $limiter->consume('192.0.2.9');
    $wait = (float) $answer->getRetryAfter()->format('U.u') - microtime(true);
    printf("%s, the wall clock in %s: %s%s, retry %s\n", $when, date('Y') === '1973' || date('Y') === '2058' ? date('Y') : 'this year',
        $when === 'first' ? "$accepted of 10 accepted, then " : '',
        $answer->isAccepted() ? 'accepted' : 'rejected',
        $wait > 800 && $wait <= 900 && $answer->getRetryAfter()->format('Y') === date('Y') ? 'in at most 15 minutes, that year' : "in $wait s (" . $answer->getRetryAfter()->format('c') . ')');
}
standing($argv[1] ?? 'first');
if ($clock = getenv('FAKETIME_TIMESTAMP_FILE')) {
    file_put_contents($clock, "+0\n");
    standing('after NTP');
}
PHP;
$dir = temp_dir('wall-clock-set-right');

echo "one process, anonymous table:\n";
file_put_contents("$dir/clock", "@1973-06-01 00:00:00\n");
$results = run_php_at_clocks(["file:$dir/clock" => $probe]);
echo '  ', implode("\n  ", output_lines($results["file:$dir/clock"])), "\n";

echo "a table file made in 1973, then used by processes of other wall clocks:\n";
$table = ['login_ratelimit.shm_path' => "$dir/table", 'login_ratelimit.shm_size' => '1M'];
foreach (['@1973-06-01 00:00:00', '', '@2058-01-01 00:00:00'] as $i => $clock) {
    $results = run_php_at_clocks([$clock => str_replace("\$argv[1] ?? 'first'", $i === 0 ? "'first'" : "'next'", $probe)], $table);
    echo '  ', implode("\n  ", output_lines($results[$clock])), "\n";
}
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECTF--
one process, anonymous table:
  startup warning: login_ratelimit: the wall clock reads 1973-06-01T00:00:00Z, %s
  first, the wall clock in 1973: 5 of 10 accepted, then rejected, retry in at most 15 minutes, that year
  after NTP, the wall clock in this year: rejected, retry in at most 15 minutes, that year
a table file made in 1973, then used by processes of other wall clocks:
  startup warning: login_ratelimit: the wall clock reads 1973-06-01T00:00:%dZ, %s
  first, the wall clock in 1973: 5 of 10 accepted, then rejected, retry in at most 15 minutes, that year
  next, the wall clock in this year: rejected, retry in at most 15 minutes, that year
  startup warning: login_ratelimit: the wall clock reads 2058-01-01T00:00:%dZ, %s
  next, the wall clock in 2058: rejected, retry in at most 15 minutes, that year
