--TEST--
Parameters are camelCase and take named arguments; calling __construct() again re-configures a limiter, as PHP's own classes do
--INI--
login_ratelimit.test_clock=1
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use LoginRateLimit\{LoginRateLimiter, RateLimiter, RateLimit, RateLimitExceededException, TestClock};

$names = [];
foreach ((new ReflectionExtension('login_ratelimit'))->getClassNames() as $class) {
    foreach ((new ReflectionClass($class))->getMethods() as $method) {
        foreach ($method->getParameters() as $parameter) {
            $names[] = $parameter->getName();
            check(preg_match('/^[a-z][a-zA-Z0-9]*$/', $parameter->getName()) === 1, "$class::{$method->getName()}() \${$parameter->getName()} is camelCase");
        }
    }
}
$names = array_unique($names);
sort($names);
echo 'parameters: ', implode(', ', $names), "\n";

echo "-- named arguments\n";
$login = new LoginRateLimiter(loginType: 'FE');
echo $login->getLoginType(), ' ', $login->getLimit(), "\n";
echo $login->consume(tokens: 3, remoteIp: '192.0.2.1')->getRemainingTokens(), "\n";
echo $login->peek(remoteIp: '192.0.2.1')->getRemainingTokens(), ' ', var_export($login->isExcluded(remoteIp: '192.0.2.1'), true), "\n";
$login->reset(remoteIp: '192.0.2.1');
$keyed = new RateLimiter(interval: '1 hour', limit: 4, id: 'named');
echo $keyed->getId(), ' ', $keyed->getLimit(), ' ', $keyed->getInterval(), ' ', $keyed->consume(key: 'k', tokens: 2)->getRemainingTokens(), "\n";
$e = new RateLimitExceededException(code: 7, message: 'named');
echo $e->getMessage(), ' ', $e->getCode(), "\n";
TestClock::set(unixSeconds: 1800000000);
TestClock::advance(seconds: 1.5);
echo TestClock::now(), "\n";
show_throw(fn () => $login->consume(remote_ip: '192.0.2.1'));

echo "-- __construct() again\n";
$d = new DateTime('2020-01-01');
$d->__construct('2021-01-01');
echo 'DateTime: ', $d->format('Y'), "\n";
$login = new LoginRateLimiter(['loginRateLimit' => 5], 'BE');
$login->consume('192.0.2.2');
$login->consume('192.0.2.2');
$login->__construct(['loginRateLimit' => 3, 'loginRateLimitIpExcludeList' => '10.0.0.0/8'], 'BE');
echo 'LoginRateLimiter: ', $login->getLoginType(), ' ', $login->getLimit(), ' ', var_export($login->isExcluded('10.1.1.1'), true), ', the same client: ', $login->consume('192.0.2.2')->getRemainingTokens(), " left\n";
show_throw(fn () => $login->__construct(['loginRateLimit' => 'many']));
echo 'after a refused configuration: ', $login->getLimit(), ' ', var_export($login->isExcluded('10.1.1.1'), true), "\n";
$keyed->__construct('other', 9);
echo 'RateLimiter: ', $keyed->getId(), ' ', $keyed->getLimit(), ' ', $keyed->getInterval(), "\n";
show_throw(fn () => $keyed->__construct('', 9));
echo 'after a refused configuration: ', $keyed->getId(), "\n";
$e->__construct('again', 8);
echo 'RateLimitExceededException: ', $e->getMessage(), ' ', $e->getCode(), "\n";
?>
--EXPECT--
parameters: code, config, id, interval, key, limit, loginType, message, previous, remoteIp, seconds, tokens, unixSeconds
-- named arguments
FE 10
7
7 false
named 4 3600 2
named 7
1800000001.5
Error: Unknown named parameter $remote_ip
-- __construct() again
DateTime: 2021
LoginRateLimiter: BE 3 true, the same client: 0 left
InvalidArgumentException: Invalid loginRateLimit: "many" is not an integer
after a refused configuration: 3 true
RateLimiter: other 9 900
InvalidArgumentException: Invalid rate limiter id: "" must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.', ':' and '-'
after a refused configuration: other
RateLimitExceededException: again 8
