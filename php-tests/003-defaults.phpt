--TEST--
Missing keys take TYPO3's defaults for the login type; other keys are ignored
--FILE--
<?php
use LoginRateLimit\LoginRateLimiter;

foreach ([[[], 'BE'], [[], 'FE'], [[], 'pw_recovery'], [['loginRateLimit' => null, 'other' => new stdClass()], 'FE']] as [$config, $type]) {
    $limiter = new LoginRateLimiter($config, $type);
    printf("%s limit=%d interval=%d enabled=%s\n", $limiter->getLoginType(), $limiter->getLimit(), $limiter->getInterval(), var_export($limiter->isEnabled(), true));
}
$be = new LoginRateLimiter();
echo $be->getLoginType(), ' ', $be->getLimit(), "\n";
// TYPO3's own default configuration, passed as it is.
$typo3 = ['loginRateLimit' => 5, 'loginRateLimitInterval' => '15 minutes', 'loginRateLimitIpExcludeList' => '', 'lockIP' => 0, 'sessionTimeout' => 28800];
$limiter = new LoginRateLimiter($typo3, 'BE');
echo $limiter->getLimit(), ' ', $limiter->getInterval(), "\n";
?>
--EXPECT--
BE limit=5 interval=900 enabled=true
FE limit=10 interval=900 enabled=true
pw_recovery limit=5 interval=900 enabled=true
FE limit=10 interval=900 enabled=true
BE 5
5 900
