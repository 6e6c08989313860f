--TEST--
Forked workers hammering one client past the limit write exactly one line to PHP's error log
--SKIPIF--
<?php if (!function_exists('pcntl_fork')) die('skip pcntl is not available'); ?>
--FILE--
<?php
use LoginRateLimit\LoginRateLimiter;
require __DIR__ . "/helpers.inc";
const WORKERS = 8;
const ATTEMPTS = 100;
$log = tempnam(sys_get_temp_dir(), 'lrl-log');
ini_set('error_log', $log);
$children = [];
for ($w = 0; $w < WORKERS; $w++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        for ($i = 0; $i < ATTEMPTS; $i++) {
            // A new limiter per "request", as TYPO3 builds them.
            $limiter = new LoginRateLimiter(['loginRateLimit' => 50], 'BE');
            $limiter->consume('203.0.113.44');
            // Each worker also locks out a client of its own, and leaves one below the limit.
            $limiter->consume("198.51.100.$w");
            if ($i < 49) {
                $limiter->consume("192.0.2.$w");
            }
        }
        exit(0);
    }
    $children[] = $pid;
}
foreach ($children as $pid) {
    pcntl_waitpid($pid, $status);
}
$lines = file($log, FILE_IGNORE_NEW_LINES);
unlink($log);
echo count($lines), " lines\n";
$clients = [];
foreach ($lines as $line) {
    // [date] login_ratelimit: blocked BE login attempts from 203.0.113.44 (50 in 900 s) until 2026-11-24T10:15:03Z
    if (!preg_match('/^\[[^\]]+\] login_ratelimit: blocked BE login attempts from (\S+) \(50 in 900 s\) until (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$/', $line, $m)) {
        echo "unexpected line: $line\n";
        continue;
    }
    $clients[] = $m[1];
    // Blocked for about the interval from now: the first of the 50 hits leaves it then.
    $wait = strtotime($m[2]) - time();
    check($wait > 880 && $wait <= 901, "until is about 900 s away, not $wait s");
}
sort($clients);
echo implode("\n", $clients), "\n";
// Later rejections, in any worker, add nothing.
(new LoginRateLimiter(['loginRateLimit' => 50], 'BE'))->consume('203.0.113.44');
var_dump(file_exists($log));
?>
--EXPECT--
9 lines
198.51.100.0
198.51.100.1
198.51.100.2
198.51.100.3
198.51.100.4
198.51.100.5
198.51.100.6
198.51.100.7
203.0.113.44
bool(false)
