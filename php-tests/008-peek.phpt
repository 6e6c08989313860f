--TEST--
peek() answers whether one more attempt would pass and consumes nothing
--FILE--
<?php
$limiter = new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => 2], 'peek');
for ($i = 0; $i < 5; $i++) {
    $peek = $limiter->peek('192.0.2.20');
}
var_dump($peek->isAccepted(), $peek->getRemainingTokens());
$limiter->consume('192.0.2.20');
$limiter->consume('192.0.2.20');
$peek = $limiter->peek('192.0.2.20');
var_dump($peek->isAccepted(), $peek->getRemainingTokens(), $peek->getRetryAfter() > new DateTimeImmutable());
var_dump(LoginRateLimit\LoginRateLimiter::stats()['entries']);
?>
--EXPECT--
bool(true)
int(2)
bool(false)
int(0)
bool(true)
int(1)
