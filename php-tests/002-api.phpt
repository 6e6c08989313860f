--TEST--
The PHP API: final classes, method signatures, RuntimeException parent
--FILE--
<?php
use LoginRateLimit\{LoginRateLimiter, RateLimit, RateLimitExceededException};

$limiter = new ReflectionClass(LoginRateLimiter::class);
var_dump($limiter->isFinal(), (new ReflectionClass(RateLimit::class))->isFinal());
var_dump(is_subclass_of(RateLimitExceededException::class, RuntimeException::class));
foreach (['__construct', 'consume', 'peek', 'reset', 'isExcluded', 'isEnabled', 'getLimit', 'getInterval', 'getLoginType', 'stats'] as $name) {
    $method = $limiter->getMethod($name);
    $params = array_map(
        fn ($p) => ($p->getType() ? $p->getType() . ' ' : '') . '$' . $p->getName() . ($p->isOptional() ? '?' : ''),
        $method->getParameters()
    );
    echo ($method->isStatic() ? 'static ' : ''), $name, '(', implode(', ', $params), ')', "\n";
}
foreach (['isAccepted', 'getRemainingTokens', 'getRetryAfter', 'getLimit', 'ensureAccepted'] as $name) {
    var_dump(method_exists(RateLimit::class, $name));
}
var_dump(method_exists(RateLimitExceededException::class, 'getRateLimit'));
try {
    new RateLimit();
} catch (Throwable $e) {
    echo "RateLimit cannot be made from PHP\n";
}
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
__construct(?array $config?, string $loginType?)
consume(string $remoteIp, int $tokens?)
peek(string $remoteIp)
reset(string $remoteIp)
isExcluded(string $remoteIp)
isEnabled()
getLimit()
getInterval()
getLoginType()
static stats()
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
RateLimit cannot be made from PHP
