--TEST--
An attacker is blocked after loginRateLimit attempts; other clients are not
--FILE--
<?php
$limiter = new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => 5], 'BE');
for ($i = 1; $i <= 7; $i++) {
    $limit = $limiter->consume('203.0.113.7');
    printf("attempt %d: %s, %d left of %d\n", $i, $limit->isAccepted() ? 'accepted' : 'rejected', $limit->getRemainingTokens(), $limit->getLimit());
}
var_dump($limiter->consume('203.0.113.8')->isAccepted());
// TYPO3 builds a new limiter per request: the state is the login type's, not the object's.
var_dump((new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => 5], 'BE'))->consume('203.0.113.7')->isAccepted());
?>
--EXPECT--
attempt 1: accepted, 4 left of 5
attempt 2: accepted, 3 left of 5
attempt 3: accepted, 2 left of 5
attempt 4: accepted, 1 left of 5
attempt 5: accepted, 0 left of 5
attempt 6: rejected, 0 left of 5
attempt 7: rejected, 0 left of 5
bool(true)
bool(false)
