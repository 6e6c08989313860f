--TEST--
A table file another user cannot open, or that belongs to another user, is refused and an anonymous table used
--SKIPIF--
<?php
if (getenv('USE_ZEND_ALLOC') === '0') die('skip the other user cannot write valgrind\'s log');
if (function_exists('posix_geteuid') ? posix_geteuid() !== 0 : trim((string) shell_exec('id -u')) !== '0') die('skip needs root to act as two users');
if (!trim((string) shell_exec('command -v runuser'))) die('skip runuser is not available');
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
// nobody runs a copy of the extension in a directory it can read.
$dir = shared_temp_dir('shm-perm');
$args = php_args_for_other_users($dir);
$probe = "$dir/probe.php";
file_put_contents($probe, '<?php echo LoginRateLimit\LoginRateLimiter::stats()["backend"], "\n";');
chmod($probe, 0644);
$run = function (string $path) use ($probe, $dir, $args) {
    $command = 'runuser -u nobody -- ' . php_command(['login_ratelimit.shm_path' => $path, 'login_ratelimit.shm_size' => '1M', 'display_startup_errors' => 1, 'log_errors' => 0], $args) . ' ' . escapeshellarg($probe) . ' 2>&1';
    $lines = array_filter(array_map('trim', explode("\n", str_replace($dir, 'DIR', (string) shell_exec($command)))), 'strlen');
    echo '  ', implode("\n  ", $lines), "\n";
};
// Made by root (as a master running as root would): mode 0600, so nobody may not open it.
run_php('<?php', ['login_ratelimit.shm_path' => "$dir/root-table", 'login_ratelimit.shm_size' => '1M']);
echo "root's table, opened by nobody:\n";
$run("$dir/root-table");
// A file of another user is refused even where it can be opened (by root): its owner could
// rewrite it and unblock an attacker.
mkdir("$dir/open", 0700);
touch("$dir/open/table");
chmod("$dir/open/table", 0600);
chown("$dir/open/table", 'daemon');
echo "daemon's file, opened by root:\n";
[$out, $err] = run_php('<?php echo LoginRateLimit\\LoginRateLimiter::stats()["backend"], "\\n";', ['login_ratelimit.shm_path' => "$dir/open/table", 'login_ratelimit.shm_size' => '1M', 'display_startup_errors' => 1, 'log_errors' => 0]);
echo '  ', implode("\n  ", array_filter(array_map('trim', explode("\n", str_replace($dir, 'DIR', $out . $err))), 'strlen')), "\n";
unlink("$dir/open/table");
rmdir("$dir/open");
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECTF--
root's table, opened by nobody:
  Warning: PHP Startup: login_ratelimit: table file DIR/root-table cannot be opened: permission denied (Permission denied (os error 13)); using an anonymous table instead, which processes of other masters do not share in %s
  shared-anonymous
daemon's file, opened by root:
  Warning: PHP Startup: login_ratelimit: table file DIR/open/table belongs to user id %d, neither this process's user (0) nor root; using an anonymous table instead, which processes of other masters do not share in %s
  shared-anonymous
