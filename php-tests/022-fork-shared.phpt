--TEST--
Forked worker processes share one exact counter per client
--SKIPIF--
<?php if (!function_exists('pcntl_fork')) die('skip pcntl is not available'); ?>
--FILE--
<?php
use LoginRateLimit\LoginRateLimiter;
const WORKERS = 8;
const ATTEMPTS = 200;
$results = tempnam(sys_get_temp_dir(), 'lrl');
$children = [];
for ($w = 0; $w < WORKERS; $w++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        // A new limiter per "request", as TYPO3 builds them.
        $accepted = 0;
        for ($i = 0; $i < ATTEMPTS; $i++) {
            $limiter = new LoginRateLimiter(['loginRateLimit' => 50], 'BE');
            $accepted += $limiter->consume('203.0.113.66')->isAccepted() ? 1 : 0;
            // Each worker also has a client of its own.
            $limiter->consume("198.51.100.$w");
        }
        file_put_contents($results, getmypid() . " $accepted\n", FILE_APPEND | LOCK_EX);
        exit(0);
    }
    $children[] = $pid;
}
foreach ($children as $pid) {
    pcntl_waitpid($pid, $status);
}
$lines = file($results, FILE_IGNORE_NEW_LINES);
unlink($results);
$total = array_sum(array_map(fn ($line) => (int) explode(' ', $line)[1], $lines));
echo count($lines), " workers, ", WORKERS * ATTEMPTS, " attempts, $total accepted\n";
// The parent sees what the workers did: the shared client is spent, and so is each worker's own.
$limiter = new LoginRateLimiter(['loginRateLimit' => 50], 'BE');
var_dump($limiter->peek('203.0.113.66')->getRemainingTokens(), $limiter->peek('198.51.100.3')->getRemainingTokens());
echo LoginRateLimiter::stats()['entries'], " entries\n";
// A reset in one process is seen by the others.
$limiter->reset('203.0.113.66');
$pid = pcntl_fork();
if ($pid === 0) {
    exit($limiter->peek('203.0.113.66')->getRemainingTokens() === 50 ? 0 : 1);
}
pcntl_waitpid($pid, $status);
echo 'child saw the reset: ', var_export(pcntl_wexitstatus($status) === 0, true), "\n";
?>
--EXPECT--
8 workers, 1600 attempts, 50 accepted
int(0)
int(0)
9 entries
child saw the reset: true
