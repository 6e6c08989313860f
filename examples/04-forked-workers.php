<?php
// Worker processes forked after start-up (as PHP-FPM forks its workers) share one exact counter:
// 8 workers making 100 parallel attempts each for one client get exactly loginRateLimit accepted.
use LoginRateLimit\LoginRateLimiter;

if (!function_exists('pcntl_fork')) {
    exit("pcntl is not available in this PHP build\n");
}
$results = tempnam(sys_get_temp_dir(), 'lrl-demo');
$workers = [];
for ($w = 0; $w < 8; $w++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        $accepted = 0;
        for ($i = 0; $i < 100; $i++) {
            $accepted += (new LoginRateLimiter(['loginRateLimit' => 10], 'BE'))->consume('203.0.113.99')->isAccepted() ? 1 : 0;
        }
        file_put_contents($results, "worker " . getmypid() . " accepted $accepted\n", FILE_APPEND | LOCK_EX);
        exit(0);
    }
    $workers[] = $pid;
}
foreach ($workers as $pid) {
    pcntl_waitpid($pid, $status);
}
$lines = file($results);
unlink($results);
echo implode('', $lines);
$total = array_sum(array_map(fn ($line) => (int) substr(strrchr(trim($line), ' '), 1), $lines));
echo "total accepted by 8 workers for one client: $total (limit 10)\n";
$stats = LoginRateLimiter::stats();
printf("table: %s, %d clients capacity, %d bytes, %d entries\n", $stats['backend'], $stats['capacity'], $stats['memory_bytes'], $stats['entries']);
