--TEST--
Client addresses: any valid form, normalized; anything else is refused naming the value
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$limiter = new LoginRateLimit\LoginRateLimiter(['loginRateLimit' => 2], 'clients');
// One client, written four ways.
foreach (['2001:db8::7', '2001:DB8:0:0:0:0:0:7', '2001:0db8:0000:0000:0000:0000:0000:0007'] as $form) {
    echo $form, ': ', $limiter->consume($form)->isAccepted() ? 'accepted' : 'rejected', "\n";
}
// ::ffff:a.b.c.d is the IPv4 client a.b.c.d.
echo $limiter->consume('::ffff:198.51.100.9')->getRemainingTokens(), "\n";
echo $limiter->consume('198.51.100.9')->getRemainingTokens(), "\n";
foreach (['', ' 1.2.3.4', "1.2.3.4\n", str_repeat('1', 200), "1.2.3.4\0", 'example.org', '10.0.0.0/8', 'fe80::1%eth0', '[::1]', '1.2.3.4:80', '192.168.1.05', "\xc3\x28"] as $bad) {
    show_throw(fn () => $limiter->consume($bad));
}
show_throw(fn () => $limiter->peek('nope'));
show_throw(fn () => $limiter->reset('nope'));
show_throw(fn () => $limiter->isExcluded('nope'));
var_dump(LoginRateLimit\LoginRateLimiter::stats()['entries']);
?>
--EXPECT--
2001:db8::7: accepted
2001:DB8:0:0:0:0:0:7: accepted
2001:0db8:0000:0000:0000:0000:0000:0007: rejected
1
0
InvalidArgumentException: Invalid client address: "" is not an IPv4 or IPv6 address (a bare address is expected: no port, brackets, zone, prefix length or surrounding whitespace)
InvalidArgumentException: Invalid client address: " 1.2.3.4" is not an IPv4 or IPv6 address (a bare address is expected: no port, brackets, zone, prefix length or surrounding whitespace)
InvalidArgumentException: Invalid client address: "1.2.3.4\x0a" is not an IPv4 or IPv6 address (a bare address is expected: no port, brackets, zone, prefix length or surrounding whitespace)
InvalidArgumentException: Invalid client address: "1111111111111111111111111111111111111111111111111111111111111111..." is not an IPv4 or IPv6 address (a bare address is expected: no port, brackets, zone, prefix length or surrounding whitespace)
InvalidArgumentException: Invalid client address: "1.2.3.4\x00" is not an IPv4 or IPv6 address (a bare address is expected: no port, brackets, zone, prefix length or surrounding whitespace)
InvalidArgumentException: Invalid client address: "example.org" is not an IPv4 or IPv6 address (a bare address is expected: no port, brackets, zone, prefix length or surrounding whitespace)
InvalidArgumentException: Invalid client address: "10.0.0.0/8" is not an IPv4 or IPv6 address (a bare address is expected: no port, brackets, zone, prefix length or surrounding whitespace)
InvalidArgumentException: Invalid client address: "fe80::1%eth0" is not an IPv4 or IPv6 address (a bare address is expected: no port, brackets, zone, prefix length or surrounding whitespace)
InvalidArgumentException: Invalid client address: "[::1]" is not an IPv4 or IPv6 address (a bare address is expected: no port, brackets, zone, prefix length or surrounding whitespace)
InvalidArgumentException: Invalid client address: "1.2.3.4:80" is not an IPv4 or IPv6 address (a bare address is expected: no port, brackets, zone, prefix length or surrounding whitespace)
InvalidArgumentException: Invalid client address: "192.168.1.05" is not an IPv4 or IPv6 address (a bare address is expected: no port, brackets, zone, prefix length or surrounding whitespace)
InvalidArgumentException: Invalid client address: "\xc3(" is not an IPv4 or IPv6 address (a bare address is expected: no port, brackets, zone, prefix length or surrounding whitespace)
InvalidArgumentException: Invalid client address: "nope" is not an IPv4 or IPv6 address (a bare address is expected: no port, brackets, zone, prefix length or surrounding whitespace)
InvalidArgumentException: Invalid client address: "nope" is not an IPv4 or IPv6 address (a bare address is expected: no port, brackets, zone, prefix length or surrounding whitespace)
InvalidArgumentException: Invalid client address: "nope" is not an IPv4 or IPv6 address (a bare address is expected: no port, brackets, zone, prefix length or surrounding whitespace)
int(2)
