--TEST--
stats() and phpinfo() cost the same at any table size: on a 1 GiB table each takes well under a millisecond and brings no page of the table into memory
--INI--
login_ratelimit.shm_size=1G
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use LoginRateLimit\LoginRateLimiter;

function resident(): int
{
    preg_match('/^VmRSS:\s+(\d+) kB$/m', file_get_contents('/proc/self/status'), $m);
    return (int) $m[1] * 1024;
}

/** The fastest of 20 calls, in seconds: a moment without the CPU does not count. */
function fastest(callable $call): float
{
    $best = INF;
    for ($i = 0; $i < 20; $i++) {
        $start = hrtime(true);
        $call();
        $best = min($best, (hrtime(true) - $start) / 1e9);
    }
    return $best;
}

$limiter = new LoginRateLimiter([], 'BE');
for ($i = 0; $i < 1000; $i++) {
    $limiter->consume(sprintf('10.0.%d.%d', $i >> 8, $i & 255));
}
$before = resident();
$stats = LoginRateLimiter::stats();
echo $stats['backend'], ', ', $stats['memory_bytes'] >> 20, ' MiB, capacity ', $stats['capacity'], ', entries ', $stats['entries'], "\n";
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
echo 'phpinfo: ', preg_match('/^Entries => 1000$/m', $info) ? 'Entries => 1000' : 'no entries row', "\n";
$statsTime = fastest(fn () => LoginRateLimiter::stats());
$infoTime = fastest(function () {
    ob_start();
    phpinfo(INFO_MODULES);
    ob_end_clean();
});
// A call that looked at every bucket would have made the kernel back the whole gigabyte.
$grown = resident() - $before;
check($grown < 16 << 20, sprintf('resident memory grew by %.1f MiB', $grown / 1048576));
// Under valgrind PHP runs dozens of times slower: there only the memory is checked.
if (getenv('USE_ZEND_ALLOC') !== '0') {
    check($statsTime < 0.001, sprintf('stats() took %.3f ms', $statsTime * 1e3));
    check($infoTime < 0.005, sprintf('phpinfo() took %.3f ms', $infoTime * 1e3));
}
echo "done\n";
?>
--EXPECT--
shared-anonymous, 1024 MiB, capacity 58720032, entries 1000
phpinfo: Entries => 1000
done
