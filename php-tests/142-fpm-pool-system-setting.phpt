--TEST--
Real php-fpm: a system setting given in a pool (php_admin_value, php_value) has no effect and is warned about once in PHP's error log
--SKIPIF--
<?php
require __DIR__ . '/fpm.inc';
if ($reason = fpm_skip_reason()) die("skip $reason");
?>
--FILE--
<?php
require __DIR__ . '/fpm.inc';
$dir = shared_temp_dir('fpm-pool-settings');
[$master, $pool] = fpm_start_pools($dir, 'settings', [
    'admin' => ['lines' => [
        "php_admin_value[login_ratelimit.shm_path] = $dir/pool-table",
        'php_admin_value[login_ratelimit.ipv6_prefix] = 48',
    ]],
    'user' => ['lines' => ['php_value[login_ratelimit.shm_size] = 32M']],
    // The value in effect, and a setting a pool may set: nothing to warn about.
    'same' => ['lines' => [
        'php_admin_value[login_ratelimit.ipv6_prefix] = 64',
        'php_value[login_ratelimit.log_blocked] = 0',
    ]],
    'plain' => [],
], ['error_log' => "$dir/php.log"]);

foreach ($pool as $name => $socket) {
    $workers = [];
    $backends = [];
    for ($round = 0; $round < 30 && count($workers) < 2; $round++) {
        foreach (array_map('fpm_answer', fpm_parallel(array_fill(0, 6, [$socket, 'consume', ['ip' => '192.0.2.1']]))) as $answer) {
            $workers[$answer['pid']] = true;
            $backends[$answer['backend']] = true;
        }
    }
    echo "pool $name: both workers answered ", var_export(count($workers) === 2, true), ', backend ', implode(',', array_keys($backends)), "\n";
}
fpm_stop($master);

$log = (string) @file_get_contents("$dir/php.log");
preg_match_all('/^\[[^]]+\] (login_ratelimit: warning: .*)$/m', $log, $lines);
sort($lines[1]);
echo count($lines[1]), " warnings:\n", str_replace($dir, 'DIR', implode("\n", $lines[1])), "\n";
echo 'pool table file made: ', var_export(file_exists("$dir/pool-table"), true), "\n";

// Given where module start reads them (php.ini, -d), the settings are in effect: no warning;
// nor for ini_set(), which PHP refuses for a system setting.
[$out] = run_php('<?php var_dump(ini_set("login_ratelimit.shm_size", "1M"), LoginRateLimit\LoginRateLimiter::stats()["memory_bytes"] < 600000);', [
    'login_ratelimit.shm_size' => '512K', 'login_ratelimit.ipv6_prefix' => '56', 'error_log' => "$dir/cli.log",
]);
echo 'CLI: ', str_replace("\n", ' ', trim($out)), ', warnings: ', substr_count((string) @file_get_contents("$dir/cli.log"), 'login_ratelimit'), "\n";
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECT--
pool admin: both workers answered true, backend shared-anonymous
pool user: both workers answered true, backend shared-anonymous
pool same: both workers answered true, backend shared-anonymous
pool plain: both workers answered true, backend shared-anonymous
3 warnings:
login_ratelimit: warning: login_ratelimit.ipv6_prefix = "48" is set after PHP started (a pool's php_admin_value or php_value, or the web server's configuration), where it has no effect; it is a system setting, read once when PHP starts: set it in php.ini. In effect: "64"
login_ratelimit: warning: login_ratelimit.shm_path = "DIR/pool-table" is set after PHP started (a pool's php_admin_value or php_value, or the web server's configuration), where it has no effect; it is a system setting, read once when PHP starts: set it in php.ini. In effect: "anonymous"
login_ratelimit: warning: login_ratelimit.shm_size = "32M" is set after PHP started (a pool's php_admin_value or php_value, or the web server's configuration), where it has no effect; it is a system setting, read once when PHP starts: set it in php.ini. In effect: "16M"
pool table file made: false
CLI: bool(false) bool(true), warnings: 0
