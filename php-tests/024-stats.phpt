--TEST--
stats() reports the shared table's backend, capacity, entries, evictions and memory
--FILE--
<?php
$stats = LoginRateLimit\LoginRateLimiter::stats();
foreach (['backend', 'capacity', 'entries', 'evictions', 'memory_bytes', 'bytes_per_client', 'lock_takeovers', 'location', 'ipv6_prefix'] as $key) {
    echo $key, ': ', var_export(array_key_exists($key, $stats), true), "\n";
}
echo $stats['backend'], ' ', $stats['capacity'], ' ', $stats['memory_bytes'], ' ', $stats['entries'], "\n";
var_dump($stats['bytes_per_client'] < 64);
$limiter = new LoginRateLimit\LoginRateLimiter([], 'stats');
for ($i = 1; $i <= 300; $i++) {
    $limiter->consume("10.1." . intdiv($i, 256) . "." . ($i % 256));
}
echo LoginRateLimit\LoginRateLimiter::stats()['entries'], "\n";
?>
--EXPECT--
backend: true
capacity: true
entries: true
evictions: true
memory_bytes: true
bytes_per_client: true
lock_takeovers: true
location: true
ipv6_prefix: true
shared-anonymous 917280 16777216 0
bool(true)
300
