<?php
// make bench: consume() per call for this extension and Symfony's limiter on the storages a TYPO3
// site would use, scaling across processes, exactness under concurrency, and memory per client.
// Every figure printed comes from this one run. Benchmarks measure; they never fail on a timing.

declare(strict_types=1);

require __DIR__ . '/peers.php';

use LoginRateLimit\LoginRateLimiter;

const CLIENTS = 1000;
const ROUNDS = 10;   // each client attempts 10 times: 5 accepted, then 5 rejected

const REDIS_STREAMS = 7;  // streams per way of running, on Redis
const BLOCK = 50;         // clients per turn when this extension and Symfony take turns on Redis

// login_ratelimit.redis_url is a system setting, so this extension on Redis is measured in a
// PHP process of its own (this script again), started with it, and Symfony's limiter on Redis
// in the same process, taking turns with it.
if (getenv('LOGIN_RATELIMIT_BENCH_REDIS')) {
    echo json_encode(on_redis(getenv('LOGIN_RATELIMIT_BENCH_REDIS'), getenv('LOGIN_RATELIMIT_BENCH_PART')));
    exit(0);
}

$workDir = sys_get_temp_dir() . '/login-ratelimit-bench-' . getmypid();
mkdir($workDir, 0700);
$redis = start_redis($workDir);
$benchPid = getmypid();
register_shutdown_function(function () use ($redis, $workDir, $benchPid) {
    if (getmypid() !== $benchPid) {
        return; // a forked child exiting
    }
    proc_terminate($redis, 15);
    proc_close($redis);
    exec('rm -rf ' . escapeshellarg($workDir));
});

$ips = [];
for ($i = 0; $i < CLIENTS; $i++) {
    $ips[] = sprintf('198.%d.%d.%d', 18 + intdiv($i, 65536), intdiv($i, 256) % 256, $i % 256);
}

printf("login_ratelimit benchmark: PHP %s, %s, %d CPUs, %s\n", PHP_VERSION, php_uname('m'), cpu_count(), date('Y-m-d H:i'));
printf("stream: %d clients x %d attempts (limit %d per %s: half accepted, half rejected)\n\n", CLIENTS, ROUNDS, LIMIT, INTERVAL);

