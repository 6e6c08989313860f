--TEST--
Invalid INI values are reported at startup and replaced by the defaults
--FILE--
<?php
require __DIR__ . '/helpers.inc';
[$out, $err] = run_php('<?php $s = LoginRateLimit\LoginRateLimiter::stats(); echo $s["memory_bytes"], " ", $s["ipv6_prefix"], "\n";',
    ['login_ratelimit.shm_size' => 'lots', 'login_ratelimit.ipv6_prefix' => '200', 'display_startup_errors' => 1, 'log_errors' => 0]);
echo implode("\n", array_filter(array_map('trim', explode("\n", $out . $err)), 'strlen')), "\n";
[$out, $err] = run_php('<?php echo LoginRateLimit\LoginRateLimiter::stats()["memory_bytes"], "\n";',
    ['login_ratelimit.shm_size' => '1K', 'display_startup_errors' => 1, 'log_errors' => 0]);
echo implode("\n", array_filter(array_map('trim', explode("\n", $out . $err)), 'strlen')), "\n";
?>
--EXPECTF--
Warning: PHP Startup: login_ratelimit: login_ratelimit.shm_size "lots" is not a size (like 16M); using 16M in %s
Warning: PHP Startup: login_ratelimit: login_ratelimit.ipv6_prefix "200" is not a prefix length from 1 to 128; using 64 in %s
16777216 64
Warning: PHP Startup: login_ratelimit: login_ratelimit.shm_size "1K" is outside the supported range 64K to 16G; using 16M in %s
16777216
