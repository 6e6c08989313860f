--TEST--
consume() takes 1 to limit tokens; anything else is an InvalidArgumentException
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$limiter = new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => 5], 'tokens');
$limit = $limiter->consume('192.0.2.40', 3);
var_dump($limit->isAccepted(), $limit->getRemainingTokens());
$limit = $limiter->consume('192.0.2.40', 3);
var_dump($limit->isAccepted(), $limit->getRemainingTokens());
var_dump($limiter->consume('192.0.2.40', 2)->isAccepted());
foreach ([0, -1, 6, PHP_INT_MAX, PHP_INT_MIN] as $tokens) {
    show_throw(fn () => $limiter->consume('192.0.2.41', $tokens));
}
show_throw(fn () => $limiter->consume('192.0.2.41', 'two'));
var_dump($limiter->peek('192.0.2.41')->getRemainingTokens());
?>
--EXPECTF--
bool(true)
int(2)
bool(false)
int(2)
bool(true)
InvalidArgumentException: Cannot consume 0 tokens: the number must be between 1 and the limit (5)
InvalidArgumentException: Cannot consume -1 tokens: the number must be between 1 and the limit (5)
InvalidArgumentException: Cannot consume 6 tokens: the number must be between 1 and the limit (5)
InvalidArgumentException: Cannot consume 9223372036854775807 tokens: the number must be between 1 and the limit (5)
InvalidArgumentException: Cannot consume -9223372036854775808 tokens: the number must be between 1 and the limit (5)
TypeError: %s
int(5)