// 1. Time per consume(), median of several runs, each on a fresh state space.
$plans = [
    // peer => [clients, runs, streams per run]: slow peers get fewer clients or runs to finish in seconds.
    'login_ratelimit' => [CLIENTS, 7, 20],
    'Symfony, InMemoryStorage' => [CLIENTS, 7, 5],
    'Symfony, APCu cache' => [CLIENTS, 5, 2],
    'Symfony, filesystem cache' => [CLIENTS, 3, 1],
    // Timed below, taking turns with this extension on the same Redis: timed here, between
    // the filesystem and SQLite peers, it read anywhere from 26 to 192 µs from one run of this
    // benchmark to the next, in turns with this extension 27 to 28 µs.
    'Symfony, Redis cache' => [CLIENTS, 0, 1],
    'Symfony, PDO SQLite cache' => [100, 3, 1],
];
$peers = peers($workDir, "$workDir/redis.sock");
// Runs are interleaved across peers, so that the machine's slow moments fall on all of them.
$times = array_fill_keys(array_keys($plans), []);
$run = 0;
for ($r = 0; $r < max(array_column($plans, 1)); $r++) {
    foreach ($plans as $name => [$clients, $runs, $streams]) {
        if ($r < $runs) {
            $times[$name][] = time_stream($peers[$name], $name, $ips, $clients, $streams, $run);
        }
    }
}
$results = [];
foreach (array_filter($times) as $name => $list) {
    sort($list);
    $results[$name] = $list[intdiv(count($list), 2)];
}
$ours = $results['login_ratelimit'];
// On Redis: this extension against Symfony's limiter (CacheStorage over RedisAdapter and
// phpredis) on the same redis-server over the same unix socket, in one process, taking turns
// every BLOCK clients on the same stream (the same clients, the same accepted and rejected
// attempts), so that a slow moment of the machine falls on both; the ratio of each stream's
// totals, median of REDIS_STREAMS streams. Once in one process, and once with the rounds
// alternating between two processes (each client's attempts then come from the other process
// than its last one, as when a web server's requests go to whichever worker is free). Redis
// counts the commands of each side (INFO commandstats).
$socket = "$workDir/redis.sock";
$counter = new \Redis();
$counter->connect($socket);
$duels = [];
foreach (['one process' => 1, 'two processes' => 2] as $way => $processes) {
    for ($r = 0; $r < REDIS_STREAMS; $r++) {
        $before = command_stats($counter);
        $duel = run_on_redis($socket, "duel$processes");
        $duels[$way][] = $duel + redis_work(command_stats($counter), $before, CLIENTS * ROUNDS);
    }
}
// A bare round trip, from this process: phpredis's GET of a missing key.
$gets = [];
for ($r = 0; $r < REDIS_STREAMS; $r++) {
    $started = hrtime(true);
    for ($i = 0; $i < CLIENTS * ROUNDS; $i++) {
        $counter->get("bench-missing-$i");
    }
    $gets[] = (hrtime(true) - $started) / (CLIENTS * ROUNDS) / 1000;
}
$median = fn (array $values): float => (function (array $v): float { sort($v); return $v[intdiv(count($v), 2)]; })($values);
$of = fn (string $way, string $what): float => $median(array_column($duels[$way], $what));
$redisRows = [
    'us' => $of('one process', 'ours'), 'symfony' => $of('one process', 'symfony'), 'ratio' => $of('one process', 'ratio'),
    'race' => run_on_redis($socket, 'race')['race'],
];
$results = array_slice($results, 0, 1) + ['login_ratelimit on Redis' => $redisRows['us']] + array_slice($results, 1, 3)
    + ['Symfony, Redis cache' => $redisRows['symfony']] + array_slice($results, 4);
printf("%-28s %14s %12s\n", 'consume() per call', 'median µs', 'vs ours');
foreach ($results as $name => $us) {
    printf("%-28s %14.3f %11.0fx%s\n", $name, $us, $us / $ours, $name === 'Symfony, PDO SQLite cache' ? '  (100 clients)' : '');
}
$floor = native_call_floor();
printf("%-28s %14.3f\n\n", 'a native method call', $floor);

printf("on Redis: one redis-server, one unix socket; %d clients x %d attempts, half accepted; taking turns every %d clients; medians of %d streams\n",
    CLIENTS, ROUNDS, BLOCK, REDIS_STREAMS);
printf("  %-15s %-16s %10s %12s %13s %10s %10s\n", '', '', 'µs per call', 'round trips', 'Redis CPU µs', 'accepted', 'rejected');
foreach ($duels as $way => $runs) {
    foreach (['ours' => 'login_ratelimit', 'symfony' => 'Symfony'] as $side => $label) {
        printf("  %-15s %-16s %10.2f %12.2f %13.2f %10.2f %10.2f\n", $side === 'ours' ? $way : '', $label, $of($way, $side),
            $of($way, "$side trips"), $of($way, "$side cpu"), $of($way, "$side accepted"), $of($way, "$side rejected"));
    }
    printf("  %-15s %-16s %9.2fx %12s %13s %9.2fx %9.2fx   (lowest %.2fx, highest %.2fx)\n", '', 'Symfony / ours', $of($way, 'ratio'), '', '',
        $of($way, 'symfony accepted') / $of($way, 'ours accepted'), $of($way, 'symfony rejected') / $of($way, 'ours rejected'),
        min(array_column($runs, 'ratio')), max(array_column($runs, 'ratio')));
}
printf("  %-32s %10.2f   (one bare round trip, the floor of any call)\n\n", 'phpredis GET', $median($gets));

