--TEST--
Configuration values held by reference (foreach by reference, =&, $GLOBALS) are read through the reference
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use LoginRateLimit\LoginRateLimiter;

function show(string $what, array $config, string $type = 'BE'): void
{
    try {
        $l = new LoginRateLimiter($config, $type);
        printf("%s: limit %d, interval %d, 10.1.2.3 excluded: %s, enabled: %s\n", $what, $l->getLimit(), $l->getInterval(),
            var_export($l->isExcluded('10.1.2.3'), true), var_export($l->isEnabled(), true));
    } catch (Throwable $e) {
        echo "$what: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}

// What `foreach ($config as &$value) {}` leaves behind: every value a reference.
$config = ['loginRateLimit' => 3, 'loginRateLimitInterval' => '1 hour', 'loginRateLimitIpExcludeList' => '10.0.0.0/8'];
foreach ($config as &$value) {
}
show('foreach by reference', $config);
unset($value);
show('after unset($value)', $config);

$config = ['loginRateLimit' => '4', 'loginRateLimitInterval' => '2 minutes', 'loginRateLimitIpExcludeList' => '*'];
foreach ($config as &$value) {
}
unset($value);
show('numeric string and * by reference', $config);

$config = ['loginRateLimit' => null, 'loginRateLimitInterval' => null, 'loginRateLimitIpExcludeList' => null];
foreach ($config as &$value) {
}
unset($value);
show('nulls by reference (TYPO3 defaults)', $config, 'FE');

$limit = 6;
$interval = '30 seconds';
$config = ['loginRateLimit' => &$limit, 'loginRateLimitInterval' => &$interval];
show('=& to variables', $config);

// TYPO3's configuration, set up as extensions and site packages do it.
$GLOBALS['TYPO3_CONF_VARS']['BE'] = ['loginRateLimit' => 7, 'loginRateLimitInterval' => '5 minutes', 'loginRateLimitIpExcludeList' => '10.1.2.0/24, 192.0.2.1'];
foreach ($GLOBALS['TYPO3_CONF_VARS']['BE'] as $key => &$setting) {
}
unset($setting);
$be = &$GLOBALS['TYPO3_CONF_VARS']['BE'];
$be['loginRateLimitIpExcludeList'] = &$GLOBALS['exclude'];
$GLOBALS['exclude'] = '10.1.0.0/16';
show('$GLOBALS[TYPO3_CONF_VARS][BE]', $GLOBALS['TYPO3_CONF_VARS']['BE']);
show('an alias of it', $be);

// A bad value stays bad through a reference, and is named as what it refers to.
$float = 5.5;
show('a float by reference', ['loginRateLimit' => &$float]);
$list = ['15 minutes'];
show('an array by reference', ['loginRateLimitInterval' => &$list]);
?>
--EXPECT--
foreach by reference: limit 3, interval 3600, 10.1.2.3 excluded: true, enabled: true
after unset($value): limit 3, interval 3600, 10.1.2.3 excluded: true, enabled: true
numeric string and * by reference: limit 4, interval 120, 10.1.2.3 excluded: true, enabled: false
nulls by reference (TYPO3 defaults): limit 10, interval 900, 10.1.2.3 excluded: false, enabled: true
=& to variables: limit 6, interval 30, 10.1.2.3 excluded: false, enabled: true
$GLOBALS[TYPO3_CONF_VARS][BE]: limit 7, interval 300, 10.1.2.3 excluded: true, enabled: true
an alias of it: limit 7, interval 300, 10.1.2.3 excluded: true, enabled: true
a float by reference: InvalidArgumentException: Invalid loginRateLimit: must be an int, float given
an array by reference: InvalidArgumentException: Invalid loginRateLimitInterval: must be a string, array given
