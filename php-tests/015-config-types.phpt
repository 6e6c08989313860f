--TEST--
Bad configuration values and types are refused with an InvalidArgumentException naming the key
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use LoginRateLimit\LoginRateLimiter;

echo (new LoginRateLimiter(['loginRateLimit' => '7']))->getLimit(), "\n";
echo (new LoginRateLimiter(['loginRateLimit' => ' 8 ']))->getLimit(), "\n";
foreach ([
    ['loginRateLimit' => 5.5],
    ['loginRateLimit' => true],
    ['loginRateLimit' => '5 attempts'],
    ['loginRateLimit' => []],
    ['loginRateLimit' => 100000],
    ['loginRateLimitInterval' => 900],
    ['loginRateLimitInterval' => ['15 minutes']],
    ['loginRateLimitIpExcludeList' => false],
    ['loginRateLimitIpExcludeList' => "\xff"],
] as $config) {
    show_throw(fn () => new LoginRateLimiter($config));
}
foreach (['', 'B E', str_repeat('x', 33), "BE\0"] as $type) {
    show_throw(fn () => new LoginRateLimiter([], $type));
}
show_throw(fn () => new LoginRateLimiter('BE'));
?>
--EXPECTF--
7
8
InvalidArgumentException: Invalid loginRateLimit: must be an int, float given
InvalidArgumentException: Invalid loginRateLimit: must be an int, bool given
InvalidArgumentException: Invalid loginRateLimit: "5 attempts" is not an integer
InvalidArgumentException: Invalid loginRateLimit: must be an int, array given
InvalidArgumentException: Invalid loginRateLimit: 100000 is above the largest supported limit, 65535
InvalidArgumentException: Invalid loginRateLimitInterval: must be a string, int given
InvalidArgumentException: Invalid loginRateLimitInterval: must be a string, array given
InvalidArgumentException: Invalid loginRateLimitIpExcludeList: must be a string, bool given
InvalidArgumentException: Invalid loginRateLimitIpExcludeList: the string is not valid UTF-8
InvalidArgumentException: Invalid loginType: "" must be 1 to 32 characters of A-Z, a-z, 0-9, '_', '.' and '-'
InvalidArgumentException: Invalid loginType: "B E" must be 1 to 32 characters of A-Z, a-z, 0-9, '_', '.' and '-'
InvalidArgumentException: Invalid loginType: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" must be 1 to 32 characters of A-Z, a-z, 0-9, '_', '.' and '-'
InvalidArgumentException: Invalid loginType: "BE\x00" must be 1 to 32 characters of A-Z, a-z, 0-9, '_', '.' and '-'
TypeError: %s