// 1b. A login attempt as TYPO3 makes it: a limiter built for the request by the factory, then
// consume() through Symfony's LimiterInterface. The package's limiter against what TYPO3's own
// factory builds: Symfony's RateLimiterFactory on a filesystem cache (TYPO3's default storage kind).
$attempt = typo3_login_attempt_peers($workDir);
$typo3Times = array_fill_keys(array_keys($attempt), []);
for ($r = 0; $r < 3; $r++) {
    foreach ($attempt as $name => $peer) {
        // 100 clients: TYPO3's own path takes about a millisecond per attempt.
        $typo3Times[$name][] = time_attempts($peer, array_slice($ips, 0, 100), 'attempt' . ++$run);
    }
}
$typo3Results = array_map(function (array $list): float {
    sort($list);
    return $list[intdiv(count($list), 2)];
}, $typo3Times);
$package = $typo3Results['TYPO3 package (native)'];
printf("%-34s %8s %12s\n", 'login attempt as TYPO3 makes it', 'median µs', 'vs package');
foreach ($typo3Results as $name => $us) {
    printf("%-34s %8.3f %11.0fx\n", $name, $us, $us / $package);
}
echo "\n";

// 2. Scaling across processes.
// Measured in alternation, so that a slow moment of the machine hits both.
$median = function (array $values): float {
    sort($values);
    return $values[intdiv(count($values), 2)];
};
$ones = $twos = $ratios = [];
for ($i = 0; $i < 7; $i++) {
    $ones[] = $one = throughput(1, false);
    $twos[] = $two = throughput(2, false);
    $ratios[] = $two / $one;
}
[$one, $two, $scaling] = [$median($ones), $median($twos), $median($ratios)];
printf("throughput, disjoint clients: 1 process %.2f M/s, 2 processes %.2f M/s: %.2fx (median of 7 paired runs)\n", $one / 1e6, $two / 1e6, $scaling);
$shared = $median([throughput(2, true), throughput(2, true), throughput(2, true)]);
printf("throughput, 2 processes on one client: %.2f M/s\n\n", $shared / 1e6);

// 3. Exactness: two processes hammering one client at the same instant, limit 5.
printf("2 processes x 50 simultaneous attempts on one client, limit %d, 20 trials: accepted per trial\n", LIMIT);
$exactness = [];
foreach (array_merge(array_slice(array_keys($plans), 0, 1), ['login_ratelimit on Redis'], array_slice(array_keys($plans), 1)) as $name) {
    $accepted = [];
    for ($trial = 0; $name !== 'login_ratelimit on Redis' && $trial < 20; $trial++) {
        $accepted[] = race($peers[$name], 'race' . ++$run);
    }
    $accepted = $name === 'login_ratelimit on Redis' ? $redisRows['race'] : $accepted;
    $exactness[$name] = $accepted;
    printf("  %-28s min %2d, max %2d, mean %5.2f%s\n", $name, min($accepted), max($accepted), array_sum($accepted) / count($accepted),
        max($accepted) > LIMIT ? '   over-admits' : (min($accepted) === LIMIT ? '   exact' : ''));
}
echo "\n";

// 4. Memory.
$stats = LoginRateLimiter::stats();
printf("shared memory: %d bytes, capacity %d clients, %.1f bytes per client (backend %s)\n\n",
    $stats['memory_bytes'], $stats['capacity'], $stats['bytes_per_client'], $stats['backend']);

