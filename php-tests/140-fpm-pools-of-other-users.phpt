--TEST--
Real php-fpm, one master, pools of different users: no pool sees, resets or locks out another user's clients; pools of one user share
--SKIPIF--
<?php
require __DIR__ . '/fpm.inc';
if ($reason = fpm_skip_reason() ?? other_user_skip_reason()) die("skip $reason");
?>
--FILE--
<?php
require __DIR__ . '/fpm.inc';
$dir = shared_temp_dir('fpm-users');
$www = own_uid(0);
$nobody = own_uid(1);
// As on a shared host: the master runs as root and maps one table before forking every pool.
[$master, $pool] = fpm_start_pools($dir, 'users', [
    'www' => ['uid' => $www],
    'nobody' => ['uid' => $nobody],
    'www2' => ['uid' => $www],
], ['login_ratelimit.shm_path' => "$dir/table"]);

$ask = function (string $name, string $action, string $ip) use ($pool): array {
    return fpm_answer(fpm_request($pool[$name], $action, ['ip' => $ip, 'limit' => 3]));
};
$state = fn (array $answer): string => ($answer['accepted'] ? 'accepted' : 'blocked') . ", remaining {$answer['remaining']}";
$attempts = fn (string $name, string $ip): string => implode(',', array_map(fn () => $ask($name, 'consume', $ip)['accepted'], range(1, 4)));

$answer = $ask('www', 'peek', '192.0.2.1');
echo 'pools share one table: ', $answer['backend'], ' ', var_export(rawurldecode($answer['location']) === "$dir/table", true), "\n";
foreach (['www' => $www, 'nobody' => $nobody, 'www2' => $www] as $name => $uid) {
    echo "pool $name runs as its user: ", var_export(euid_of((int) $ask($name, 'peek', '192.0.2.1')['pid']) === $uid, true), "\n";
}

echo 'www blocks 198.51.100.7: ', $attempts('www', '198.51.100.7'), "\n";
echo 'nobody sees 198.51.100.7: ', $state($ask('nobody', 'peek', '198.51.100.7')), "\n";
echo 'nobody resets 198.51.100.7: ', $state($ask('nobody', 'reset', '198.51.100.7')), "\n";
echo 'www sees 198.51.100.7: ', $state($ask('www', 'peek', '198.51.100.7')), "\n";
echo 'nobody attempts 198.51.100.7: ', $attempts('nobody', '198.51.100.7'), "\n";
echo 'www sees 198.51.100.7: ', $state($ask('www', 'peek', '198.51.100.7')), "\n";

echo 'nobody attempts 203.0.113.9: ', $attempts('nobody', '203.0.113.9'), "\n";
echo 'www sees 203.0.113.9: ', $state($ask('www', 'peek', '203.0.113.9')), "\n";

echo 'www2 (same user as www) sees 198.51.100.7: ', $state($ask('www2', 'peek', '198.51.100.7')), "\n";
echo 'www2 resets 198.51.100.7: ', $state($ask('www2', 'reset', '198.51.100.7')), "\n";
echo 'www sees 198.51.100.7: ', $state($ask('www', 'peek', '198.51.100.7')), "\n";
echo 'nobody sees 198.51.100.7: ', $state($ask('nobody', 'peek', '198.51.100.7')), "\n";
fpm_stop($master);
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECT--
pools share one table: shared-file true
pool www runs as its user: true
pool nobody runs as its user: true
pool www2 runs as its user: true
www blocks 198.51.100.7: 1,1,1,0
nobody sees 198.51.100.7: accepted, remaining 3
nobody resets 198.51.100.7: accepted, remaining 3
www sees 198.51.100.7: blocked, remaining 0
nobody attempts 198.51.100.7: 1,1,1,0
www sees 198.51.100.7: blocked, remaining 0
nobody attempts 203.0.113.9: 1,1,1,0
www sees 203.0.113.9: accepted, remaining 3
www2 (same user as www) sees 198.51.100.7: blocked, remaining 0
www2 resets 198.51.100.7: accepted, remaining 3
www sees 198.51.100.7: accepted, remaining 3
nobody sees 198.51.100.7: blocked, remaining 0
