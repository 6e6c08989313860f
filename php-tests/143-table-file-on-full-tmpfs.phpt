--TEST--
A table file on a tmpfs without room for it: one startup warning and an anonymous table, never SIGBUS; with room, its space is reserved
--SKIPIF--
<?php
// valgrind cannot follow into mount's and umount's setuid binaries.
if (getenv('USE_ZEND_ALLOC') === '0') die('skip mounts a tmpfs: not under valgrind');
require __DIR__ . '/helpers.inc';
$dir = temp_dir('tmpfs-probe');
exec('mount -t tmpfs -o size=1m tmpfs ' . escapeshellarg($dir) . ' 2>&1', $output, $status);
if ($status === 0) {
    exec('umount ' . escapeshellarg($dir));
}
rmdir($dir);
if ($status !== 0) die('skip mounting a tmpfs is not permitted here: ' . implode(' ', $output));
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$dir = temp_dir('full-tmpfs');
exec('mount -t tmpfs -o size=8m tmpfs ' . escapeshellarg($dir), $output, $status);
check($status === 0, 'the tmpfs is mounted');
register_shutdown_function(function () use ($dir): void {
    exec('umount ' . escapeshellarg($dir));
    rmdir($dir);
});
$path = "$dir/table";

// stats() and phpinfo() read every page of the table, and thousands of new clients write pages
// all over it: each would hit a page the full tmpfs cannot give.
$probe = <<<'PHP'
<?php
use LoginRateLimit\LoginRateLimiter;
$stats = LoginRateLimiter::stats();
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
$limiter = new LoginRateLimiter(['loginRateLimit' => 3]);
$accepted = 0;
for ($i = 0; $i < 5000; $i++) {
    $accepted += (int) $limiter->consume(long2ip(0x0A000000 + $i))->isAccepted();
}
$answers = array_map(fn () => (int) $limiter->consume('198.51.100.7')->isAccepted(), range(1, 4));
printf("%s, in phpinfo %s, 5000 new clients accepted %d, entries %d, one client %s\n", $stats['backend'],
    var_export(str_contains($info, $stats['backend']), true), $accepted, LoginRateLimiter::stats()['entries'], implode(',', $answers));
PHP;
$run = function (string $name, array $ini = []) use ($dir, $path, $probe): void {
    [$out, $err] = run_php($probe, $ini + ['login_ratelimit.shm_path' => $path, 'display_startup_errors' => 1, 'log_errors' => 0]);
    $lines = array_values(array_filter(array_map('trim', explode("\n", str_replace($dir, 'DIR', $out . $err)))));
    clearstatcache();
    $file = match (true) {
        !is_file($path) => 'none',
        filesize($path) === 0 => 'empty (a later start tries again)',
        default => sprintf('%d bytes, %s', filesize($path), stat($path)['blocks'] * 512 >= filesize($path) ? 'all reserved' : 'not all reserved'),
    };
    echo "$name:\n  ", implode("\n  ", $lines ?: ['(no output: PHP died)']), "\n  file: $file\n";
};

$run('new file, default 16M, on an 8M tmpfs');
// A file a build that only sized the file left behind: holes the full tmpfs cannot fill.
$handle = fopen($path, 'w');
ftruncate($handle, 16 << 20);
fclose($handle);
chmod($path, 0600);
$run('file of 16M with its space not reserved, on an 8M tmpfs');
unlink($path);
$run('new file of 4M, on an 8M tmpfs', ['login_ratelimit.shm_size' => '4M']);
// Its states are kept: the client is still blocked, and each of the others has spent 2 of 3.
$run('the same file again', ['login_ratelimit.shm_size' => '4M']);
unlink($path);
?>
--EXPECTF--
new file, default 16M, on an 8M tmpfs:
  Warning: PHP Startup: login_ratelimit: table file DIR/table cannot have its 16777216 bytes reserved on its file system (No space left on device (os error 28)); an unreserved table file would kill PHP with SIGBUS once the file system is full: make room (for a tmpfs, its size= mount option), choose a smaller login_ratelimit.shm_size, or another login_ratelimit.shm_path; using an anonymous table instead, which processes of other masters do not share in %s
  shared-anonymous, in phpinfo true, 5000 new clients accepted 5000, entries 5001, one client 1,1,1,0
  file: empty (a later start tries again)
file of 16M with its space not reserved, on an 8M tmpfs:
  Warning: PHP Startup: login_ratelimit: table file DIR/table cannot have its 16777216 bytes reserved on its file system (No space left on device (os error 28)); an unreserved table file would kill PHP with SIGBUS once the file system is full: make room (for a tmpfs, its size= mount option), choose a smaller login_ratelimit.shm_size, or another login_ratelimit.shm_path; using an anonymous table instead, which processes of other masters do not share in %s
  shared-anonymous, in phpinfo true, 5000 new clients accepted 5000, entries 5001, one client 1,1,1,0
  file: 16777216 bytes, not all reserved
new file of 4M, on an 8M tmpfs:
  shared-file, in phpinfo true, 5000 new clients accepted 5000, entries 5001, one client 1,1,1,0
  file: 4194304 bytes, all reserved
the same file again:
  shared-file, in phpinfo true, 5000 new clients accepted 5000, entries 5001, one client 0,0,0,0
  file: 4194304 bytes, all reserved
