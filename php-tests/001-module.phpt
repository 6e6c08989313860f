--TEST--
The extension loads as login_ratelimit with its INI entries, classes and phpinfo section
--FILE--
<?php
var_dump(extension_loaded('login_ratelimit'));
foreach (['shm_size', 'shm_path', 'ipv6_prefix', 'test_clock'] as $name) {
    var_dump(ini_get("login_ratelimit.$name"));
}
foreach (['LoginRateLimiter', 'RateLimit', 'RateLimitExceededException', 'TestClock'] as $class) {
    var_dump(class_exists("LoginRateLimit\\$class"));
}
// System settings cannot change at run time: the table is mapped at module start.
var_dump(ini_set('login_ratelimit.shm_size', '1M'));
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
foreach (['login_ratelimit support => enabled', 'Backend => shared-anonymous', 'Capacity (clients) => 917280', 'Entries => ', 'Evictions => 0', 'login_ratelimit.shm_size => 16M => 16M'] as $row) {
    var_dump(str_contains($info, $row));
}
?>
--EXPECT--
bool(true)
string(3) "16M"
string(0) ""
string(2) "64"
string(1) "0"
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
