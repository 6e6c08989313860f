--TEST--
A state keeps its window's interval: blocked under '1 week', then under '15 minutes' the retry time is the old window's end, not a week later (file-backed table, as Symfony)
--SKIPIF--
<?php if (!is_file('/usr/share/php/Symfony/Component/RateLimiter/autoload.php')) die('skip php-symfony-rate-limiter is not installed'); ?>
--INI--
login_ratelimit.test_clock=1
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require __DIR__ . '/symfony.inc';

use LoginRateLimit\TestClock;

$dir = temp_dir('interval-shorter');
$ini = ['login_ratelimit.shm_path' => "$dir/table", 'login_ratelimit.shm_size' => '1M', 'login_ratelimit.test_clock' => 1, 'login_ratelimit.log_blocked' => 0];
const T = 1800000000;
const WEEK = 7 * 86400;

// Five attempts under '1 week' in one process: the window ends at T + 1 week.
[$out, $err] = run_php('<?php LoginRateLimit\TestClock::set(' . T . ');
    $l = new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 5, "loginRateLimitInterval" => "1 week"], "BE");
    for ($i = 0; $i < 5; $i++) $l->consume("203.0.113.9");
    echo $l->peek("203.0.113.9")->getRetryAfter()->format("U.u");', $ini);
echo $err;
printf("under 1 week: retry at T + %.6f s\n", (float) $out - T);

// Then '15 minutes', in another process, an hour later: the retry time, and the decisions just
// before and at it.
[$out, $err] = run_php('<?php LoginRateLimit\TestClock::set(' . (T + 3600) . ');
    $l = new LoginRateLimit\LoginRateLimiter(["loginRateLimit" => 5, "loginRateLimitInterval" => "15 minutes"], "BE");
    $rejected = $l->consume("203.0.113.9");
    $retry = (float) $rejected->getRetryAfter()->format("U.u");
    echo json_encode([$rejected->isAccepted(), $retry]);
    LoginRateLimit\TestClock::set($retry - 0.000001);
    echo " ", (int) $l->consume("203.0.113.9")->isAccepted();
    LoginRateLimit\TestClock::set($retry);
    echo (int) $l->consume("203.0.113.9")->isAccepted(), (int) $l->consume("203.0.113.9")->isAccepted();', $ini);
echo $err;
[$json, $decisions] = explode(' ', $out);
[$accepted, $retry] = json_decode($json);
printf("under 15 minutes, 1 hour later: %s, retry at T + %.6f s, then %s\n", $accepted ? 'accepted' : 'rejected', $retry - T, $decisions);
check($retry <= T + WEEK + 0.000001, 'no later than the old window allows');

// Symfony at the same instants, over one storage.
$storage = new ExpiringStorage();
TestClock::set(T);
for ($i = 0; $i < 5; $i++) {
    symfony_limiter('203.0.113.9', 5, '1 week', $storage)->consume();
}
$symfony = '';
foreach ([[T + 3600, 1], [$retry - 0.000001, 1], [$retry, 2]] as [$at, $n]) {
    TestClock::set($at);
    for ($i = 0; $i < $n; $i++) {
        $symfony .= (int) symfony_limiter('203.0.113.9', 5, '15 minutes', $storage)->consume()->isAccepted();
    }
}
printf("Symfony at the same instants: %s\n", $symfony);
check($symfony === '0' . $decisions, 'the same decisions as Symfony');
unlink("$dir/table");
rmdir($dir);
?>
--EXPECT--
under 1 week: retry at T + 604800.000001 s
under 15 minutes, 1 hour later: rejected, retry at T + 604800.000001 s, then 010
Symfony at the same instants: 0010
