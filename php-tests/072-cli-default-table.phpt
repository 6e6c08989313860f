--TEST--
CLI with default settings, as root and as nobody: anonymous memory, no warning, whatever the servers' default table files are
--SKIPIF--
<?php
require __DIR__ . '/helpers.inc';
if ($reason = other_user_skip_reason()) die("skip $reason");
if (!trim((string) shell_exec('getent passwd nobody'))) die('skip there is no user nobody');
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$dir = shared_temp_dir('cli-default');
$args = php_args_for_other_users($dir);
$probe = "$dir/probe.php";
file_put_contents($probe, '<?php $s = LoginRateLimit\LoginRateLimiter::stats(); echo $s["backend"], " (", $s["location"], ")\n";');
chmod($probe, 0644);
$users = ['root' => 0, 'nobody' => (int) trim((string) shell_exec('id -u nobody'))];
$run = function (string $user) use ($users, $args, $probe): void {
    $command = as_uid($users[$user]) . ' ' . php_command(['display_startup_errors' => 1, 'error_reporting' => -1, 'log_errors' => 0], $args) . ' ' . escapeshellarg($probe) . ' 2>&1';
    echo "  $user: ", trim((string) shell_exec($command)), "\n";
};
$tables = array_map(fn (int $uid) => "/dev/shm/login_ratelimit.$uid", $users);
$existed = array_map('file_exists', $tables);

echo "no table files:\n";
foreach ($users as $user => $uid) {
    $run($user);
    check(file_exists($tables[$user]) === $existed[$user], "the CLI of $user leaves $tables[$user] as it was");
}

// Files a CLI would refuse with a warning, were it to open them: one that nobody cannot open
// (a server running as root made it), one of the wrong size.
$made = [];
if (!$existed['nobody']) {
    file_put_contents($tables['nobody'], 'x');
    chmod($tables['nobody'], 0600);
    $made[] = $tables['nobody'];
}
if (!$existed['root']) {
    file_put_contents($tables['root'], 'x');
    chmod($tables['root'], 0600);
    $made[] = $tables['root'];
}
echo "unusable table files in /dev/shm:\n";
foreach ($users as $user => $uid) {
    $run($user);
}
foreach ($made as $file) {
    check(file_get_contents($file) === 'x', "$file untouched");
    unlink($file);
}
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECT--
no table files:
  root: shared-anonymous (anonymous shared memory mapped at module start)
  nobody: shared-anonymous (anonymous shared memory mapped at module start)
unusable table files in /dev/shm:
  root: shared-anonymous (anonymous shared memory mapped at module start)
  nobody: shared-anonymous (anonymous shared memory mapped at module start)
