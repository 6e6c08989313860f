--TEST--
Scalar arguments are coerced as PHP's own functions coerce them outside strict_types, and refused with PHP's TypeError in strict mode
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$code = <<<'PHP'
<?php
use LoginRateLimit\{LoginRateLimiter, RateLimiter, RateLimitExceededException, TestClock};
class Address { public function __toString(): string { return '192.0.2.9'; } }
set_error_handler(function (int $type, string $message) { echo "  ($message)\n"; return true; });
$outcome = function (callable $call): string {
    try {
        return json_encode($call());
    } catch (Throwable $e) {
        return get_class($e) . ': ' . $e->getMessage();
    }
};
echo "int parameters, compared with PHP's intdiv():\n";
foreach (['3', ' 3', '3 ', '3.0', '3e0', 3.0, true, '3.5', 3.5, '3 apples', 'three', null, [], PHP_INT_MAX + 1] as $value) {
    $ours = $outcome(fn () => (new RateLimiter('coerce', $value))->getLimit());
    $php = $outcome(fn () => intdiv($value, 1));
    echo str_pad(json_encode($value), 22), ' ', $ours, $php === $ours || str_contains($ours, 'InvalidArgument') && $php === '0' || str_replace(['intdiv', '$num1'], ['LoginRateLimit\RateLimiter::__construct', '$limit'], str_replace('#1', '#2', $php)) === $ours ? '' : "  (PHP: $php)", "\n";
}
echo "string parameters:\n";
$keyed = new RateLimiter('coerce-keys', 5);
echo 'key 42, then "42": ', $outcome(fn () => $keyed->consume(42)->getRemainingTokens()), ' ', $keyed->consume('42')->getRemainingTokens(), "\n";
echo 'key 4.5, true, an object: ', $outcome(fn () => $keyed->consume(4.5)->getRemainingTokens()), ' ', $outcome(fn () => $keyed->consume(true)->getRemainingTokens()), ' ', $outcome(fn () => $keyed->consume(new Address())->getRemainingTokens()), "\n";
echo 'login type 7: ', $outcome(fn () => (new LoginRateLimiter([], 7))->getLoginType()), "\n";
$login = new LoginRateLimiter(['loginRateLimit' => 5]);
echo 'client as an object with __toString(): ', $outcome(fn () => $login->consume(new Address(), '2')->getRemainingTokens()), ' ', $login->peek('192.0.2.9')->getRemainingTokens(), "\n";
echo 'client null: ', $outcome(fn () => $login->consume(null)), "\n";
echo 'client array: ', $outcome(fn () => $login->consume([])), "\n";
echo 'tokens "two": ', $outcome(fn () => $login->consume('192.0.2.10', 'two')), "\n";
echo 'message 429, code "7": ', $outcome(fn () => [($e = new RateLimitExceededException(429, '7'))->getMessage(), $e->getCode()]), "\n";
echo 'previous "x": ', $outcome(fn () => new RateLimitExceededException('m', 0, 'x')), "\n";
echo 'config "BE": ', $outcome(fn () => new LoginRateLimiter('BE')), "\n";
echo 'TestClock::set("1800000000.5"): ', $outcome(fn () => TestClock::set('1800000000.5') ?? TestClock::now()), "\n";
echo 'TestClock::set(1800000001): ', $outcome(fn () => TestClock::set(1800000001) ?? TestClock::now()), "\n";
// A call from PHP's own functions (a callback) is coercive, whatever the file declares.
echo 'consume via array_map(), tokens "2": ', $outcome(fn () => array_map(fn ($l) => $l->getRemainingTokens(), array_map([$login, 'consume'], ['192.0.2.11'], ['2']))), "\n";
PHP;
foreach (['coercive mode' => '', 'strict mode' => "declare(strict_types=1);\n"] as $mode => $declare) {
    echo "== $mode\n";
    [$out, $err] = run_php(str_replace("<?php\n", "<?php\n$declare", $code), ['login_ratelimit.test_clock' => 1]);
    echo $out, $err;
}
?>
--EXPECT--
== coercive mode
int parameters, compared with PHP's intdiv():
"3"                    3
" 3"                   3
"3 "                   3
"3.0"                  3
"3e0"                  3
3                      3
true                   1
  (Implicit conversion from float-string "3.5" to int loses precision)
  (Implicit conversion from float-string "3.5" to int loses precision)
