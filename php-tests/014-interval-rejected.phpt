--TEST--
Zero, negative, calendar-dependent and unparsable intervals are refused at construction
--FILE--
<?php
require __DIR__ . '/helpers.inc';
foreach (['tomorrow', 'next monday', 'PT15M', 'foo', '', '0 minutes', '-5 minutes', '15 minutes ago', '15', '1 month', '1 year', '1500 msec', '400 days'] as $interval) {
    show_throw(fn () => new LoginRateLimit\LoginRateLimiter(['loginRateLimitInterval' => $interval]));
}
?>
--EXPECT--
InvalidArgumentException: Invalid loginRateLimitInterval: "tomorrow": it is not a duration such as '15 minutes', '1 hour 30 minutes' or '900 seconds'
InvalidArgumentException: Invalid loginRateLimitInterval: "next monday": it is not a duration such as '15 minutes', '1 hour 30 minutes' or '900 seconds'
InvalidArgumentException: Invalid loginRateLimitInterval: "PT15M": it is not a duration such as '15 minutes', '1 hour 30 minutes' or '900 seconds'
InvalidArgumentException: Invalid loginRateLimitInterval: "foo": it is not a duration such as '15 minutes', '1 hour 30 minutes' or '900 seconds'
InvalidArgumentException: Invalid loginRateLimitInterval: "": it is empty
InvalidArgumentException: Invalid loginRateLimitInterval: "0 minutes": it must be longer than zero seconds
InvalidArgumentException: Invalid loginRateLimitInterval: "-5 minutes": it must be longer than zero seconds
InvalidArgumentException: Invalid loginRateLimitInterval: "15 minutes ago": it is not a duration such as '15 minutes', '1 hour 30 minutes' or '900 seconds'
InvalidArgumentException: Invalid loginRateLimitInterval: "15": it is not a duration such as '15 minutes', '1 hour 30 minutes' or '900 seconds'
InvalidArgumentException: Invalid loginRateLimitInterval: "1 month": months and years have no fixed length; use days or weeks instead
InvalidArgumentException: Invalid loginRateLimitInterval: "1 year": months and years have no fixed length; use days or weeks instead
InvalidArgumentException: Invalid loginRateLimitInterval: "1500 msec": it must be a whole number of seconds
InvalidArgumentException: Invalid loginRateLimitInterval: "400 days": it must not be longer than 366 days
