<?php

declare(strict_types=1);

// One request's worth of work of a TYPO3 site, in a process of its own:
//   site.php <project path> attempts <count> <address> [<user>]
//       prints how many login attempts were accepted; with a user, made by a forked child that
//       switches to that user first, as a php-fpm master (root) forks a pool's worker
//   site.php <project path> reset <address> [<option>...]
//       runs login_ratelimit:reset (options as --user=www-data), prints its output

require dirname(__DIR__, 2) . '/bootstrap.php';

use LoginRateLimit\Typo3\Command\ResetCommand;
use Nyholm\Psr7\ServerRequest;
use Symfony\Component\Console\Input\ArrayInput;
use Symfony\Component\Console\Output\BufferedOutput;
use TYPO3\CMS\Core\Authentication\BackendUserAuthentication;
use TYPO3\CMS\Core\Cache\CacheManager;
use TYPO3\CMS\Core\Core\ApplicationContext;
use TYPO3\CMS\Core\Core\Environment;
use TYPO3\CMS\Core\Http\NormalizedParams;
use TYPO3\CMS\Core\RateLimiter\Storage\CachingFrameworkStorage;

[, $projectPath, $action] = $argv;
Environment::initialize(new ApplicationContext('Testing'), true, true, $projectPath, "$projectPath/public", "$projectPath/var", "$projectPath/config", "$projectPath/public/index.php", 'UNIX');
$GLOBALS['TYPO3_CONF_VARS'] = ['BE' => ['loginRateLimit' => 5], 'SYS' => ['reverseProxyIP' => '']];
$storage = new CachingFrameworkStorage(new CacheManager($projectPath . '/var/cache'));

if ($action === 'reset') {
    $input = ['address' => $argv[3]];
    foreach (array_slice($argv, 4) as $option) {
        [$name, $value] = explode('=', $option, 2);
        $input[$name] = $value;
    }
    $output = new BufferedOutput();
    $status = (new ResetCommand($storage))->run(new ArrayInput($input), $output);
    echo $output->fetch();
    exit($status);
}

[, , , $count, $address] = $argv;
if (isset($argv[5])) {
    $pid = pcntl_fork();
    if ($pid > 0) {
        pcntl_waitpid($pid, $status);
        exit(pcntl_wexitstatus($status));
    }
    $user = posix_getpwnam($argv[5]) ?: ['uid' => (int)$argv[5], 'gid' => (int)$argv[5]];
    if (!posix_setgid($user['gid']) || !posix_setuid($user['uid'])) {
        echo "cannot switch to user {$argv[5]}\n";
        exit(1);
    }
}
$accepted = 0;
for ($i = 0; $i < (int)$count; $i++) {
    $request = new ServerRequest('POST', '/typo3/login', [], null, '1.1', ['REMOTE_ADDR' => $address]);
    $request = $request->withAttribute('normalizedParams', NormalizedParams::createFromRequest($request));
    // Built for every attempt, as TYPO3 builds it for every request.
    $limiter = LOGIN_RATELIMIT_TYPO3_MAJOR === 13
        ? (new LoginRateLimit\Typo3\V13\NativeRateLimiterFactory())->createLoginRateLimiter(new BackendUserAuthentication(), $request)
        : (new LoginRateLimit\Typo3\V14\NativeRateLimiterFactory($storage))->createLoginRateLimiter($request, 'BE');
    $accepted += $limiter->consume()->isAccepted() ? 1 : 0;
}
echo $accepted, "\n";
