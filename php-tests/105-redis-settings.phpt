--TEST--
Redis settings: an invalid value is one startup warning and shared memory alone; a password is never shown
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; if ($reason = redis_skip_reason()) die("skip $reason"); ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$dir = temp_dir('redis105');
$show = fn (array $outErr) => implode("\n", array_filter(array_map('trim', explode("\n", implode("\n", $outErr))), 'strlen')) . "\n";
$backend = '<?php $s = LoginRateLimit\LoginRateLimiter::stats(); echo $s["backend"], " ", var_export($s["redis_available"], true), "\n";';
$quiet = ['display_startup_errors' => 1, 'log_errors' => 0];
echo "defaults: ", run_php('<?php foreach (["redis_url", "redis_timeout_ms", "redis_prefix"] as $n) echo var_export(ini_get("login_ratelimit.$n"), true), " "; echo "\n";')[0];
echo $show(run_php($backend, $quiet));
foreach ([
    ['login_ratelimit.redis_url' => 'redis://admin:s3cret@127.0.0.1:notaport/0'],
    ['login_ratelimit.redis_url' => 'rediss://admin:s3cret@127.0.0.1:6380'],
    ['login_ratelimit.redis_url' => 'redis://127.0.0.1:1/0,unix:///run/redis.sock'],
    ['login_ratelimit.redis_url' => 'memcached://127.0.0.1'],
    ['login_ratelimit.redis_url' => 'redis://127.0.0.1:1', 'login_ratelimit.redis_timeout_ms' => '0'],
    ['login_ratelimit.redis_url' => 'redis://127.0.0.1:1', 'login_ratelimit.redis_prefix' => 'my app:'],
] as $ini) {
    echo $show(run_php($backend, $ini + $quiet));
}

// A password in the URL: not in the log, phpinfo() or stats(), whatever happens.
$port = redis_port();   // nothing listens there
$ini = ['login_ratelimit.redis_url' => "redis://admin:s3cret@127.0.0.1:$port/0", 'error_log' => "$dir/php.log", 'log_errors' => 1, 'login_ratelimit.log_blocked' => 0];
[$out, $err] = run_php('<?php
    $l = new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 2], "BE");
    echo var_export($l->consume("192.0.2.1")->isAccepted(), true), var_export($l->consume("192.0.2.1")->isAccepted(), true), var_export($l->consume("192.0.2.1")->isAccepted(), true), "\n";
    print_r(LoginRateLimit\LoginRateLimiter::stats());
    phpinfo(INFO_MODULES);', $ini);
$all = $out . $err . file_get_contents("$dir/php.log");
echo strtok($out, "\n"), "\n";
echo "password shown: ", var_export(str_contains($all, 's3cret'), true), "\n";
foreach (['[backend] => redis', "[location] => redis://admin:***@127.0.0.1:$port/0; local fallback: shared-anonymous", '[redis_available] => ', '[redis_errors] => 1',
          '[fallback_answers] => 3', '[redis_last_error] => Connection refused', 'Backend => redis', "Redis => redis://admin:***@127.0.0.1:$port/0",
          'Redis status => unavailable: answering from the local table', 'Redis timeout => 50 ms', 'Redis key prefix => login_ratelimit:',
          "login_ratelimit.redis_url => redis://admin:***@127.0.0.1:$port/0 => redis://admin:***@127.0.0.1:$port/0", 'Last Redis error => Connection refused'] as $row) {
    check(str_contains($out, $row), "shows $row");
}
echo preg_replace('/^\[[^\]]*\] /', '', file_get_contents("$dir/php.log"));
exec('rm -rf ' . escapeshellarg($dir));
?>
--EXPECTF--
defaults: '' '50' 'login_ratelimit:' 
shared-anonymous NULL
Warning: PHP Startup: login_ratelimit: login_ratelimit.redis_url "redis://***@127.0.0.1:notaport/0" is not a valid Redis URL; not using Redis, only shared memory in %s
shared-anonymous NULL
Warning: PHP Startup: login_ratelimit: login_ratelimit.redis_url "rediss://***@127.0.0.1:6380" asks for TLS (rediss://), which this build does not support; not using Redis, only shared memory in %s
shared-anonymous NULL
Warning: PHP Startup: login_ratelimit: login_ratelimit.redis_url "redis://127.0.0.1:1/0,unix:///run/redis.sock" lists a unix socket: Redis Cluster nodes are redis://host:port; not using Redis, only shared memory in %s
shared-anonymous NULL
Warning: PHP Startup: login_ratelimit: login_ratelimit.redis_url "memcached://127.0.0.1" is not a redis:// or unix:// URL; not using Redis, only shared memory in %s
shared-anonymous NULL
Warning: PHP Startup: login_ratelimit: login_ratelimit.redis_timeout_ms "0" is not a number of milliseconds from 1 to 60000; not using Redis, only shared memory in %s
shared-anonymous NULL
Warning: PHP Startup: login_ratelimit: login_ratelimit.redis_prefix "my app:" is not 1 to 64 printable ASCII characters without spaces; not using Redis, only shared memory in %s
shared-anonymous NULL
truetruefalse
password shown: false
login_ratelimit: Redis at redis://admin:***@127.0.0.1:%d/0 failed (Connection refused (os error 111)); answering from the local table until it answers again
