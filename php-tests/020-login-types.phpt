--TEST--
State is keyed by (login type, client): BE and FE are apart, instances of one type share
--FILE--
<?php
use LoginRateLimit\LoginRateLimiter;
$be = new LoginRateLimiter(['loginRateLimit' => 1], 'BE');
$fe = new LoginRateLimiter(['loginRateLimit' => 1], 'FE');
var_dump($be->consume('192.0.2.50')->isAccepted(), $fe->consume('192.0.2.50')->isAccepted());
var_dump((new LoginRateLimiter(['loginRateLimit' => 1], 'BE'))->consume('192.0.2.50')->isAccepted());
var_dump((new LoginRateLimiter(['loginRateLimit' => 1], 'be'))->consume('192.0.2.50')->isAccepted());
(new LoginRateLimiter([], 'FE'))->reset('192.0.2.50');
var_dump($fe->consume('192.0.2.50')->isAccepted(), $be->consume('192.0.2.50')->isAccepted());
?>
--EXPECT--
bool(true)
bool(true)
bool(false)
bool(true)
bool(true)
bool(false)
