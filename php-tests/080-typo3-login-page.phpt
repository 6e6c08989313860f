--TEST--
examples/login: TYPO3's login flow on the package's limiter, over HTTP from PHP's built-in server
--SKIPIF--
<?php if (!is_file('/usr/share/php/Symfony/Component/RateLimiter/autoload.php')) die('skip php-symfony-rate-limiter is not installed'); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require dirname(__DIR__) . '/examples/login/server.inc';
$dir = temp_dir('login-page');
$server = login_server_start(test_php_args(), $dir);
try {
    for ($i = 1; $i <= 6; $i++) {
        $answer = login_attempt($server, '203.0.113.5', 'wrong');
        echo $answer['status'], ' ', preg_replace('/\d\d-\d\d-\d\d \d\d:\d\d/', 'DD-MM-YY HH:MM', $answer['body']), "\n";
    }
    check($answer['headers']['x-frame-options'] === 'SAMEORIGIN', 'X-Frame-Options on the 403');
    $retryAfter = (int)$answer['headers']['retry-after'];
    check($retryAfter >= 880 && $retryAfter <= 900, "Retry-After $retryAfter is the time left of the 900 s window");
    preg_match('/until (\d\d-\d\d-\d\d \d\d:\d\d)/', $answer['body'], $m);
    $expected = array_map(fn (int $d): string => date('d-m-y H:i', time() + $retryAfter + $d), range(-30, 0));
    check(in_array($m[1] ?? '', $expected, true), 'the message shows the minute of the retry time');
    echo 'the right password while locked: ', login_attempt($server, '203.0.113.5', 'correct horse battery staple')['status'], "\n";
    echo 'another client: ', login_attempt($server, '198.51.100.7', 'wrong')['status'], "\n";

    // A successful login resets: four failures, a success, then five failures before the lock.
    $statuses = [];
    foreach (array_merge(array_fill(0, 4, 'wrong'), ['correct horse battery staple'], array_fill(0, 6, 'wrong')) as $password) {
        $statuses[] = login_attempt($server, '192.0.2.44', $password)['status'];
    }
    echo implode(' ', $statuses), "\n";
    check(login_attempt($server, '192.0.2.44', 'wrong')['headers']['x-frame-options'] === 'SAMEORIGIN', 'X-Frame-Options');
} finally {
    login_server_stop($server);
    array_map('unlink', glob("$dir/*"));
    rmdir($dir);
}
?>
--EXPECT--
401 Login failed (203.0.113.5): 4 attempts left.
401 Login failed (203.0.113.5): 3 attempts left.
401 Login failed (203.0.113.5): 2 attempts left.
401 Login failed (203.0.113.5): 1 attempt left.
401 Login failed (203.0.113.5): 0 attempts left.
403 The login is locked until DD-MM-YY HH:MM due to too many failed login attempts from your IP address.
the right password while locked: 403
another client: 401
401 401 401 401 200 401 401 401 401 401 403
