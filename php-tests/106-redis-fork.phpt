--TEST--
Redis: no connection before the first call, one per process, a forked child opens its own
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; if ($reason = redis_skip_reason()) die("skip $reason");
if (!function_exists('pcntl_fork')) die('skip pcntl is not available'); ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$dir = temp_dir('redis106');
$port = redis_port();
$redis = redis_start($dir, $port);
$ini = ['login_ratelimit.redis_url' => "redis://127.0.0.1:$port", 'login_ratelimit.redis_timeout_ms' => 2000,
    'error_log' => "$dir/php.log", 'log_errors' => 1, 'login_ratelimit.log_blocked' => 0];
// Connections Redis accepted since the first look, less those of redis-cli looking.
$connections = '(function () { static $base = null, $looks = 0;
    preg_match("/total_connections_received:(\d+)/", shell_exec("redis-cli -p ' . $port . ' INFO stats"), $m);
    $base ??= $m[1];
    return $m[1] - $base - $looks++; })';
[$out] = run_php('<?php
    $connections = ' . $connections . ';
    $connections();
    $limiter = new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 30], "BE");
    echo "before any call: ", $connections(), "\n";
    for ($i = 0; $i < 5; $i++) { $limiter->consume("203.0.113.5"); }
    echo "after 5 calls: ", $connections(), "\n";
    // Children inherit the parent\'s socket; each must open its own, and the parent keeps its.
    $children = [];
    for ($c = 0; $c < 4; $c++) {
        if (($pid = pcntl_fork()) === 0) {
            $accepted = 0;
            for ($i = 0; $i < 20; $i++) { $accepted += $limiter->consume("203.0.113.5")->isAccepted() ? 1 : 0; }
            file_put_contents("' . $dir . '/accepted", "$accepted\n", FILE_APPEND | LOCK_EX);
            exit(0);
        }
        $children[] = $pid;
        $limiter->consume("198.51.100.$c");
    }
    foreach ($children as $pid) { pcntl_waitpid($pid, $status); }
    echo "children accepted ", array_sum(file("' . $dir . '/accepted")), " of 80; remaining ", $limiter->peek("203.0.113.5")->getRemainingTokens(), "\n";
    echo "after 4 children: ", $connections(), "\n";
    echo "errors ", LoginRateLimit\LoginRateLimiter::stats()["redis_errors"], "\n";', $ini);
echo $out;
echo 'log: ', @file_get_contents("$dir/php.log") ?: 'empty', "\n";
redis_stop($redis);
exec('rm -rf ' . escapeshellarg($dir));
?>
--EXPECT--
before any call: 0
after 5 calls: 1
children accepted 25 of 80; remaining 0
after 4 children: 5
errors 0
log: empty
