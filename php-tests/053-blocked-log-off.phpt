--TEST--
login_ratelimit.log_blocked=0 logs nothing; it can be changed at run time, read when a lock-out starts
--INI--
login_ratelimit.log_blocked=0
--FILE--
<?php
use LoginRateLimit\LoginRateLimiter;
$log = tempnam(sys_get_temp_dir(), 'lrl-log');
ini_set('error_log', $log);
$limiter = new LoginRateLimiter(['loginRateLimit' => 2]);
function lock_out(LoginRateLimiter $limiter, string $client): void
{
    for ($i = 0; $i < 5; $i++) {
        $limiter->consume($client);
    }
}
function logged(string $log): string
{
    $lines = file($log, FILE_IGNORE_NEW_LINES);
    return count($lines) . ' lines' . ($lines ? ', last from ' . explode(' ', end($lines))[9] : '');
}
var_dump(ini_get('login_ratelimit.log_blocked'));
var_dump(ini_get_all('login_ratelimit')['login_ratelimit.log_blocked']['access'] === INI_ALL);
lock_out($limiter, '203.0.113.1');
echo "off: ", logged($log), "\n";
foreach (['1', 'On', 'off', 'yes', '', '2', 'false'] as $i => $value) {
    ini_set('login_ratelimit.log_blocked', $value);
    lock_out($limiter, "203.0.113.1$i");
    echo var_export($value, true), ': ', logged($log), "\n";
}
// A lock-out that started while logging was off was not logged, and is not logged later either.
ini_set('login_ratelimit.log_blocked', '1');
lock_out($limiter, '203.0.113.1');
echo "on again: ", logged($log), "\n";
unlink($log);
?>
--EXPECT--
string(1) "0"
bool(true)
off: 0 lines
'1': 1 lines, last from 203.0.113.10
'On': 2 lines, last from 203.0.113.11
'off': 2 lines, last from 203.0.113.11
'yes': 3 lines, last from 203.0.113.13
'': 3 lines, last from 203.0.113.13
'2': 4 lines, last from 203.0.113.15
'false': 4 lines, last from 203.0.113.15
on again: 4 lines, last from 203.0.113.15
