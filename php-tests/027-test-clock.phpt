--TEST--
TestClock is refused unless login_ratelimit.test_clock=1 is set in php.ini
--FILE--
<?php
require __DIR__ . '/helpers.inc';
show_throw(fn () => LoginRateLimit\TestClock::set(1800000000.0));
show_throw(fn () => LoginRateLimit\TestClock::now());
[$out] = run_php('<?php LoginRateLimit\TestClock::set(1800000000.5); echo LoginRateLimit\TestClock::now(), "\n";
    try { LoginRateLimit\TestClock::set(0); } catch (InvalidArgumentException $e) { echo $e->getMessage(), "\n"; }', ['login_ratelimit.test_clock' => 1]);
echo $out;
?>
--EXPECT--
LogicException: LoginRateLimit\TestClock needs login_ratelimit.test_clock=1 in php.ini
LogicException: LoginRateLimit\TestClock needs login_ratelimit.test_clock=1 in php.ini
1800000000.5
Test time 0 is outside the supported range 2020-01-01T00:00:00Z to 2053-09-03T05:58:26Z