// 5. Targets.
$targets = [
    ['consume() from PHP <= 0.3 µs', $ours <= 0.3, sprintf('%.3f µs', $ours)],
    ['>= 30x faster than Symfony on APCu', $results['Symfony, APCu cache'] / $ours >= 30, sprintf('%.0fx', $results['Symfony, APCu cache'] / $ours)],
    ['>= 500x faster than the filesystem cache', $results['Symfony, filesystem cache'] / $ours >= 500, sprintf('%.0fx', $results['Symfony, filesystem cache'] / $ours)],
    ['2 processes >= 1.7x the throughput of one', $scaling >= 1.7, sprintf('%.2fx', $scaling)],
    ['<= 64 bytes per tracked client', $stats['bytes_per_client'] <= 64, sprintf('%.1f B', $stats['bytes_per_client'])],
    ['default 16M segment holds >= 200,000 clients', $stats['capacity'] >= 200000, number_format($stats['capacity'])],
    ['exact under concurrency (every trial accepted 5)', min($exactness['login_ratelimit']) === LIMIT && max($exactness['login_ratelimit']) === LIMIT, 'min ' . min($exactness['login_ratelimit']) . ', max ' . max($exactness['login_ratelimit'])],
    ['on Redis: >= 3x faster than Symfony on Redis', $redisRows['ratio'] >= 3, sprintf('%.2fx', $redisRows['ratio'])],
    ['on Redis: exact (every trial accepted 5)', min($redisRows['race']) === LIMIT && max($redisRows['race']) === LIMIT, 'min ' . min($redisRows['race']) . ', max ' . max($redisRows['race'])],
];
echo "targets\n";
foreach ($targets as [$what, $met, $value]) {
    printf("  %-50s %-14s %s\n", $what, $value, $met ? 'met' : 'MISSED');
}

/** Microseconds per consume() over $streams streams, each on a fresh state space. */
function time_stream(callable $peer, string $name, array $ips, int $clients, int $streams, int &$run): float
{
    $elapsed = 0;
    $calls = 0;
    for ($s = 0; $s < $streams; $s++) {
        $for = $peer((string) ++$run);
        $limiters = [];
        for ($c = 0; $c < $clients; $c++) {
            $limiters[] = $for($ips[$c])[0];
        }
        // The timed loops call consume() directly, as an application does.
        $started = hrtime(true);
        if ($name === 'login_ratelimit') {
            $limiter = $limiters[0];
            for ($round = 0; $round < ROUNDS; $round++) {
                for ($c = 0; $c < $clients; $c++) {
                    $limiter->consume($ips[$c]);
                }
            }
        } else {
            for ($round = 0; $round < ROUNDS; $round++) {
                for ($c = 0; $c < $clients; $c++) {
                    $limiters[$c]->consume();
                }
            }
        }
        $elapsed += hrtime(true) - $started;
        $calls += ROUNDS * $clients;
    }
    return $elapsed / $calls / 1000;
}

/**
 * The two ways a TYPO3 login attempt can be limited: name => function (string $namespace):
 * callable(string $ip): bool, building the limiter for the attempt and consuming one token.
 */
function typo3_login_attempt_peers(string $workDir): array
{
    spl_autoload_register(static function (string $class): void {
        if (str_starts_with($class, 'LoginRateLimit\\Typo3\\')) {
            require dirname(__DIR__) . '/Classes/' . str_replace('\\', '/', substr($class, 21)) . '.php';
        }
    });
    $config = ['loginRateLimit' => LIMIT, 'loginRateLimitInterval' => INTERVAL, 'loginRateLimitIpExcludeList' => ''];
    return [
        'TYPO3 package (native)' => fn (string $namespace): callable => fn (string $ip): bool => (new LoginRateLimit\Typo3\Limiter\NativeLimiter(
            new LoginRateLimiter($config, substr("t$namespace", 0, 32)),
            $ip
        ))->consume()->isAccepted(),
        'TYPO3 core (Symfony, file cache)' => function (string $namespace) use ($workDir): callable {
            $storage = new \Symfony\Component\RateLimiter\Storage\CacheStorage(new \Symfony\Component\Cache\Adapter\FilesystemAdapter("rl$namespace", 0, "$workDir/cache"));
            $config = ['id' => sha1('typo3-login-BE'), 'policy' => 'sliding_window', 'limit' => LIMIT, 'interval' => INTERVAL];
            return fn (string $ip): bool => (new Symfony\Component\RateLimiter\RateLimiterFactory($config, $storage))
                ->create($ip)->consume()->isAccepted();
        },
    ];
}

