--TEST--
ensureAccepted() returns the RateLimit, or throws RateLimitExceededException carrying it
--FILE--
<?php
use LoginRateLimit\{LoginRateLimiter, RateLimitExceededException};
$limiter = new LoginRateLimiter(['loginRateLimit' => 1], 'exception');
$limit = $limiter->consume('192.0.2.60');
var_dump($limit->ensureAccepted() === $limit);
function attempt(LoginRateLimiter $limiter) {
    return $limiter->consume('192.0.2.60')->ensureAccepted();
}
try {
    attempt($limiter);
} catch (RuntimeException $e) {
    echo get_class($e), "\n";
    var_dump($e instanceof RateLimitExceededException, $e->getCode());
    var_dump(str_starts_with($e->getMessage(), 'Rate limit exceeded: retry after 20'));
    var_dump($e->getFile() === __FILE__, $e->getLine());
    echo $e->getTrace()[0]['function'], ' ', $e->getTrace()[1]['function'], "\n";
    $rateLimit = $e->getRateLimit();
    var_dump(get_class($rateLimit), $rateLimit->isAccepted(), $rateLimit->getLimit());
    // The same instant; shown on the wall clock, each reading may differ by a microsecond.
    $gap = (float) $rateLimit->getRetryAfter()->format('U.u') - (float) $limiter->peek('192.0.2.60')->getRetryAfter()->format('U.u');
    var_dump(abs($gap) < 0.00001);
}
?>
--EXPECT--
bool(true)
LoginRateLimit\RateLimitExceededException
bool(true)
int(429)
bool(true)
bool(true)
int(7)
ensureAccepted attempt
string(24) "LoginRateLimit\RateLimit"
bool(false)
int(1)
bool(true)
