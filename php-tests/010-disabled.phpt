--TEST--
loginRateLimit <= 0 disables limiting, as in TYPO3
--FILE--
<?php
foreach ([0, -3, '0', '-1'] as $value) {
    $limiter = new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => $value]);
    $accepted = true;
    for ($i = 0; $i < 20; $i++) {
        $accepted = $accepted && $limiter->consume('192.0.2.30', 7)->isAccepted();
    }
    printf("%s: enabled=%s limit=%d all accepted=%s\n", var_export($value, true), var_export($limiter->isEnabled(), true), $limiter->getLimit(), var_export($accepted, true));
}
var_dump(LoginRateLimit\LoginRateLimiter::stats()['entries']);
?>
--EXPECT--
0: enabled=false limit=0 all accepted=true
-3: enabled=false limit=0 all accepted=true
'0': enabled=false limit=0 all accepted=true
'-1': enabled=false limit=0 all accepted=true
int(0)
