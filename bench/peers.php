<?php
// The limiters compared: this extension, and Symfony's SlidingWindowLimiter on the storages a
// TYPO3 site would use instead. Each peer gives a function that consumes one attempt of one
// client and says whether it was accepted.

declare(strict_types=1);

require_once '/usr/share/php/Symfony/Component/RateLimiter/autoload.php';
require_once '/usr/share/php/Symfony/Component/Cache/autoload.php';

use LoginRateLimit\LoginRateLimiter;
use Symfony\Component\Cache\Adapter\ApcuAdapter;
use Symfony\Component\Cache\Adapter\FilesystemAdapter;
use Symfony\Component\Cache\Adapter\PdoAdapter;
use Symfony\Component\Cache\Adapter\RedisAdapter;
use Symfony\Component\RateLimiter\Policy\SlidingWindowLimiter;
use Symfony\Component\RateLimiter\Storage\CacheStorage;
use Symfony\Component\RateLimiter\Storage\InMemoryStorage;
use Symfony\Component\RateLimiter\Storage\StorageInterface;

const LIMIT = 5;
const INTERVAL = '15 minutes';

/**
 * name => function (string $namespace): callable(string $ip): object, giving for each client the
 * object and the arguments to call consume() with, on a fresh state space.
 */
function peers(string $workDir, string $redisSocket): array
{
    $symfony = function (callable $storage): callable {
        return function (string $namespace) use ($storage): callable {
            $store = $storage($namespace);
            $interval = \DateInterval::createFromDateString(INTERVAL);
            // One limiter per client, as Symfony's factory makes them: consume() takes no address.
            return fn (string $ip): array => [new SlidingWindowLimiter("login-$namespace-$ip", LIMIT, $interval, $store), []];
        };
    };
    return [
        'login_ratelimit' => function (string $namespace): callable {
            $limiter = new LoginRateLimiter(['loginRateLimit' => LIMIT, 'loginRateLimitInterval' => INTERVAL], substr("b$namespace", 0, 32));
            return fn (string $ip): array => [$limiter, [$ip]];
        },
        'Symfony, InMemoryStorage' => $symfony(fn () => new InMemoryStorage()),
        'Symfony, APCu cache' => $symfony(fn ($ns) => new CacheStorage(new ApcuAdapter("rl$ns"))),
        'Symfony, filesystem cache' => $symfony(fn ($ns) => new CacheStorage(new FilesystemAdapter("rl$ns", 0, "$workDir/cache"))),
        'Symfony, Redis cache' => $symfony(function ($ns) use ($redisSocket) {
            $redis = new \Redis();
            $redis->connect($redisSocket);
            return new CacheStorage(new RedisAdapter($redis, "rl$ns"));
        }),
        'Symfony, PDO SQLite cache' => $symfony(function ($ns) use ($workDir) {
            $adapter = new PdoAdapter("sqlite:$workDir/cache.sqlite", "rl$ns");
            try {
                $adapter->createTable();
            } catch (\PDOException $e) {
                // Made by an earlier run or another process.
            }
            return new CacheStorage($adapter);
        }),
    ];
}
