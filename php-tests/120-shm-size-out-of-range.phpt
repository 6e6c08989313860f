--TEST--
An out-of-range login_ratelimit.shm_size is named in a startup warning and replaced by 16M: still shared, exact under php-fpm
--SKIPIF--
<?php require __DIR__ . '/fpm.inc'; if ($reason = fpm_skip_reason()) die("skip $reason"); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require __DIR__ . '/fpm.inc';

$probe = '<?php $s = LoginRateLimit\LoginRateLimiter::stats(); echo $s["backend"], " ", $s["memory_bytes"], "\n";';
foreach (['0', '32K', '65535', '17G'] as $size) {
    [$out, $err] = run_php($probe, ['login_ratelimit.shm_size' => $size, 'display_startup_errors' => 1, 'log_errors' => 0]);
    echo implode("\n", array_filter(array_map('trim', explode("\n", $out . $err)), 'strlen')), "\n";
}

// Four workers of one master, 40 concurrent attempts at one client with limit 5. Counting per
// process would accept up to 5 in each worker.
$dir = temp_dir('fpm-size');
[$master, $socket] = fpm_start($dir, 'www', 4, [
    'login_ratelimit.shm_size' => '32K',
    'log_errors' => 1,
    'html_errors' => 0,
    'error_log' => "$dir/php.log",
]);
$answers = array_map('fpm_answer', fpm_parallel(array_fill(0, 40, [$socket, 'consume', ['ip' => '198.51.100.20', 'limit' => 5]])));
printf("40 concurrent attempts, limit 5: %d accepted by %s workers, backend %s\n",
    array_sum(array_column($answers, 'accepted')),
    count(array_unique(array_column($answers, 'pid'))) > 1 ? 'several' : 'one',
    $answers[0]['backend']);
fpm_stop($master);
preg_match_all('/login_ratelimit: login_ratelimit\.shm_size .*/', (string) @file_get_contents("$dir/php.log"), $warnings);
echo "php-fpm's startup log:\n", implode("\n", array_unique($warnings[0])), "\n";
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECTF--
Warning: PHP Startup: login_ratelimit: login_ratelimit.shm_size "0" is outside the supported range 64K to 16G; using 16M in %s
shared-anonymous 16777216
Warning: PHP Startup: login_ratelimit: login_ratelimit.shm_size "32K" is outside the supported range 64K to 16G; using 16M in %s
shared-anonymous 16777216
Warning: PHP Startup: login_ratelimit: login_ratelimit.shm_size "65535" is outside the supported range 64K to 16G; using 16M in %s
shared-anonymous 16777216
Warning: PHP Startup: login_ratelimit: login_ratelimit.shm_size "17G" is outside the supported range 64K to 16G; using 16M in %s
shared-anonymous 16777216
40 concurrent attempts, limit 5: 5 accepted by several workers, backend shared-anonymous
php-fpm's startup log:
login_ratelimit: login_ratelimit.shm_size "32K" is outside the supported range 64K to 16G; using 16M in %s
