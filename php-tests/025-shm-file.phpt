--TEST--
login_ratelimit.shm_path: separate PHP processes share one file-backed table, created mode 0600
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$dir = temp_dir('shm-file');
$ini = ['login_ratelimit.shm_path' => "$dir/table", 'login_ratelimit.shm_size' => '1M'];
$attempt = '<?php $l = new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 2], "BE");
    echo $l->consume("203.0.113.77")->isAccepted() ? "accepted" : "rejected", " ", LoginRateLimit\LoginRateLimiter::stats()["backend"], "\n";';
for ($i = 0; $i < 3; $i++) {
    [$out, $err] = run_php($attempt, $ini);
    echo $out, $err;
}
printf("mode %o, %d bytes\n", fileperms("$dir/table") & 0777, filesize("$dir/table"));
[$out] = run_php('<?php $s = LoginRateLimit\LoginRateLimiter::stats(); echo $s["location"], " ", $s["capacity"], " ", $s["entries"], "\n";', $ini);
echo str_replace($dir, 'DIR', $out);
unlink("$dir/table");
rmdir($dir);
?>
--EXPECT--
accepted shared-file
accepted shared-file
rejected shared-file
mode 600, 1048576 bytes
DIR/table 57120 1
