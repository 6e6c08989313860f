--TEST--
RateLimiter: bad ids, limits, intervals, keys and token counts are InvalidArgumentExceptions naming the value, and change nothing
--FILE--
<?php
use LoginRateLimit\{LoginRateLimiter, RateLimiter};
require __DIR__ . '/helpers.inc';

foreach (['', 'B E', str_repeat('x', 65), "BE\0", 'a/b', "caf\xc3\xa9", "\xff"] as $id) {
    show_throw(fn () => new RateLimiter($id, 5));
}
foreach ([0, -1, 65536, PHP_INT_MAX] as $limit) {
    show_throw(fn () => new RateLimiter('limits', $limit));
}
foreach (['', 'tomorrow', '0 minutes', '1 month', '1500 msec', '400 days', "15 min\xff"] as $interval) {
    show_throw(fn () => new RateLimiter('intervals', 5, $interval));
}
$limiter = new RateLimiter('bad-input', 5);
$tooLong = str_repeat('k', 1025);
foreach (['', $tooLong] as $key) {
    show_throw(fn () => $limiter->consume($key));
    show_throw(fn () => $limiter->peek($key));
    show_throw(fn () => $limiter->reset($key));
}
foreach ([0, -1, 6, PHP_INT_MIN] as $tokens) {
    show_throw(fn () => $limiter->consume('k', $tokens));
}
// Wrong PHP types are the engine's business.
show_throw(fn () => new RateLimiter('types', 'five'));
show_throw(fn () => new RateLimiter(['id'], 5));
show_throw(fn () => $limiter->consume(['k']));
// The longest id and key are fine.
var_dump((new RateLimiter(str_repeat('x', 64), 65535))->consume(str_repeat("\xff", 1024))->getRemainingTokens());

// Thousands of generated values: only the documented exceptions, and nothing stored by them.
mt_srand(40);
$pieces = ['', ' ', "\0", "\xff", "\xc3\x28", '.', ':', '-', '_', '/', '@', 'a', 'Z', '9', 'min', 'month', '15 minutes', str_repeat('x', 40)];
$random = function () use ($pieces) {
    $s = '';
    for ($n = mt_rand(0, 6); $n > 0; $n--) {
        $s .= mt_rand(0, 3) ? $pieces[array_rand($pieces)] : random_bytes(mt_rand(1, 4));
    }
    return $s;
};
$counts = ['ok' => 0, 'documented' => 0];
$record = function (callable $call) use (&$counts) {
    try {
        $call();
        $counts['ok']++;
    } catch (InvalidArgumentException | TypeError $e) {
        $counts['documented']++;
    }
};
$entries = LoginRateLimiter::stats()['entries'];
for ($i = 0; $i < 2000; $i++) {
    $value = $random();
    $record(fn () => new RateLimiter($value, 5));
    $record(fn () => new RateLimiter('fuzz', 5, $value));
    $record(fn () => new RateLimiter('fuzz', mt_rand(PHP_INT_MIN, PHP_INT_MAX)));
    $record(fn () => $limiter->consume($value === '' ? '' : $tooLong . $value));
    $record(fn () => $limiter->consume('fuzz', mt_rand(PHP_INT_MIN, 0)));
}
echo array_sum($counts), " calls, only documented exceptions\n";
var_dump($counts['documented'] > 5000, LoginRateLimiter::stats()['entries'] === $entries);
?>
--EXPECTF--
InvalidArgumentException: Invalid rate limiter id: "" must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.', ':' and '-'
InvalidArgumentException: Invalid rate limiter id: "B E" must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.', ':' and '-'
InvalidArgumentException: Invalid rate limiter id: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..." must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.', ':' and '-'
InvalidArgumentException: Invalid rate limiter id: "BE\x00" must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.', ':' and '-'
InvalidArgumentException: Invalid rate limiter id: "a/b" must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.', ':' and '-'
InvalidArgumentException: Invalid rate limiter id: "caf\xc3\xa9" must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.', ':' and '-'
InvalidArgumentException: Invalid rate limiter id: "\xff" must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.', ':' and '-'
InvalidArgumentException: Invalid limit: 0 is not between 1 and the largest supported limit, 65535
InvalidArgumentException: Invalid limit: -1 is not between 1 and the largest supported limit, 65535
InvalidArgumentException: Invalid limit: 65536 is not between 1 and the largest supported limit, 65535
InvalidArgumentException: Invalid limit: 9223372036854775807 is not between 1 and the largest supported limit, 65535
InvalidArgumentException: Invalid interval: "": it is empty
InvalidArgumentException: Invalid interval: "tomorrow": it is not a duration such as '15 minutes', '1 hour 30 minutes' or '900 seconds'
InvalidArgumentException: Invalid interval: "0 minutes": it must be longer than zero seconds
InvalidArgumentException: Invalid interval: "1 month": months and years have no fixed length; use days or weeks instead
InvalidArgumentException: Invalid interval: "1500 msec": it must be a whole number of seconds
InvalidArgumentException: Invalid interval: "400 days": it must not be longer than 366 days
InvalidArgumentException: Invalid interval: "15 min\xff": it is not a duration such as '15 minutes', '1 hour 30 minutes' or '900 seconds'
InvalidArgumentException: Invalid key: "" is 0 bytes long; a key is 1 to 1024 bytes
InvalidArgumentException: Invalid key: "" is 0 bytes long; a key is 1 to 1024 bytes
InvalidArgumentException: Invalid key: "" is 0 bytes long; a key is 1 to 1024 bytes
InvalidArgumentException: Invalid key: "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk..." is 1025 bytes long; a key is 1 to 1024 bytes
InvalidArgumentException: Invalid key: "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk..." is 1025 bytes long; a key is 1 to 1024 bytes
InvalidArgumentException: Invalid key: "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk..." is 1025 bytes long; a key is 1 to 1024 bytes
InvalidArgumentException: Cannot consume 0 tokens: the number must be between 1 and the limit (5)
InvalidArgumentException: Cannot consume -1 tokens: the number must be between 1 and the limit (5)
InvalidArgumentException: Cannot consume 6 tokens: the number must be between 1 and the limit (5)
InvalidArgumentException: Cannot consume -9223372036854775808 tokens: the number must be between 1 and the limit (5)
TypeError: %s
TypeError: %s
TypeError: %s
int(65534)
10000 calls, only documented exceptions
bool(true)
bool(true)