"3.5"                  3
  (Implicit conversion from float 3.5 to int loses precision)
  (Implicit conversion from float 3.5 to int loses precision)
3.5                    3
"3 apples"             TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, string given
"three"                TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, string given
  (LoginRateLimit\RateLimiter::__construct(): Passing null to parameter #2 ($limit) of type int is deprecated)
  (intdiv(): Passing null to parameter #1 ($num1) of type int is deprecated)
null                   InvalidArgumentException: Invalid limit: 0 is not between 1 and the largest supported limit, 65535
[]                     TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, array given
9.223372036854776e+18  TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, float given
string parameters:
key 42, then "42": 4 3
key 4.5, true, an object: 4 4 4
login type 7: "7"
client as an object with __toString(): 3 3
client null:   (LoginRateLimit\LoginRateLimiter::consume(): Passing null to parameter #1 ($remoteIp) of type string is deprecated)
InvalidArgumentException: Invalid client address: "" is not an IPv4 or IPv6 address (a bare address is expected: no port, brackets, zone, prefix length or surrounding whitespace)
client array: TypeError: LoginRateLimit\LoginRateLimiter::consume(): Argument #1 ($remoteIp) must be of type string, array given
tokens "two": TypeError: LoginRateLimit\LoginRateLimiter::consume(): Argument #2 ($tokens) must be of type int, string given
message 429, code "7": ["429",7]
previous "x": TypeError: LoginRateLimit\RateLimitExceededException::__construct(): Argument #3 ($previous) must be of type ?Throwable, string given
config "BE": TypeError: LoginRateLimit\LoginRateLimiter::__construct(): Argument #1 ($config) must be of type ?array, string given
TestClock::set("1800000000.5"): 1800000000.5
TestClock::set(1800000001): 1800000001
consume via array_map(), tokens "2": [3]
== strict mode
int parameters, compared with PHP's intdiv():
"3"                    TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, string given
" 3"                   TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, string given
"3 "                   TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, string given
"3.0"                  TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, string given
"3e0"                  TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, string given
3                      TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, float given
true                   TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, bool given
"3.5"                  TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, string given
3.5                    TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, float given
"3 apples"             TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, string given
"three"                TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, string given
null                   TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, null given
[]                     TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, array given
9.223372036854776e+18  TypeError: LoginRateLimit\RateLimiter::__construct(): Argument #2 ($limit) must be of type int, float given
string parameters:
key 42, then "42": TypeError: LoginRateLimit\RateLimiter::consume(): Argument #1 ($key) must be of type string, int given 4
key 4.5, true, an object: TypeError: LoginRateLimit\RateLimiter::consume(): Argument #1 ($key) must be of type string, float given TypeError: LoginRateLimit\RateLimiter::consume(): Argument #1 ($key) must be of type string, bool given TypeError: LoginRateLimit\RateLimiter::consume(): Argument #1 ($key) must be of type string, Address given
login type 7: TypeError: LoginRateLimit\LoginRateLimiter::__construct(): Argument #2 ($loginType) must be of type string, int given
client as an object with __toString(): TypeError: LoginRateLimit\LoginRateLimiter::consume(): Argument #1 ($remoteIp) must be of type string, Address given 5
client null: TypeError: LoginRateLimit\LoginRateLimiter::consume(): Argument #1 ($remoteIp) must be of type string, null given
client array: TypeError: LoginRateLimit\LoginRateLimiter::consume(): Argument #1 ($remoteIp) must be of type string, array given
tokens "two": TypeError: LoginRateLimit\LoginRateLimiter::consume(): Argument #2 ($tokens) must be of type int, string given
message 429, code "7": TypeError: LoginRateLimit\RateLimitExceededException::__construct(): Argument #1 ($message) must be of type string, int given
previous "x": TypeError: LoginRateLimit\RateLimitExceededException::__construct(): Argument #3 ($previous) must be of type ?Throwable, string given
config "BE": TypeError: LoginRateLimit\LoginRateLimiter::__construct(): Argument #1 ($config) must be of type ?array, string given
TestClock::set("1800000000.5"): TypeError: LoginRateLimit\TestClock::set(): Argument #1 ($unixSeconds) must be of type float, string given
TestClock::set(1800000001): 1800000001
consume via array_map(), tokens "2": [3]
