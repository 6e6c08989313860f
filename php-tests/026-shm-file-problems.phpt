--TEST--
A bad table file is named in one startup line, and the extension falls back to an anonymous table
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$dir = temp_dir('shm-bad');
$probe = '<?php echo LoginRateLimit\LoginRateLimiter::stats()["backend"], " ", (new LoginRateLimit\LoginRateLimiter())->consume("192.0.2.1")->isAccepted() ? "works" : "broken", "\n";';
$cases = [
    'garbage' => fn ($path) => file_put_contents($path, str_repeat("\x07", 1 << 20)),
    'wrong size' => fn ($path) => file_put_contents($path, str_repeat("\0", 4096)),
    'world-writable' => function ($path) { file_put_contents($path, ''); chmod($path, 0666); },
    'missing directory' => fn ($path) => null,
    'truncated' => function ($path) { run_php('<?php', ['login_ratelimit.shm_path' => $path, 'login_ratelimit.shm_size' => '1M']); truncate($path, 100000); },
    'other layout version' => function ($path) {
        run_php('<?php', ['login_ratelimit.shm_path' => $path, 'login_ratelimit.shm_size' => '1M']);
        $file = fopen($path, 'r+');
        fseek($file, 8);
        fwrite($file, pack('P', 99));
        fclose($file);
    },
];
function truncate(string $path, int $size): void
{
    $file = fopen($path, 'r+');
    ftruncate($file, $size);
    fclose($file);
}
foreach ($cases as $name => $prepare) {
    $path = $name === 'missing directory' ? "$dir/nowhere/table" : "$dir/table";
    @unlink($path);
    $prepare($path);
    if (is_file($path) && $name !== 'world-writable') {
        chmod($path, 0600);
    }
    [$out, $err] = run_php($probe, ['login_ratelimit.shm_path' => $path, 'login_ratelimit.shm_size' => '1M', 'display_startup_errors' => 1, 'log_errors' => 0]);
    // Startup messages go to the output of the CLI; a server's master writes them to its log.
    $lines = array_values(array_filter(array_map('trim', explode("\n", str_replace($dir, 'DIR', $out . $err)))));
    echo "$name:\n  ", implode("\n  ", $lines), "\n";
}
@unlink("$dir/table");
rmdir($dir);
?>
--EXPECTF--
garbage:
  Warning: PHP Startup: login_ratelimit: table file DIR/table is not a login_ratelimit table (wrong magic number); using an anonymous table instead, which processes of other masters do not share in %s
  shared-anonymous works
wrong size:
  Warning: PHP Startup: login_ratelimit: table file DIR/table is 4096 bytes but login_ratelimit.shm_size asks for 1048576; use the same size or remove the file; using an anonymous table instead, which processes of other masters do not share in %s
  shared-anonymous works
world-writable:
  Warning: PHP Startup: login_ratelimit: table file DIR/table is group- or world-writable (mode 0666); anyone who can write it can unblock an attacker: make it mode 0600; using an anonymous table instead, which processes of other masters do not share in %s
  shared-anonymous works
missing directory:
  Warning: PHP Startup: login_ratelimit: table file DIR/nowhere/table cannot be created: directory DIR/nowhere does not exist; using an anonymous table instead, which processes of other masters do not share in %s
  shared-anonymous works
truncated:
  Warning: PHP Startup: login_ratelimit: table file DIR/table is 100000 bytes but login_ratelimit.shm_size asks for 1048576; use the same size or remove the file; using an anonymous table instead, which processes of other masters do not share in %s
  shared-anonymous works
other layout version:
  Warning: PHP Startup: login_ratelimit: table file DIR/table has table layout version 99, this build uses 2; remove the file to start a new table; using an anonymous table instead, which processes of other masters do not share in %s
  shared-anonymous works
