--TEST--
Malformed exclude-list entries are refused at construction, naming the entry
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$data = json_decode(file_get_contents(__DIR__ . '/../testdata/typo3-cmpip-cases.json'), true);
foreach (array_merge($data['malformed_entries'], ['192.168.1.05', '10.0.0.1,,garbage', "1.2.3.4\0"]) as $list) {
    show_throw(fn () => new LoginRateLimit\LoginRateLimiter(['loginRateLimitIpExcludeList' => $list]));
}
?>
--EXPECT--
InvalidArgumentException: Invalid loginRateLimitIpExcludeList: entry "192.168.1.0 /24" has whitespace around '/'
InvalidArgumentException: Invalid loginRateLimitIpExcludeList: entry "garbage" is not an IPv4 address, pattern (like 192.168.*) or prefix (like 10.0.0.0/8)
InvalidArgumentException: Invalid loginRateLimitIpExcludeList: entry "1.2.3.4/33" has an IPv4 prefix length above 32
InvalidArgumentException: Invalid loginRateLimitIpExcludeList: entry "2001:db8::*" is not an IPv6 address (wildcards are IPv4 only)
InvalidArgumentException: Invalid loginRateLimitIpExcludeList: entry "300.1.1.1" has an octet above 255
InvalidArgumentException: Invalid loginRateLimitIpExcludeList: entry "1.2.3.4;5.6.7.8" has more than four octets
InvalidArgumentException: Invalid loginRateLimitIpExcludeList: entry "::1/129" has an IPv6 prefix length above 128
InvalidArgumentException: Invalid loginRateLimitIpExcludeList: entry "192.168.1.05" has an octet with a leading zero, which would never match
InvalidArgumentException: Invalid loginRateLimitIpExcludeList: entry "garbage" is not an IPv4 address, pattern (like 192.168.*) or prefix (like 10.0.0.0/8)
InvalidArgumentException: Invalid loginRateLimitIpExcludeList: entry "1.2.3.4\x00" is not an IPv4 address, pattern (like 192.168.*) or prefix (like 10.0.0.0/8)