/** Microseconds per login attempt: every client attempts ROUNDS times, on a fresh state space. */
function time_attempts(callable $peer, array $ips, string $namespace): float
{
    $attempt = $peer($namespace);
    $started = hrtime(true);
    for ($round = 0; $round < ROUNDS; $round++) {
        foreach ($ips as $ip) {
            $attempt($ip);
        }
    }
    return (hrtime(true) - $started) / (ROUNDS * count($ips)) / 1000;
}

/** Forks $count children running $child($index) and waits for all of them. */
function run_forked(int $count, callable $child): void
{
    $children = [];
    for ($index = 0; $index < $count; $index++) {
        if (($pid = pcntl_fork()) === 0) {
            $child($index);
            exit(0);
        }
        $children[] = $pid;
    }
    foreach ($children as $pid) {
        pcntl_waitpid($pid, $status);
    }
}

function cpu_count(): int
{
    return (int) trim((string) shell_exec('nproc')) ?: 1;
}

function start_redis(string $dir)
{
    $process = proc_open(['redis-server', '--port', '0', '--unixsocket', "$dir/redis.sock", '--save', '', '--appendonly', 'no'],
        [1 => ['file', "$dir/redis.log", 'a'], 2 => ['file', "$dir/redis.log", 'a']], $pipes);
    for ($i = 0; $i < 200 && !file_exists("$dir/redis.sock"); $i++) {
        usleep(10000);
    }
    if (!file_exists("$dir/redis.sock")) {
        fwrite(STDERR, "redis-server did not start\n");
        exit(1);
    }
    return $process;
}

/** What a loop of empty native method calls costs per call: the floor for any extension. */
function native_call_floor(): float
{
    $object = new ArrayObject([]);
    $best = INF;
    for ($r = 0; $r < 5; $r++) {
        $started = hrtime(true);
        for ($i = 0; $i < 1000000; $i++) {
            $object->count();
        }
        $best = min($best, (hrtime(true) - $started) / 1e6 / 1000);
    }
    return $best;
}

/**
 * consume() calls per second by $processes forked processes, on their own clients or one
 * client: each counts its calls within the same half-second window.
 */
function throughput(int $processes, bool $oneClient): float
{
    $file = tempnam(sys_get_temp_dir(), 'tp');
    $start = microtime(true) + 0.2;
    $end = $start + 0.5;
    run_forked($processes, function (int $p) use ($processes, $oneClient, $start, $end, $file) {
        $limiter = new LoginRateLimiter(['loginRateLimit' => LIMIT], "tp$processes" . ($oneClient ? 's' : 'd') . mt_rand());
        $ips = [];
        for ($i = 0; $i < 1000; $i++) {
            $ips[] = $oneClient ? '192.0.2.1' : sprintf('10.%d.%d.%d', $p, intdiv($i, 256), $i % 256);
        }
        while (microtime(true) < $start) {
        }
        $calls = 0;
        do {
            for ($i = 0; $i < 1000; $i++) {
                $limiter->consume($ips[$i]);
            }
            $calls += 1000;
        } while (microtime(true) < $end);
        file_put_contents($file, "$calls\n", FILE_APPEND | LOCK_EX);
    });
    $calls = array_sum(array_map('intval', file($file)));
    unlink($file);
    return $calls / 0.5;
}

