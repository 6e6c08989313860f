--TEST--
A table filled to 75 % and 90 % of its capacity keeps its clients, and says in the error log, at most once a minute, when it runs full
--INI--
login_ratelimit.shm_size=1M
login_ratelimit.test_clock=1
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use LoginRateLimit\LoginRateLimiter;
use LoginRateLimit\TestClock;

$log = sys_get_temp_dir() . '/lrl-table-full-' . getmypid() . '.log';
@unlink($log);
ini_set('error_log', $log);
function full_lines(string $log): array
{
    $lines = is_file($log) ? file($log, FILE_IGNORE_NEW_LINES) : [];
    return array_values(array_filter($lines, fn ($line) => str_contains($line, 'shared table full')));
}
function client(int $i): string
{
    return sprintf('10.%d.%d.%d', $i >> 16 & 255, $i >> 8 & 255, $i & 255);
}

$limiter = new LoginRateLimiter(['loginRateLimit' => 5], 'BE');
$capacity = LoginRateLimiter::stats()['capacity'];
echo "capacity $capacity\n";
$inserted = 0;
foreach ([75 => 0.0005, 90 => 0.015] as $percent => $bound) {
    for ($until = intdiv($capacity * $percent, 100); $inserted < $until; $inserted++) {
        $limiter->consume(client($inserted));
    }
    $stats = LoginRateLimiter::stats();
    // Every client made one attempt: one still held shows it, one lost shows none.
    $held = $lost = $other = 0;
    for ($i = 0; $i < $inserted; $i++) {
        match ($limiter->peek(client($i))->getRemainingTokens()) {
            4 => $held++,
            5 => $lost++,
            default => $other++,
        };
    }
    printf("%d %%: lost share at most %s %%: %s\n", $percent, $bound * 100, var_export($lost / $inserted <= $bound, true));
    check($other === 0, "every client held shows exactly its attempt ($other do not)");
    check($lost === $stats['evictions'], "lost $lost = evictions {$stats['evictions']}");
    check($held === $stats['entries'], "held $held = entries {$stats['entries']}");
    check(is_float($stats['load']) && abs($stats['load'] - $held / $capacity) < 1e-9, "load {$stats['load']}");
    check(count(full_lines($log)) === ($lost > 0 ? 1 : 0), 'a line once a state is lost, none before');
}

// Past the capacity every new client costs a live state: one line, however many are lost.
for (; $inserted < $capacity * 1.2; $inserted++) {
    $limiter->consume(client($inserted));
}
$lines = full_lines($log);
echo 'lines after filling to 120 %: ', count($lines), "\n";
echo preg_replace('/^\[[^\]]+\] /', '', preg_replace('/\(\d+ clients/', '(N clients', $lines[0])), "\n";
preg_match('/\((\d+) clients/', $lines[0], $m);
check($m[1] >= 0.75 * $capacity && $m[1] <= $capacity, "the line counts the clients held then ({$m[1]})");
check(LoginRateLimiter::stats()['evictions'] > 0.15 * $capacity, 'states were lost');
TestClock::advance(59);
for ($n = 0; $n < 1000; $n++, $inserted++) {
    $limiter->consume(client($inserted));
}
echo 'lines 59 s later: ', count(full_lines($log)), "\n";
TestClock::advance(2);
for ($n = 0; $n < 1000; $n++, $inserted++) {
    $limiter->consume(client($inserted));
}
echo 'lines 61 s later: ', count(full_lines($log)), "\n";
unlink($log);
?>
--EXPECT--
capacity 57120
75 %: lost share at most 0.05 %: true
90 %: lost share at most 1.5 %: true
lines after filling to 120 %: 1
login_ratelimit: shared table full (N clients, capacity 57120): raise login_ratelimit.shm_size (now 1M)
lines 59 s later: 1
lines 61 s later: 2
