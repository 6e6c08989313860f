--TEST--
Thousands of generated bad values give only the documented exceptions, and change nothing
--FILE--
<?php
mt_srand(7);
$pieces = ['', ' ', "\0", "\xff", "\xc3\x28", '.', ':', '::', '/', '*', ',', '%', '[', ']', '-', '+', '1', '255', '256', '0', '00', 'ffff', 'g', 'min', 'month', '1.2.3.4', '::ffff:', 'fe80::1', str_repeat('9', 30), str_repeat('a:', 20)];
$random = function () use ($pieces) {
    $s = '';
    for ($n = mt_rand(0, 8); $n > 0; $n--) {
        $s .= mt_rand(0, 3) ? $pieces[array_rand($pieces)] : random_bytes(mt_rand(1, 4));
    }
    return $s;
};
$counts = [];
$record = function (callable $call) use (&$counts) {
    try {
        $call();
        $counts['ok'] = ($counts['ok'] ?? 0) + 1;
    } catch (InvalidArgumentException | TypeError $e) {
        $counts['documented'] = ($counts['documented'] ?? 0) + 1;
    }
};
$limiter = new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => 3], 'fuzz');
for ($i = 0; $i < 3000; $i++) {
    $value = $random();
    $record(fn () => $limiter->consume($value));
    $record(fn () => $limiter->peek($value));
    $record(fn () => $limiter->reset($value));
    $record(fn () => $limiter->isExcluded($value));
    $record(fn () => new LoginRateLimit\LoginRateLimiter(['loginRateLimitIpExcludeList' => $value]));
    $record(fn () => new LoginRateLimit\LoginRateLimiter(['loginRateLimitInterval' => $value]));
    $record(fn () => new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => $value]));
    $record(fn () => new LoginRateLimit\LoginRateLimiter([], $value));
    $record(fn () => $limiter->consume('192.0.2.1', mt_rand(PHP_INT_MIN, PHP_INT_MAX)));
}
foreach ([null, 1.5, [], new stdClass(), true, -1] as $odd) {
    foreach (['loginRateLimit', 'loginRateLimitInterval', 'loginRateLimitIpExcludeList'] as $key) {
        $record(fn () => new LoginRateLimit\LoginRateLimiter([$key => $odd]));
    }
}
echo array_sum($counts), " calls, only documented exceptions\n";
var_dump($counts['documented'] > 20000);
?>
--EXPECT--
27018 calls, only documented exceptions
bool(true)
