--TEST--
Redis: servers whose clocks differ by years agree, because Redis's clock decides (the test clock only frames retry times)
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; if ($reason = redis_skip_reason()) die("skip $reason"); ?>
<?php if (getenv('USE_ZEND_ALLOC') === '0') die('skip timing-based (a 50 ms Redis timeout): not under valgrind'); ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$dir = temp_dir('redis104');
$port = redis_port();
$redis = redis_start($dir, $port);

// Server A's clock reads 2030, server B's 2045: their local clocks are fifteen years apart.
$a = '<?php LoginRateLimit\TestClock::set(1893456000);
    $l = new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 5, "loginRateLimitInterval" => "15 minutes"], "BE");
    echo "A: remaining ", $l->consume("192.0.2.1", 3)->getRemainingTokens(), "\n";';
$b = '<?php LoginRateLimit\TestClock::set(2366841600);
    $l = new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 5, "loginRateLimitInterval" => "15 minutes"], "BE");
    $r = $l->consume("192.0.2.1", 2);
    echo "B: remaining ", $r->getRemainingTokens(), ", retry at B\'s now: ", var_export($r->getRetryAfter()->format("U.u") === sprintf("%.6F", LoginRateLimit\TestClock::now()), true), "\n";
    $r = $l->consume("192.0.2.1");
    $wait = (float) $r->getRetryAfter()->format("U.u") - LoginRateLimit\TestClock::now();
    // 900 s from when A opened the window, less the moments between A\'s call and B\'s.
    printf("B: accepted %s, retry in %s on B\'s clock\n", var_export($r->isAccepted(), true), $wait > 880 && $wait <= 900.000001 ? "the rest of the 900 s A opened" : ($wait > 0 ? "0 to 880 s" : "0 s"));
    // Moving the test clock moves nothing in Redis: the lock holds.
    LoginRateLimit\TestClock::advance(3600);
    echo "B, an hour later on its own clock: accepted ", var_export($l->consume("192.0.2.1")->isAccepted(), true), "\n";';
foreach (['Redis' => ['login_ratelimit.redis_url' => "redis://127.0.0.1:$port"],
          'one shared table file' => ['login_ratelimit.shm_path' => "$dir/table"]] as $name => $store) {
    $ini = $store + ['login_ratelimit.test_clock' => 1, 'login_ratelimit.shm_size' => '64K'];
    echo "$name:\n";
    echo run_php($a, $ini)[0], run_php($b, $ini)[0];
}
redis_stop($redis);
exec('rm -rf ' . escapeshellarg($dir));
?>
--EXPECT--
Redis:
A: remaining 2
B: remaining 0, retry at B's now: false
B: accepted false, retry in the rest of the 900 s A opened on B's clock
B, an hour later on its own clock: accepted false
one shared table file:
A: remaining 2
B: remaining 3, retry at B's now: true
B: accepted true, retry in 0 s on B's clock
B, an hour later on its own clock: accepted true
