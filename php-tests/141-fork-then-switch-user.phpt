--TEST--
A process that has used the table, forks, and switches the child to another user: the child counts as that user
--EXTENSIONS--
posix
pcntl
--SKIPIF--
<?php
require __DIR__ . '/helpers.inc';
if ($reason = other_user_skip_reason()) die("skip $reason");
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use LoginRateLimit\LoginRateLimiter;

// As a server that serves as root, then forks a worker and switches its user before it serves.
$dir = shared_temp_dir('fork-user');
$results = "$dir/results";
touch($results);
chmod($results, 0666);
$limiter = new LoginRateLimiter(['loginRateLimit' => 3], 'BE');
$answers = array_map(fn () => (int) $limiter->consume('198.51.100.7')->isAccepted(), range(1, 4));
echo 'root blocks 198.51.100.7: ', implode(',', $answers), "\n";

$child = function (int $uid, callable $work) use ($results): void {
    $pid = pcntl_fork();
    if ($pid === 0) {
        posix_setgid($uid);
        posix_setuid($uid);
        $line = posix_geteuid() === $uid ? $work(new LoginRateLimiter(['loginRateLimit' => 3], 'BE')) : 'did not switch users';
        file_put_contents($results, "$line\n", FILE_APPEND);
        exit(0);
    }
    pcntl_waitpid($pid, $status);
};
$seen = fn (LoginRateLimiter $l): string => $l->peek('198.51.100.7')->getRemainingTokens() . ' remaining';
$attempts = fn (LoginRateLimiter $l): string => implode(',', array_map(fn () => (int) $l->consume('198.51.100.7')->isAccepted(), range(1, 4)));
$child(own_uid(0), fn ($l) => 'user A sees ' . $seen($l) . ', attempts ' . $attempts($l));
$child(own_uid(0), fn ($l) => 'another process of user A sees ' . $seen($l));
$child(own_uid(1), fn ($l) => 'user B sees ' . $seen($l));
echo file_get_contents($results);
echo 'root sees ', $seen($limiter), "\n";
unlink($results);
rmdir($dir);
?>
--EXPECT--
root blocks 198.51.100.7: 1,1,1,0
user A sees 3 remaining, attempts 1,1,1,0
another process of user A sees 0 remaining
user B sees 3 remaining
root sees 0 remaining
