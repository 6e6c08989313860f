--TEST--
A table file of the previous layout (one bucket per client) is refused with its reason, and an anonymous table is used
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$dir = temp_dir('shm-old-layout');
$path = "$dir/table";
$ini = ['login_ratelimit.shm_path' => $path, 'login_ratelimit.shm_size' => '1M'];
run_php('<?php', $ini);
// The header of a table made by a build of layout version 1: only its version differs.
$file = fopen($path, 'r+');
fseek($file, 8);
fwrite($file, pack('P', 1));
fclose($file);
[$out, $err] = run_php('<?php
    echo LoginRateLimit\LoginRateLimiter::stats()["backend"], "\n";
    echo (new LoginRateLimit\LoginRateLimiter())->consume("192.0.2.1")->isAccepted() ? "works" : "broken", "\n";',
    $ini + ['display_startup_errors' => 1, 'log_errors' => 0]);
echo trim(str_replace($dir, 'DIR', $out . $err)), "\n";
unlink($path);
rmdir($dir);
?>
--EXPECTF--
%AWarning: PHP Startup: login_ratelimit: table file DIR/table has table layout version 1, this build uses 2; remove the file to start a new table; using an anonymous table instead, which processes of other masters do not share in %s
shared-anonymous
works