/** How many of 2 x 50 simultaneous attempts on one client a peer accepts. */
function race(callable $peer, string $namespace): int
{
    $file = tempnam(sys_get_temp_dir(), 'race');
    $start = microtime(true) + 0.05;
    run_forked(2, function () use ($peer, $namespace, $start, $file) {
        [$limiter, $args] = $peer($namespace)('203.0.113.1');
        $accepted = 0;
        while (microtime(true) < $start) {
        }
        for ($i = 0; $i < 50; $i++) {
            $accepted += $limiter->consume(...$args)->isAccepted() ? 1 : 0;
        }
        file_put_contents($file, "$accepted\n", FILE_APPEND | LOCK_EX);
    });
    $total = array_sum(array_map('intval', file($file)));
    unlink($file);
    return $total;
}

/** Each command's calls and microseconds so far, from Redis's INFO commandstats. */
function command_stats(\Redis $redis): array
{
    $stats = [];
    foreach ($redis->info('commandstats') as $name => $line) {
        parse_str(str_replace(',', '&', $line), $fields);
        $stats[substr($name, strlen('cmdstat_'))] = [(int) $fields['calls'], (float) $fields['usec']];
    }
    return $stats;
}

/**
 * Round trips and Redis's own time per call, of each side, between two command_stats(). This
 * extension's round trips each end in one EVALSHA, EVAL or EXEC (its MULTI, GET and TIME go
 * with the EXEC, and the commands its scripts run are counted within them); each of Symfony's
 * commands (MGET, SETEX) is a round trip of its own with phpredis.
 */
function redis_work(array $after, array $before, int $calls): array
{
    $work = ['ours trips' => 0, 'ours cpu' => 0, 'symfony trips' => 0, 'symfony cpu' => 0];
    foreach ($after as $name => [$n, $usec]) {
        [$n0, $usec0] = $before[$name] ?? [0, 0];
        $side = match (true) {
            in_array($name, ['evalsha', 'eval', 'exec'], true) => 'ours',
            in_array($name, ['multi', 'get', 'set', 'time', 'info'], true) => null,
            default => 'symfony',
        };
        if ($side !== null) {
            $work["$side trips"] += ($n - $n0) / $calls;
            $work["$side cpu"] += ($usec - $usec0) / $calls;
        }
    }
    return $work;
}

/**
 * This extension and Symfony's limiter on the Redis at $socket, taking turns every BLOCK
 * clients through the stream, in this process or (with the rounds alternating) two forked
 * ones: µs per call of each side, overall, for the accepted rounds and for the rejected ones.
 */
function redis_duel(string $socket, int $processes, array $ips, string $namespace): array
{
    $ours = new LoginRateLimiter(['loginRateLimit' => LIMIT, 'loginRateLimitInterval' => INTERVAL], substr("duel$namespace", 0, 32));
    $for = peers(sys_get_temp_dir(), $socket)['Symfony, Redis cache']("duel$namespace");
    $symfony = array_map(fn (string $ip) => $for($ip)[0], $ips);
    $file = tempnam(sys_get_temp_dir(), 'duel');
    $turns = [stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP),
              stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP)];
    $play = function (int $me) use ($processes, $ips, $ours, $symfony, $file, $turns) {
        // Process $me plays the rounds $me, $me + $processes, ..., waiting for its turn.
        $ns = ['ours' => [0, 0], 'symfony' => [0, 0]]; // [accepted rounds, rejected rounds]
        for ($round = $me; $round < ROUNDS; $round += $processes) {
            if ($processes > 1 && $round > 0) {
                fread($turns[$me][0], 1);
            }
            $kind = $round < LIMIT ? 0 : 1;
            foreach (array_chunk(array_keys($ips), BLOCK) as $block) {
                $started = hrtime(true);
                foreach ($block as $c) {
                    $ours->consume($ips[$c]);
                }
                $middle = hrtime(true);
                foreach ($block as $c) {
                    $symfony[$c]->consume();
                }
                $ns['ours'][$kind] += $middle - $started;
                $ns['symfony'][$kind] += hrtime(true) - $middle;
            }
            if ($processes > 1) {
                fwrite($turns[1 - $me][1], '.');
            }
        }
        $stats = LoginRateLimiter::stats();
        $ok = $stats['redis_errors'] === 0 && $stats['fallback_answers'] === 0;
        file_put_contents($file, json_encode($ok ? $ns : null) . "\n", FILE_APPEND | LOCK_EX);
    };
    if ($processes === 1) {
        $play(0);
    } else {
        run_forked($processes, $play);
    }
    $parts = array_map(fn (string $line) => json_decode($line, true), file($file));
    unlink($file);
    if (count($parts) !== $processes || in_array(null, $parts, true)) {
        fwrite(STDERR, "Redis did not answer every call\n");
        exit(1);
    }
    $rounds = [LIMIT, ROUNDS - LIMIT];
    $duel = [];
    foreach (['ours', 'symfony'] as $side) {
        $ns = [array_sum(array_map(fn ($p) => $p[$side][0], $parts)), array_sum(array_map(fn ($p) => $p[$side][1], $parts))];
        $duel[$side] = array_sum($ns) / (count($ips) * ROUNDS) / 1000;
        $duel["$side accepted"] = $ns[0] / (count($ips) * $rounds[0]) / 1000;
        $duel["$side rejected"] = $ns[1] / (count($ips) * $rounds[1]) / 1000;
    }
    $duel['ratio'] = $duel['symfony'] / $duel['ours'];
    return $duel;
}

