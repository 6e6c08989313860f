--TEST--
RateLimiter and LoginRateLimiter never share a state, even with the same name and the same stored bytes; stats() counts both
--FILE--
<?php
use LoginRateLimit\{LoginRateLimiter, RateLimiter};

$before = LoginRateLimiter::stats()['entries'];
$login = new LoginRateLimiter(['loginRateLimit' => 2], 'BE');
$keyed = new RateLimiter('BE', 2);
// The login limiter stores 203.0.113.66 under these bytes (IPv4 tag, then the address).
$loginBytes = "\x04\xcb\x00\x71\x42";
foreach (['203.0.113.66', $loginBytes] as $key) {
    $keyed->consume($key, 2);
}
var_dump($login->peek('203.0.113.66')->getRemainingTokens());
$login->consume('203.0.113.66', 2);
var_dump($keyed->peek($loginBytes)->getRemainingTokens(), $keyed->peek('203.0.113.66')->getRemainingTokens());
var_dump($login->consume('203.0.113.66')->isAccepted(), $keyed->consume($loginBytes)->isAccepted());
// A reset of one leaves the other.
$keyed->reset($loginBytes);
$keyed->reset('203.0.113.66');
var_dump($login->peek('203.0.113.66')->isAccepted(), $keyed->peek($loginBytes)->isAccepted());
$keyed->consume($loginBytes, 2);
$login->reset('203.0.113.66');
var_dump($login->peek('203.0.113.66')->isAccepted(), $keyed->peek($loginBytes)->isAccepted());
// Another id is another limiter; the same id in another object is the same.
var_dump((new RateLimiter('FE', 2))->peek($loginBytes)->isAccepted(), (new RateLimiter('BE', 2))->peek($loginBytes)->isAccepted());
// Keyed states live in the same table and are counted with the rest.
$login->consume('203.0.113.67');
$keyed->consume('jane@example.com');
// Two keys of the keyed limiter, one client of the login limiter.
echo LoginRateLimiter::stats()['entries'] - $before, " entries\n";
?>
--EXPECT--
int(2)
int(0)
int(0)
bool(false)
bool(false)
bool(false)
bool(true)
bool(true)
bool(false)
bool(true)
bool(false)
3 entries
