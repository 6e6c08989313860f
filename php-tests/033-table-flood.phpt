--TEST--
Flood: with a small table, blocked clients stay blocked while three times its capacity of new clients arrive
--INI--
login_ratelimit.shm_size=64K
error_log=/dev/null
--FILE--
<?php
use LoginRateLimit\LoginRateLimiter;
$limiter = new LoginRateLimiter(['loginRateLimit' => 3], 'BE');
$capacity = LoginRateLimiter::stats()['capacity'];
echo "capacity $capacity\n";
// 300 attackers, each blocked.
$attackers = [];
for ($i = 0; $i < 300; $i++) {
    $attackers[] = $ip = '203.0.' . intdiv($i, 256) . '.' . ($i % 256);
    for ($n = 0; $n < 4; $n++) {
        $limiter->consume($ip);
    }
}
// Three times the capacity of new clients, each making one attempt: all get answers.
$answered = 0;
for ($i = 0; $i < 3 * $capacity; $i++) {
    $answered += $limiter->consume(sprintf('10.%d.%d.%d', $i >> 16 & 255, $i >> 8 & 255, $i & 255))->isAccepted() ? 1 : 0;
}
echo "flood attempts accepted: ", $answered === 3 * $capacity ? 'all' : $answered, "\n";
$stillBlocked = count(array_filter($attackers, fn ($ip) => !$limiter->peek($ip)->isAccepted()));
echo "attackers still blocked: $stillBlocked of 300\n";
$stats = LoginRateLimiter::stats();
printf("entries %s capacity, evictions at least twice the capacity: %s\n", $stats['entries'] <= $stats['capacity'] ? 'within' : 'ABOVE', var_export($stats['evictions'] >= 2 * $capacity, true));
?>
--EXPECT--
capacity 3360
flood attempts accepted: all
attackers still blocked: 300 of 300
entries within capacity, evictions at least twice the capacity: true
