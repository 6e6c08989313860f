--TEST--
A state keeps its window's interval: a client blocked under '15 minutes' stays blocked under '1 day' (file-backed table, as Symfony)
--SKIPIF--
<?php if (!is_file('/usr/share/php/Symfony/Component/RateLimiter/autoload.php')) die('skip php-symfony-rate-limiter is not installed'); ?>
--INI--
login_ratelimit.test_clock=1
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require __DIR__ . '/symfony.inc';

use LoginRateLimit\TestClock;

$dir = temp_dir('interval-longer');
$ini = ['login_ratelimit.shm_path' => "$dir/table", 'login_ratelimit.shm_size' => '1M', 'login_ratelimit.test_clock' => 1, 'login_ratelimit.log_blocked' => 0];
const T = 1800000000;
// [seconds after T, client, attempts]: both clients blocked under '15 minutes', then tried under
// '1 day' while that window lasts, just after it ends, and once the state's life (the window's
// end plus its own 15 minutes) is over.
$before = [[0, 1, 6], [0, 2, 6]];
$after = [[60, 1, 10], [60, 2, 10], [901, 1, 3], [1800, 2, 6]];

/** Runs $schedule in a PHP process of its own on the table file; the accepted attempts as "1"/"0". */
function ours(array $schedule, string $interval, array $ini): string
{
    $code = '<?php $l = new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 5, "loginRateLimitInterval" => "' . $interval . '"], "BE");
        foreach (' . var_export($schedule, true) . ' as [$at, $client, $n]) {
            LoginRateLimit\TestClock::set(' . T . ' + $at);
            for ($i = 0; $i < $n; $i++) echo (int) $l->consume("203.0.113.$client")->isAccepted();
            echo " ";
        }';
    [$out, $err] = run_php($code, $ini);
    return trim($out . $err);
}

function theirs(array $schedule, string $interval, ExpiringStorage $storage): string
{
    $out = '';
    foreach ($schedule as [$at, $client, $n]) {
        TestClock::set(T + $at);
        for ($i = 0; $i < $n; $i++) {
            $out .= (int) symfony_limiter("203.0.113.$client", 5, $interval, $storage)->consume()->isAccepted();
        }
        $out .= ' ';
    }
    return trim($out);
}

$storage = new ExpiringStorage();
printf("15 minutes: ours %s, Symfony %s\n", ours($before, '15 minutes', $ini), theirs($before, '15 minutes', $storage));
$mine = ours($after, '1 day', $ini);
$symfony = theirs($after, '1 day', $storage);
printf("1 day:      ours %s, Symfony %s\n", $mine, $symfony);
check($mine === $symfony, 'the same decisions as Symfony');
unlink("$dir/table");
rmdir($dir);
?>
--EXPECT--
15 minutes: ours 111110 111110, Symfony 111110 111110
1 day:      ours 0000000000 0000000000 100 111110, Symfony 0000000000 0000000000 100 111110