/**
 * A PHP process started with redis_url pointing at $socket (and the system's php.ini, for
 * phpredis), running on_redis($socket, $part): its answer.
 */
function run_on_redis(string $socket, string $part): array
{
    $command = 'LOGIN_RATELIMIT_BENCH_REDIS=' . escapeshellarg($socket) . ' LOGIN_RATELIMIT_BENCH_PART=' . $part
        . ' ' . escapeshellarg(PHP_BINARY)
        . ' -d extension=' . escapeshellarg(getenv('LOGIN_RATELIMIT_SO') ?: 'login_ratelimit')
        . ' -d ' . escapeshellarg("login_ratelimit.redis_url=unix://$socket")
        . ' -d login_ratelimit.redis_timeout_ms=1000 -d login_ratelimit.log_blocked=0 '
        . escapeshellarg(__FILE__);
    $rows = json_decode((string) shell_exec($command), true);
    if (!is_array($rows)) {
        fwrite(STDERR, "the Redis measurement failed\n");
        exit(1);
    }
    return $rows;
}

/**
 * In the process started with redis_url: this extension against Symfony on the Redis at
 * $socket (part duel1 or duel2, see redis_duel()), or the accepted count of each of 20
 * two-process races of this extension.
 */
function on_redis(string $socket, string $part): array
{
    $stats = LoginRateLimiter::stats();
    if ($stats['backend'] !== 'redis') {
        fwrite(STDERR, "not on Redis: {$stats['backend']}\n");
        exit(1);
    }
    $ips = [];
    for ($i = 0; $i < CLIENTS; $i++) {
        $ips[] = sprintf('198.%d.%d.%d', 18 + intdiv($i, 65536), intdiv($i, 256) % 256, $i % 256);
    }
    $run = getmypid() * 1000;
    if (str_starts_with($part, 'duel')) {
        return redis_duel($socket, (int) substr($part, 4), $ips, (string) $run);
    }
    $peer = function (string $namespace): callable {
        $limiter = new LoginRateLimiter(['loginRateLimit' => LIMIT, 'loginRateLimitInterval' => INTERVAL], substr("redis$namespace", 0, 32));
        return fn (string $ip): array => [$limiter, [$ip]];
    };
    $rows = [];
    for ($trial = 0; $trial < 20; $trial++) {
        $rows['race'][] = race($peer, 'race' . ++$run);
    }
    $after = LoginRateLimiter::stats();
    if ($after['redis_errors'] !== 0 || $after['fallback_answers'] !== 0) {
        fwrite(STDERR, "Redis did not answer every call: {$after['redis_last_error']}\n");
        exit(1);
    }
    return $rows;
}
