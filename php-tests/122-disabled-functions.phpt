--TEST--
Nothing depends on userland functions that disable_functions removes (date_create_immutable_from_format, ini_get, debug_backtrace)
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$dir = temp_dir('disabled');
$code = <<<'PHP'
<?php
use LoginRateLimit\{LoginRateLimiter, RateLimitExceededException, TestClock};
echo 'disabled: ', implode(', ', array_filter(['date_create_immutable_from_format', 'ini_get', 'debug_backtrace'], fn ($f) => !function_exists($f))), "\n";
TestClock::set(1800000000.25);
$limiter = new LoginRateLimiter(['loginRateLimit' => 2, 'loginRateLimitInterval' => '1 minute']);
$limiter->consume('192.0.2.1');
$limiter->consume('192.0.2.1');
$limit = $limiter->consume('192.0.2.1');
try {
    $retry = $limit->getRetryAfter();
    echo get_class($retry), ' ', $retry->format('Y-m-d\TH:i:s.uP'), ' ', $retry->getTimezone()->getName(), "\n";
} catch (Throwable $e) {
    echo 'getRetryAfter: ', get_class($e), ': ', $e->getMessage(), "\n";
}
try {
    $limit->ensureAccepted();
} catch (RateLimitExceededException $e) {
    echo 'ensureAccepted: ', $e->getFile() === __FILE__ ? 'this file' : $e->getFile(), ', ', $e->getLine() === __LINE__ - 2 ? 'the line of the call' : $e->getLine(),
        ', trace: ', $e->getTrace()[0]['class'], '->', $e->getTrace()[0]['function'], ', code ', $e->getCode(), "\n";
}
function fail(): RateLimitExceededException
{
    $GLOBALS['line'] = __LINE__ + 1;
    return new RateLimitExceededException('made in PHP');
}
$e = fail();
echo 'new in a function: ', $e->getLine() === $line ? 'the line of the new' : $e->getLine(), ', trace: ', $e->getTrace()[0]['function'], "\n";
// log_blocked is 0 in php.ini; the first lock-out is not logged, the second (after ini_set) is.
ini_set('login_ratelimit.log_blocked', '1');
$limiter->consume('192.0.2.2');
$limiter->consume('192.0.2.2');
$limiter->consume('192.0.2.2');
PHP;
[$out, $err] = run_php($code, [
    'disable_functions' => 'date_create_immutable_from_format,ini_get,debug_backtrace',
    'login_ratelimit.test_clock' => 1,
    'login_ratelimit.log_blocked' => 0,
    'error_log' => "$dir/php.log",
]);
echo $out, $err;
echo "log:\n", preg_replace('/^\[[^]]+\] /m', '', (string) @file_get_contents("$dir/php.log"));
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECT--
disabled: date_create_immutable_from_format, ini_get, debug_backtrace
DateTimeImmutable 2027-01-15T08:01:00.250001+00:00 +00:00
ensureAccepted: this file, the line of the call, trace: LoginRateLimit\RateLimit->ensureAccepted, code 429
new in a function: the line of the new, trace: fail
log:
login_ratelimit: blocked BE login attempts from 192.0.2.2 (2 in 60 s) until 2027-01-15T08:01:01Z
