--TEST--
Real php-fpm, default settings: a blocked client stays blocked when the master reloads (SIGUSR2 re-executes it)
--SKIPIF--
<?php
require __DIR__ . '/fpm.inc';
if ($reason = fpm_skip_reason() ?? other_user_skip_reason()) die("skip $reason");
?>
--FILE--
<?php
require __DIR__ . '/fpm.inc';
// The master runs as a user id of this test alone, so that its default table file is its own.
$uid = own_uid();
$table = "/dev/shm/login_ratelimit.$uid";
@unlink($table);
register_shutdown_function(fn () => @unlink($table));
$dir = shared_temp_dir('fpm-reload');
$client = ['ip' => '198.51.100.7', 'limit' => 3];

$run = function (string $name, array $ini) use ($dir, $uid, $client, $table): void {
    [$master, $socket] = fpm_start($dir, $name, 2, $ini, $uid);
    $answers = array_map(fn () => fpm_answer(fpm_request($socket, 'consume', $client)), range(1, 4));
    echo '  before: attempts accepted ', implode(',', array_column($answers, 'accepted')), ', backend ', $answers[0]['backend'], ' at ', str_replace($table, 'the default table file', $answers[0]['location']), "\n";
    $pid = proc_get_status($master)['pid'];
    [$before, $after] = fpm_reload($master, $socket, 2);
    $answer = fpm_answer(fpm_request($socket, 'peek', $client));
    echo '  reloaded: the same master ', var_export(proc_get_status($master)['running'] && proc_get_status($master)['pid'] === $pid, true),
        ', re-executed ', var_export(str_contains((string) @file_get_contents("$dir/$name.log"), 'execvp'), true),
        ', all workers new ', var_export($before && count($after) === 2 && !array_intersect($before, $after), true),
        ', answered by a new worker ', var_export(in_array((int) $answer['pid'], $after, true), true), "\n";
    echo '  after: ', $answer['accepted'] ? 'accepted' : 'still blocked', ', remaining ', $answer['remaining'], "\n";
    fpm_stop($master);
};
echo "default settings:\n";
$run('default', []);
echo "login_ratelimit.shm_path=anonymous:\n";
$run('anonymous', ['login_ratelimit.shm_path' => 'anonymous']);

array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECT--
default settings:
  before: attempts accepted 1,1,1,0, backend shared-file at the default table file
  reloaded: the same master true, re-executed true, all workers new true, answered by a new worker true
  after: still blocked, remaining 0
login_ratelimit.shm_path=anonymous:
  before: attempts accepted 1,1,1,0, backend shared-anonymous at anonymous shared memory mapped at module start
  reloaded: the same master true, re-executed true, all workers new true, answered by a new worker true
  after: accepted, remaining 3
