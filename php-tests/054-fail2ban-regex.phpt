--TEST--
Debian's fail2ban-regex with the shipped filter finds the lines the extension wrote: PHP's error log and php-fpm's log
--SKIPIF--
<?php
require __DIR__ . '/fpm.inc';
if (!trim((string) shell_exec('command -v fail2ban-regex'))) die('skip fail2ban-regex is not installed (package fail2ban; make test installs it)');
if (!function_exists('pcntl_fork')) die('skip pcntl is not available');
if ($reason = fpm_skip_reason()) die("skip $reason");
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require __DIR__ . '/fpm.inc';
use LoginRateLimit\LoginRateLimiter;
const FILTER = __DIR__ . '/../fail2ban/filter.d/login-ratelimit.conf';
$dir = temp_dir('fail2ban');

/** fail2ban-regex's summary line, and the hosts it found, sorted. */
function fail2ban_regex(string $log): void
{
    $args = escapeshellarg($log) . ' ' . escapeshellarg(realpath(FILTER));
    preg_match('/^Lines: .*$/m', (string) shell_exec("fail2ban-regex $args 2>&1"), $summary);
    echo $summary[0] ?? 'no summary', "\n";
    $hosts = preg_split('/\s+/', trim((string) shell_exec("fail2ban-regex -o ip $args 2>&1")));
    sort($hosts);
    echo 'hosts: ', implode(' ', $hosts), "\n";
}

// PHP's error log, written by forked workers as under a web server, with other lines among.
$log = "$dir/php-error.log";
ini_set('error_log', $log);
ini_set('log_errors', '1');
ini_set('display_errors', '0');
$children = [];
foreach ([['BE', '203.0.113.44'], ['BE', '2001:db8:1:2::99'], ['BE', '2001:db8:1:2:ffff::1'], ['FE', '198.51.100.7']] as [$type, $client]) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        for ($i = 0; $i < 12; $i++) {
            (new LoginRateLimiter([], $type))->consume($client);
        }
        exit(0);
    }
    $children[] = $pid;
}
foreach ($children as $pid) {
    pcntl_waitpid($pid, $status);
}
error_log('Login failed for user admin from 192.0.2.1');
// The same words inside another message must never ban anybody.
error_log('Unknown user "login_ratelimit: blocked BE login attempts from 192.0.2.66 (5 in 900 s) until 2026-11-24T10:15:03Z"');
trigger_error('login_ratelimit: blocked BE login attempts from 192.0.2.67 (5 in 900 s) until 2026-11-24T10:15:03Z', E_USER_WARNING);
echo "PHP error log:\n";
fail2ban_regex($log);

// php-fpm's own log, which receives the workers' lines with catch_workers_output = yes when
// PHP's error_log is not set.
[$fpm, $socket] = fpm_start($dir, 'f2b', 2, ['error_log' => '']);
for ($i = 0; $i < 12; $i++) {
    fpm_request($socket, 'consume', ['ip' => '203.0.113.50']);
}
// The master writes what its workers said as it reads it.
$deadline = microtime(true) + 5;
while (!str_contains((string) file_get_contents("$dir/f2b.log"), 'login_ratelimit') && microtime(true) < $deadline) {
    usleep(20000);
}
fpm_stop($fpm);
echo "php-fpm log:\n";
fail2ban_regex("$dir/f2b.log");
echo substr_count(file_get_contents("$dir/f2b.log"), 'login_ratelimit: blocked'), " line in php-fpm's log\n";
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECTF--
PHP error log:
Lines: 6 lines, 0 ignored, 3 matched, 3 missed
hosts: 198.51.100.7 2001:db8:1:2::/64 203.0.113.44
php-fpm log:
Lines: %d lines, 0 ignored, 1 matched, %d missed
hosts: 203.0.113.50
1 line in php-fpm's log
