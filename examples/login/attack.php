<?php

declare(strict_types=1);

// make demo: starts the login page on PHP's built-in server with the extension loaded, plays a
// brute-force attack from one address, shows the 403s, the retry time and the error log, lets
// another user log in meanwhile, and stops the server.
// Usage: php -n attack.php <path to liblogin_ratelimit.so>

require __DIR__ . '/server.inc';

$extension = $argv[1] ?? '';
if (!is_file($extension)) {
    fwrite(STDERR, "usage: php -n attack.php <path to liblogin_ratelimit.so>\n");
    exit(1);
}
$workDir = sys_get_temp_dir() . '/login-ratelimit-demo-' . getmypid();
mkdir($workDir, 0700);
$server = login_server_start('-n -d extension=' . escapeshellarg($extension), $workDir);
echo "login page at {$server['url']} (PHP's built-in server, login_ratelimit loaded; 5 attempts per 15 minutes)\n\n";

try {
    $attacker = '203.0.113.5';
    for ($attempt = 1; $attempt <= 8; $attempt++) {
        $answer = login_attempt($server, $attacker, "guess-$attempt");
        printf("attacker %s, guess %d: HTTP %d%s  %s\n", $attacker, $attempt, $answer['status'],
            isset($answer['headers']['retry-after']) ? ", Retry-After: {$answer['headers']['retry-after']} s" : '',
            $answer['body']);
    }
    echo "X-Frame-Options: ", $answer['headers']['x-frame-options'] ?? '(missing)', "\n\n";

    $user = '198.51.100.7';
    $answer = login_attempt($server, $user, 'correct horse battery staple');
    printf("meanwhile user %s: HTTP %d  %s\n", $user, $answer['status'], $answer['body']);
    $answer = login_attempt($server, $attacker, 'correct horse battery staple');
    printf("attacker with the right password, still locked: HTTP %d\n\n", $answer['status']);

    usleep(200000);
    echo "PHP error log ({$server['log']}):\n";
    $log = trim((string)file_get_contents($server['log']));
    echo $log === '' ? "(empty: this build writes no lock-out line)\n" : $log . "\n";
} finally {
    login_server_stop($server);
    exec('rm -rf ' . escapeshellarg($workDir));
    echo "\nserver stopped\n";
}
