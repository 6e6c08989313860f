--TEST--
Redis: a listener that accepts but never answers, and one that answers garbage, are outages like any other
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; if ($reason = redis_skip_reason()) die("skip $reason"); ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$dir = temp_dir('redis103');
// The kernel completes connections to a listening socket that nobody accepts: connected, silent.
$silent = stream_socket_server('tcp://127.0.0.1:0');
$silentPort = (int) explode(':', stream_socket_get_name($silent, false))[1];
// A server that answers everything with an HTTP error, for at most 10 s.
$garbagePort = redis_port();
file_put_contents("$dir/garbage.php", '<?php
    $server = stream_socket_server("tcp://127.0.0.1:' . $garbagePort . '");
    $deadline = microtime(true) + 10;
    while (microtime(true) < $deadline) {
        if ($client = @stream_socket_accept($server, 0.2)) {
            fread($client, 1000);
            fwrite($client, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            fclose($client);
        }
    }');
$garbage = proc_open([PHP_BINARY, '-n', "$dir/garbage.php"], [], $pipes);
while (port_is_free($garbagePort)) {
    usleep(10000);
}

$attempts = '<?php
    $limiter = new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 5], "BE");
    $answers = ""; $slowest = 0;
    for ($i = 0; $i < 20; $i++) {
        $started = hrtime(true);
        $answers .= $limiter->consume("192.0.2.1")->isAccepted() ? "+" : "-";
        $slowest = max($slowest, (hrtime(true) - $started) / 1e6);
        usleep(20000);
    }
    $s = LoginRateLimit\LoginRateLimiter::stats();
    printf("%s slowest %s, errors %s, fallback answers %d, available %s\n", $answers,
        $slowest < 100 + 250 ? "within the timeout" : "$slowest ms", $s["redis_errors"] >= 1 ? ">= 1" : "0",
        $s["fallback_answers"], var_export($s["redis_available"], true));
    echo "last error: ", $s["redis_last_error"], "\n";';
foreach (['silent' => $silentPort, 'garbage' => $garbagePort] as $name => $port) {
    @unlink("$dir/php.log");
    [$out] = run_php($attempts, ['login_ratelimit.redis_url' => "redis://127.0.0.1:$port",
        'login_ratelimit.redis_timeout_ms' => 100, 'error_log' => "$dir/php.log", 'log_errors' => 1, 'login_ratelimit.log_blocked' => 0]);
    echo "$name: $out";
    echo count(file("$dir/php.log")), " log line\n";
}
proc_terminate($garbage);
proc_close($garbage);
exec('rm -rf ' . escapeshellarg($dir));
?>
--EXPECTF--
silent: +++++--------------- slowest within the timeout, errors >= 1, fallback answers 20, available false
last error: no answer within the timeout
1 log line
garbage: +++++--------------- slowest within the timeout, errors >= 1, fallback answers 20, available false
last error: %s
1 log line
