--TEST--
Interval strings give the same number of seconds as PHP's own relative-time parser
--FILE--
<?php
$php = fn (string $interval) => (new DateTimeImmutable('@1800000000'))->modify('+' . $interval)->getTimestamp() - 1800000000;
foreach (['15 minutes', '15 min', '15min', '15 mins', '900 seconds', '900 sec', '2 hours 30 minutes', '1 hour', '1 day',
    '1 week', '2 weeks', '1 fortnight', '+15 minutes', '1 minute', '30 Minutes', '1 hour -30 minutes', '5 mins 30 secs'] as $interval) {
    $ours = (new LoginRateLimit\LoginRateLimiter(['loginRateLimitInterval' => $interval]))->getInterval();
    printf("%-20s %7d %s\n", $interval, $ours, $ours === $php($interval) ? 'same as PHP' : 'PHP says ' . $php($interval));
}
// humantime's forms as well.
foreach (['15m', '1h 30m', '90s', '2days'] as $interval) {
    printf("%-20s %7d\n", $interval, (new LoginRateLimit\LoginRateLimiter(['loginRateLimitInterval' => $interval]))->getInterval());
}
?>
--EXPECT--
15 minutes               900 same as PHP
15 min                   900 same as PHP
15min                    900 same as PHP
15 mins                  900 same as PHP
900 seconds              900 same as PHP
900 sec                  900 same as PHP
2 hours 30 minutes      9000 same as PHP
1 hour                  3600 same as PHP
1 day                  86400 same as PHP
1 week                604800 same as PHP
2 weeks              1209600 same as PHP
1 fortnight          1209600 same as PHP
+15 minutes              900 same as PHP
1 minute                  60 same as PHP
30 Minutes              1800 same as PHP
1 hour -30 minutes      1800 same as PHP
5 mins 30 secs           330 same as PHP
15m                      900
1h 30m                  5400
90s                       90
2days                 172800
