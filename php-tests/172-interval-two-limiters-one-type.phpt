--TEST--
Limiters of one login type with different intervals share one state and judge it as Symfony does, with exact retry times
--SKIPIF--
<?php if (!is_file('/usr/share/php/Symfony/Component/RateLimiter/autoload.php')) die('skip php-symfony-rate-limiter is not installed'); ?>
--INI--
login_ratelimit.test_clock=1
login_ratelimit.log_blocked=0
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require __DIR__ . '/symfony.inc';

use LoginRateLimit\{LoginRateLimiter, TestClock};

// Three configurations of the BE login type in one process, as during a deployment or with two
// pools of one site: a state stored under one interval is read under the others.
$configs = [[5, '7 seconds', 7], [3, '20 seconds', 20], [4, '1 minute', 60]];
$ours = array_map(fn ($c) => new LoginRateLimiter(['loginRateLimit' => $c[0], 'loginRateLimitInterval' => $c[1]], 'BE'), $configs);
$storage = new ExpiringStorage();
mt_srand(20261201);
$now = 1800000000.0;
$compared = $differences = $retries = $wrongRetries = 0;
for ($i = 0; $i < 4000; $i++) {
    // Mostly short gaps, some pauses of about a window of one of the limiters.
    $gap = match (mt_rand(0, 9)) {
        0 => mt_rand(0, 120000000),
        1, 2 => mt_rand(0, 20000000),
        default => mt_rand(0, 1500000),
    } / 1e6;
    $now = round($now + $gap, 6);
    TestClock::set($now);
    $which = mt_rand(0, 2);
    [$limit, $interval] = $configs[$which];
    $client = '198.51.100.' . mt_rand(1, 3);
    $symfony = symfony_limiter($client, $limit, $interval, $storage);
    if (mt_rand(0, 80) === 0) {
        $symfony->reset();
        $ours[$which]->reset($client);
        continue;
    }
    $tokens = mt_rand(0, 5) === 0 ? mt_rand(1, $limit) : 1;
    $theirs = $symfony->consume($tokens);
    $mine = $ours[$which]->consume($client, $tokens);
    $compared++;
    if ($theirs->isAccepted() !== $mine->isAccepted() || max(0, $theirs->getRemainingTokens()) !== $mine->getRemainingTokens()) {
        $differences++;
        if ($differences <= 5) {
            printf("differ at %.6f for %s under %s: symfony %s/%d, ours %s/%d\n", $now, $client, $interval,
                var_export($theirs->isAccepted(), true), $theirs->getRemainingTokens(), var_export($mine->isAccepted(), true), $mine->getRemainingTokens());
        }
    }
    if (!$mine->isAccepted() && $tokens === 1) {
        // The retry time is the earliest instant the attempt passes, under the same limiter.
        $retries++;
        $at = (float) $mine->getRetryAfter()->format('U.u');
        TestClock::set($at - 0.000001);
        $early = $ours[$which]->peek($client)->isAccepted();
        TestClock::set($at);
        $wrongRetries += (int) ($early || !$ours[$which]->peek($client)->isAccepted());
        TestClock::set($now);
    }
}
printf("decisions compared: %s, different: %d\n", var_export($compared > 3500, true), $differences);
printf("retry times checked: %s, not the earliest accepting instant: %d\n", var_export($retries > 300, true), $wrongRetries);
?>
--EXPECT--
decisions compared: true, different: 0
retry times checked: true, not the earliest accepting instant: 0
