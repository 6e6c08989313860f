--TEST--
Real Apache (prefork, mod_php), default settings: a blocked client stays blocked across graceful restarts, and the parent's mappings do not pile up
--SKIPIF--
<?php
require __DIR__ . '/apache.inc';
if ($reason = apache_skip_reason()) die("skip $reason");
?>
--FILE--
<?php
require __DIR__ . '/apache.inc';
// Apache runs as a user id of this test alone, so that its default table file is its own.
$uid = own_uid();
$table = "/dev/shm/login_ratelimit.$uid";
@unlink($table);
register_shutdown_function(fn () => @unlink($table));
$dir = shared_temp_dir('apache');
$client = ['ip' => '2001:db8:7:8::1', 'limit' => 3];
$server = apache_start($dir, $uid);

$answers = array_map(fn () => fpm_answer(apache_request($server, 'consume', $client)), range(1, 4));
echo 'attempts accepted ', implode(',', array_column($answers, 'accepted')), ', backend ', $answers[0]['backend'], ' at ', str_replace($table, 'the default table file', $answers[0]['location']), "\n";
echo 'the parent maps the table ', mappings_of($server['pid'], $table), " time(s)\n";

// Debian's logrotate runs a graceful restart every night; deploys do too.
$mappings = [];
$blocked = [];
for ($restart = 1; $restart <= 8; $restart++) {
    check(apache_graceful($server), "graceful restart $restart finished");
    $mappings[] = mappings_of($server['pid'], $table);
    $blocked[] = fpm_answer(apache_request($server, 'peek', $client))['accepted'] === '0' ? 'blocked' : 'accepted';
}
echo 'after each of ', apache_generations($server) - 1, " graceful restarts of parent ", proc_get_status($server['process'])['running'] ? 'still running' : 'gone', ":\n";
echo '  the client is ', implode(',', array_unique($blocked)), "\n";
echo '  the parent maps the table ', implode(',', array_unique($mappings)), " time(s)\n";
$answer = fpm_answer(apache_request($server, 'consume', ['ip' => '2001:db8:7:8:ffff::2', 'limit' => 3]));
echo 'another address of its /64: accepted ', $answer['accepted'], ', remaining ', $answer['remaining'], "\n";
echo 'PHP warnings: ', preg_match_all('/Warning:.*login_ratelimit/', (string) @file_get_contents("$dir/php.log") . @file_get_contents("$dir/error.log")), "\n";
apache_stop($server);

// Anonymous memory, asked for: module start maps a new table at each graceful restart.
$anonymous = apache_start(shared_temp_dir('apache-anonymous'), $uid, ['login_ratelimit.shm_path' => 'anonymous']);
$answers = array_map(fn () => fpm_answer(apache_request($anonymous, 'consume', $client)), range(1, 4));
check(apache_graceful($anonymous), 'graceful restart with anonymous memory finished');
$answer = fpm_answer(apache_request($anonymous, 'peek', $client));
echo 'with login_ratelimit.shm_path=anonymous: accepted ', implode(',', array_column($answers, 'accepted')), ' (', $answers[0]['backend'], '), after a graceful restart remaining ', $answer['remaining'], "\n";
apache_stop($anonymous);

foreach ([$dir, $anonymous['dir']] as $dir) {
    array_map('unlink', glob("$dir/htdocs/*"));
    rmdir("$dir/htdocs");
    array_map('unlink', glob("$dir/*"));
    rmdir($dir);
}
?>
--EXPECT--
attempts accepted 1,1,1,0, backend shared-file at the default table file
the parent maps the table 1 time(s)
after each of 8 graceful restarts of parent still running:
  the client is blocked
  the parent maps the table 1 time(s)
another address of its /64: accepted 0, remaining 0
PHP warnings: 0
with login_ratelimit.shm_path=anonymous: accepted 1,1,1,0 (shared-anonymous), after a graceful restart remaining 3
