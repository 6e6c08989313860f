--TEST--
RateLimiter: same decisions as Symfony's SlidingWindowLimiter (Debian's symfony/rate-limiter) at the same instants, for e-mail, non-ASCII and binary keys
--SKIPIF--
<?php if (!is_file('/usr/share/php/Symfony/Component/RateLimiter/autoload.php')) die('skip php-symfony-rate-limiter is not installed'); ?>
--INI--
login_ratelimit.test_clock=1
--FILE--
<?php
namespace Symfony\Component\RateLimiter\Policy {
    // Symfony reads the time with microtime(true): make it read the same clock as the extension.
    function microtime(bool $asFloat = false) { return \LoginRateLimit\TestClock::now(); }
}

namespace {
    require '/usr/share/php/Symfony/Component/RateLimiter/autoload.php';

    use LoginRateLimit\{RateLimiter, TestClock};
    use Symfony\Component\RateLimiter\LimiterStateInterface;
    use Symfony\Component\RateLimiter\Policy\SlidingWindowLimiter;
    use Symfony\Component\RateLimiter\Storage\StorageInterface;

    /** Keeps states for ever: the decision rule is under test, not a storage's expiry. */
    final class ArrayStorage implements StorageInterface {
        private array $states = [];
        public function save(LimiterStateInterface $state): void { $this->states[$state->getId()] = clone $state; }
        public function fetch(string $id): ?LimiterStateInterface { return isset($this->states[$id]) ? clone $this->states[$id] : null; }
        public function delete(string $id): void { unset($this->states[$id]); }
    }

    // Keys that look alike but are not the same bytes count apart, in both.
    $keys = ['jane@example.com', 'JANE@example.com', "j\xc3\xbcrgen@b\xc3\xbccher.example", "\x00\xff binary\x01", "\x00\xff binary\x01\x00", '192.0.2.1', '::ffff:192.0.2.1'];
    mt_srand(20261124);
    $compared = $differences = 0;
    foreach ([[5, '15 minutes', 900], [10, '1 minute', 60], [3, '7 seconds', 7], [1, '1 hour', 3600]] as [$limit, $interval, $seconds]) {
        $now = 1800000000.0;
        TestClock::set($now);
        $storage = new ArrayStorage();
        for ($i = 0; $i < 1500; $i++) {
            // Bursts, pauses within a window, and pauses of several windows.
            $gap = match (mt_rand(0, 9)) {
                0 => mt_rand(0, 3 * $seconds * 1000000),
                1, 2 => mt_rand(0, $seconds * 1000000),
                default => mt_rand(0, intdiv($seconds * 1000000, 4 * $limit)),
            } / 1e6;
            $now = round($now + $gap, 6);
            TestClock::set($now);
            $key = $keys[mt_rand(0, count($keys) - 1)];
            // A new limiter per call, as TYPO3's factory builds them.
            $ours = new RateLimiter("diff-$limit", $limit, $interval);
            $symfony = new SlidingWindowLimiter($key, $limit, \DateInterval::createFromDateString($interval), $storage);
            if (mt_rand(0, 60) === 0) {
                $symfony->reset();
                $ours->reset($key);
                continue;
            }
            if (mt_rand(0, 9) === 0) {
                // Symfony has no peek; its consume(0) on a copy of the storage stores nothing
                // that counts, and one more token is there when one remains.
                $probe = new SlidingWindowLimiter($key, $limit, \DateInterval::createFromDateString($interval), clone $storage);
                $theirs = $probe->consume(0);
                $theirsAccepted = $theirs->getRemainingTokens() > 0;
                $mine = $ours->peek($key);
            } else {
                $tokens = mt_rand(0, 5) === 0 ? mt_rand(1, $limit) : 1;
                $theirs = $symfony->consume($tokens);
                $theirsAccepted = $theirs->isAccepted();
                $mine = $ours->consume($key, $tokens);
            }
            $compared++;
            if ($theirsAccepted !== $mine->isAccepted() || max(0, $theirs->getRemainingTokens()) !== $mine->getRemainingTokens()) {
                $differences++;
                printf("differ at %.6f for %s: symfony %s/%d, ours %s/%d\n", $now, bin2hex($key), var_export($theirsAccepted, true),
                    $theirs->getRemainingTokens(), var_export($mine->isAccepted(), true), $mine->getRemainingTokens());
            }
        }
    }
    printf("more than 5000 decisions compared: %s, different: %d\n", var_export($compared > 5000, true), $differences);
}
?>
--EXPECT--
more than 5000 decisions compared: true, different: 0
