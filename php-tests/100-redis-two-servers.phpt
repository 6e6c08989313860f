--TEST--
Redis: two PHP processes that share no memory (two web servers) count on one exact counter
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; if ($reason = redis_skip_reason()) die("skip $reason"); ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$dir = temp_dir('redis100');
$port = redis_port();
$redis = redis_start($dir, $port);
$ini = ['login_ratelimit.redis_url' => "redis://127.0.0.1:$port/0", 'login_ratelimit.redis_timeout_ms' => 2000,
    'error_log' => "$dir/php.log", 'log_errors' => 1];

// Both start hammering one client at the same instant; a new limiter per "request".
$hammer = fn (float $start) => '<?php
    while (microtime(true) < ' . $start . ') { usleep(200); }
    $accepted = 0;
    for ($i = 0; $i < 200; $i++) {
        $limiter = new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 50], "BE");
        $accepted += $limiter->consume("203.0.113.66")->isAccepted() ? 1 : 0;
    }
    echo $accepted;';
$start = microtime(true) + 0.3;
$accepted = run_php_all([$hammer($start), $hammer($start)], $ini);
echo "with Redis: 2 servers, 400 attempts, ", array_sum(array_map('intval', $accepted)), " accepted\n";
// The same without Redis: each server counts alone.
$start = microtime(true) + 0.3;
$alone = run_php_all([$hammer($start), $hammer($start)], ['error_log' => "$dir/alone.log"]);
echo "without Redis: ", array_sum(array_map('intval', $alone)), " accepted\n";

// What one server counts, the other sees; a reset in one is seen by the other.
[$out] = run_php('<?php $l = new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 5], "FE");
    $l->consume("198.51.100.1", 3); $l->consume("198.51.100.2", 5); $l->reset("198.51.100.2"); echo "done\n";', $ini);
echo $out;
[$out] = run_php('<?php $l = new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 5], "FE");
    echo $l->peek("198.51.100.1")->getRemainingTokens(), " ", $l->peek("198.51.100.2")->getRemainingTokens(), " ", $l->peek("198.51.100.3")->getRemainingTokens(), "\n";
    $s = LoginRateLimit\LoginRateLimiter::stats();
    echo $s["backend"], " errors ", $s["redis_errors"], " fallback ", $s["fallback_answers"], " available ", var_export($s["redis_available"], true), "\n";', $ini);
echo $out;
// One key per state, under the default prefix; none for the reset client.
echo redis_cli($port, 'KEYS', 'login_ratelimit:FE:*'), "\n";
// Redis decides which rejection is the first: one line for both servers, as for one.
echo preg_replace('/^\[[^\]]*\] /m', '', file_get_contents("$dir/php.log"));
redis_stop($redis);
exec('rm -rf ' . escapeshellarg($dir));
?>
--EXPECTF--
with Redis: 2 servers, 400 attempts, 50 accepted
without Redis: 100 accepted
done
2 5 5
redis errors 0 fallback 0 available true
login_ratelimit:FE:04c6336401
login_ratelimit: blocked BE login attempts from 203.0.113.66 (50 in 900 s) until %s
