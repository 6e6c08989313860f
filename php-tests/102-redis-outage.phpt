--TEST--
Redis killed mid-run: every call answers within the timeout, one warning, shared again once it is back
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; if ($reason = redis_skip_reason()) die("skip $reason"); ?>
<?php if (getenv('USE_ZEND_ALLOC') === '0') die('skip timing-based (Redis timeouts): not under valgrind'); ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$dir = temp_dir('redis102');
$port = redis_port();
$redis = redis_start($dir, $port, ['--requirepass', 's3cret']);
$ini = ['login_ratelimit.redis_url' => "redis://:s3cret@127.0.0.1:$port/0", 'login_ratelimit.redis_timeout_ms' => 100,
    'error_log' => "$dir/php.log", 'log_errors' => 1];

// A web server taking a login attempt every few milliseconds until told to stop (at most 10 s);
// it reports whether Redis is answering, and after the outage shares a counter again.
file_put_contents("$dir/server.php", '<?php
    $limiter = new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 60000], "BE");
    $slowest = 0; $calls = 0; $deadline = microtime(true) + 10;
    while (!file_exists("' . $dir . '/stop") && microtime(true) < $deadline) {
        $started = hrtime(true);
        $accepted = $limiter->consume("192.0.2." . ($calls % 200))->isAccepted();
        $slowest = max($slowest, (hrtime(true) - $started) / 1e6);
        $calls++;
        file_put_contents("' . $dir . '/status.tmp", var_export(LoginRateLimit\LoginRateLimiter::stats()["redis_available"], true));
        rename("' . $dir . '/status.tmp", "' . $dir . '/status");
        usleep(3000);
    }
    $limiter = new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 10], "FE");
    $limiter->consume("198.51.100.77", 3);
    $s = LoginRateLimit\LoginRateLimiter::stats();
    printf("%d calls, all accepted; slowest within the timeout: %s\n", $calls, $slowest < 100 + 250 ? "yes" : "no ($slowest ms)");
    printf("errors %s, fallback answers %s, available %s\n", $s["redis_errors"] > 0 ? "> 0" : "0", $s["fallback_answers"] > 0 ? "> 0" : "0", var_export($s["redis_available"], true));
    echo "last error: ", $s["redis_last_error"], "\n";');
$wait = function (string $status) use ($dir, &$server) {
    $deadline = microtime(true) + 8;
    while (@file_get_contents("$dir/status") !== $status) {
        if (microtime(true) > $deadline || !proc_get_status($server)['running']) {
            echo "no status $status\n";
            return;
        }
        usleep(5000);
    }
};
$server = proc_open(php_command($ini) . ' ' . escapeshellarg("$dir/server.php"), [1 => ['file', "$dir/server.out", 'w'], 2 => ['file', "$dir/server.out", 'a']], $pipes);
$wait('true');
usleep(100000);
redis_stop($redis);
$wait('false');
usleep(300000);
$redis = redis_start($dir, $port, ['--requirepass', 's3cret']);
$wait('true');
touch("$dir/stop");
proc_close($server);
echo file_get_contents("$dir/server.out");
// The state written after the restart is shared again.
[$out] = run_php('<?php echo (new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 10], "FE"))->peek("198.51.100.77")->getRemainingTokens(), "\n";', $ini);
echo "another server sees ", $out;
$log = file("$dir/php.log", FILE_IGNORE_NEW_LINES);
echo count($log), " log lines:\n";
foreach ($log as $line) {
    echo preg_replace(['/^\[[^\]]*\] /', '/\(\d+ calls/'], ['', '(N calls'], $line), "\n";
}
redis_stop($redis);
exec('rm -rf ' . escapeshellarg($dir));
?>
--EXPECTF--
%d calls, all accepted; slowest within the timeout: yes
errors > 0, fallback answers > 0, available true
last error: %s
another server sees 7
2 log lines:
login_ratelimit: Redis at redis://:***@127.0.0.1:%d/0 failed (%s); answering from the local table until it answers again
login_ratelimit: Redis at redis://:***@127.0.0.1:%d/0 answers again (N calls were answered from the local table)
