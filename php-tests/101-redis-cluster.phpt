--TEST--
Redis Cluster: three masters on loopback, clients spread over all of them, exact counting
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; if ($reason = redis_skip_reason()) die("skip $reason"); ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$dir = temp_dir('redis101');
[$processes, $ports] = redis_cluster_start($dir);
// Two seed nodes are enough: the client learns the third from the cluster.
$ini = ['login_ratelimit.redis_url' => "redis://127.0.0.1:{$ports[0]}, redis://127.0.0.1:{$ports[1]}",
    'login_ratelimit.redis_timeout_ms' => 2000, 'error_log' => "$dir/php.log", 'log_errors' => 1, 'login_ratelimit.log_blocked' => 0];

// Two servers at once, 40 clients each tried 10 times by each: 5 accepted per client in all.
$hammer = fn (float $start) => '<?php
    while (microtime(true) < ' . $start . ') { usleep(200); }
    $accepted = 0;
    for ($round = 0; $round < 10; $round++) {
        $limiter = new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 5], "BE");
        for ($c = 0; $c < 40; $c++) {
            $accepted += $limiter->consume("192.0.2.$c")->isAccepted() ? 1 : 0;
        }
    }
    echo $accepted, " ", LoginRateLimit\LoginRateLimiter::stats()["backend"];';
$start = microtime(true) + 0.3;
$outputs = run_php_all([$hammer($start), $hammer($start)], $ini);
$total = 0;
foreach ($outputs as $out) {
    [$accepted, $backend] = explode(' ', $out) + [1 => $out];
    $total += (int) $accepted;
}
echo "$backend: 800 attempts on 40 clients, limit 5: $total accepted\n";
$keys = array_map(fn ($port) => (int) redis_cli($port, 'DBSIZE'), $ports);
echo "keys on each master: ", implode(' + ', $keys), " = ", array_sum($keys), "\n";
check(min($keys) > 0, 'every master holds states');
// A reset through one seed is seen through the other.
[$out] = run_php('<?php (new LoginRateLimit\LoginRateLimiter([], "BE"))->reset("192.0.2.7");', $ini);
$ini['login_ratelimit.redis_url'] = "redis://127.0.0.1:{$ports[2]},redis://127.0.0.1:{$ports[0]}";
[$out] = run_php('<?php $l = new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 5], "BE");
    echo $l->peek("192.0.2.7")->getRemainingTokens(), " ", $l->peek("192.0.2.8")->getRemainingTokens(), "\n";', $ini);
echo $out;
echo 'log: ', @file_get_contents("$dir/php.log") ?: 'empty', "\n";
array_map('redis_stop', $processes);
exec('rm -rf ' . escapeshellarg($dir));
?>
--EXPECTF--
redis-cluster: 800 attempts on 40 clients, limit 5: 200 accepted
keys on each master: %d + %d + %d = 40
5 0
log: empty
