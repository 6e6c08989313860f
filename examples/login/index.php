<?php

declare(strict_types=1);

// A login page with TYPO3's login flow, on the TYPO3 package's native limiter: consume() on every
// submission, a 403 with TYPO3's message (and a Retry-After header) while locked, reset() after a
// successful login, and X-Frame-Options as TYPO3's security guide advises for login pages.
// Served by PHP's built-in server with the extension loaded: see attack.php.

require_once '/usr/share/php/Symfony/Component/RateLimiter/autoload.php';
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'LoginRateLimit\\Typo3\\')) {
        require dirname(__DIR__, 2) . '/Classes/' . str_replace('\\', '/', substr($class, 21)) . '.php';
    }
});

use LoginRateLimit\LoginRateLimiter;
use LoginRateLimit\Typo3\Limiter\NativeLimiter;

const CONFIG = ['loginRateLimit' => 5, 'loginRateLimitInterval' => '15 minutes', 'loginRateLimitIpExcludeList' => ''];
const REVERSE_PROXY = '127.0.0.1';
const PASSWORD = 'correct horse battery staple';

header('X-Frame-Options: SAMEORIGIN');
header('Content-Type: text/plain; charset=utf-8');

/** The client as TYPO3 finds it with reverseProxyIP = 127.0.0.1 and reverseProxyHeaderMultiValue = first. */
function client_address(): string
{
    $remote = $_SERVER['REMOTE_ADDR'] ?? '';
    $forwarded = trim(explode(',', $_SERVER['HTTP_X_FORWARDED_FOR'] ?? '')[0]);
    return $remote === REVERSE_PROXY && filter_var($forwarded, FILTER_VALIDATE_IP) ? $forwarded : $remote;
}

if (($_SERVER['REQUEST_METHOD'] ?? 'GET') !== 'POST') {
    echo "POST username, userident and login_status=login to log in.\n";
    return;
}

$client = client_address();
// Built for every request, as TYPO3's factory builds it; the state is in the shared table.
$limiter = new NativeLimiter(new LoginRateLimiter(CONFIG, 'BE'), $client);
$limit = $limiter->consume();
if (!$limit->isAccepted()) {
    $retryAfter = $limit->getRetryAfter();
    http_response_code(403);
    header('Retry-After: ' . max(1, (int)ceil((float)$retryAfter->format('U.u') - microtime(true))));
    echo 'The login is locked until ', date('d-m-y H:i', $retryAfter->getTimestamp()),
        " due to too many failed login attempts from your IP address.\n";
    return;
}
if (($_POST['username'] ?? '') === 'admin' && hash_equals(PASSWORD, (string)($_POST['userident'] ?? ''))) {
    $limiter->reset();
    echo "Welcome, admin ($client).\n";
    return;
}
http_response_code(401);
$left = $limit->getRemainingTokens();
echo "Login failed ($client): $left ", $left === 1 ? 'attempt' : 'attempts', " left.\n";
