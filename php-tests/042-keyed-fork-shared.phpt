--TEST--
RateLimiter: forked worker processes share one exact counter per key (e-mail, non-ASCII and binary keys)
--SKIPIF--
<?php if (!function_exists('pcntl_fork')) die('skip pcntl is not available'); ?>
--FILE--
<?php
use LoginRateLimit\{LoginRateLimiter, RateLimiter};
const WORKERS = 8;
const ATTEMPTS = 200;
const LIMIT = 50;
// Keys that differ only in case, in their encoding or by a NUL byte are different keys.
const SHARED_KEYS = ['jane@example.com', 'Jane@example.com', "j\xc3\xbcrgen@b\xc3\xbccher.example", "j\xfcrgen@b\xfccher.example", "\x00\xff\x01binary", "\x00\xff\x01binary\x00"];
$results = tempnam(sys_get_temp_dir(), 'lrl');
$children = [];
for ($w = 0; $w < WORKERS; $w++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        $accepted = array_fill(0, count(SHARED_KEYS), 0);
        for ($i = 0; $i < ATTEMPTS; $i++) {
            // A new limiter per "request", as TYPO3's factory builds them.
            $limiter = new RateLimiter('password-recovery', LIMIT, '15 minutes');
            foreach (SHARED_KEYS as $k => $key) {
                $accepted[$k] += $limiter->consume($key)->isAccepted() ? 1 : 0;
            }
            // Each worker also has a key of its own.
            $limiter->consume("user-$w@example.com");
        }
        file_put_contents($results, implode(' ', $accepted) . "\n", FILE_APPEND | LOCK_EX);
        exit(0);
    }
    $children[] = $pid;
}
foreach ($children as $pid) {
    pcntl_waitpid($pid, $status);
}
$lines = file($results, FILE_IGNORE_NEW_LINES);
unlink($results);
$totals = array_fill(0, count(SHARED_KEYS), 0);
foreach ($lines as $line) {
    foreach (explode(' ', $line) as $k => $count) {
        $totals[$k] += (int) $count;
    }
}
echo count($lines), " workers, ", WORKERS * ATTEMPTS, " attempts per key, accepted: ", implode(' ', $totals), "\n";
// The parent sees what the workers did.
$limiter = new RateLimiter('password-recovery', LIMIT, '15 minutes');
foreach (SHARED_KEYS as $key) {
    echo $limiter->peek($key)->getRemainingTokens(), ' ';
}
echo $limiter->peek('user-3@example.com')->getRemainingTokens(), "\n";
echo LoginRateLimiter::stats()['entries'], " entries\n";
// A reset in one process is seen by the others, and resets only that key.
$limiter->reset('jane@example.com');
$pid = pcntl_fork();
if ($pid === 0) {
    exit($limiter->peek('jane@example.com')->getRemainingTokens() === LIMIT
        && $limiter->peek('Jane@example.com')->getRemainingTokens() === 0 ? 0 : 1);
}
pcntl_waitpid($pid, $status);
echo 'child saw the reset: ', var_export(pcntl_wexitstatus($status) === 0, true), "\n";
?>
--EXPECT--
8 workers, 1600 attempts per key, accepted: 50 50 50 50 50 50
0 0 0 0 0 0 0
14 entries
child saw the reset: true
