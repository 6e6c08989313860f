<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Report;

use LoginRateLimit\Typo3\Installation;
use LoginRateLimit\Typo3\Native;
use LoginRateLimit\Typo3\Unlock\CommandLine;
use LoginRateLimit\Typo3\Unlock\Host;
use LoginRateLimit\Typo3\Unlock\NativeTable;
use LoginRateLimit\Typo3\Unlock\PosixHost;
use LoginRateLimit\Typo3\Unlock\Table;
use LoginRateLimit\Typo3\Unlock\User;
use TYPO3\CMS\Core\Core\Environment;
use TYPO3\CMS\Core\Type\ContextualFeedbackSeverity;
use TYPO3\CMS\Reports\Status;
use TYPO3\CMS\Reports\StatusProviderInterface;

/**
 * The Reports module's section: whether logins run natively, the shared table's figures, and how
 * the reset command reaches this table. Rendered in a web request it shows the web server's
 * table; rendered from the CLI (a CLI keeps a table of its own unless told otherwise) it says so
 * rather than show that table's figures as the web server's.
 */
final class LoginRateLimitStatus implements StatusProviderInterface
{
    private readonly Host $host;
    private readonly Table $table;

    public function __construct(?Host $host = null, ?Table $table = null, private readonly string $sapi = PHP_SAPI)
    {
        $this->host = $host ?? new PosixHost();
        $this->table = $table ?? new NativeTable();
    }

    public function getLabel(): string
    {
        return 'Login rate limiting (login_ratelimit)';
    }

    /** @return array<string, Status> */
    public function getStatus(): array
    {
        if (!$this->table->isLoaded()) {
            return ['mode' => new Status(
                'Login rate limiter',
                'TYPO3\'s own (fallback)',
                'The login_ratelimit PHP extension is not loaded in this PHP, so logins are limited by TYPO3\'s'
                . ' own limiter on the caching framework: parallel attempts can be lost, and clearing the system'
                . ' cache resets every lock. Load it with "extension=login_ratelimit" in php.ini and restart PHP.',
                ContextualFeedbackSeverity::WARNING
            )];
        }
        $stats = $this->table->stats();
        $cliOwnTable = $this->sapi === 'cli' && in_array($stats['backend'], ['shared-anonymous', 'process-local'], true);
        $statuses = [
            'mode' => new Status(
                'Login rate limiter',
                'native (login_ratelimit ' . (string)phpversion('login_ratelimit') . ')',
                'Backend and frontend logins are counted in the shared table of the login_ratelimit extension'
                . (Native::hasKeyedLimiter() ? ', and so is every other sliding-window rate limiter.' : '.'),
                ContextualFeedbackSeverity::OK
            ),
            'backend' => new Status(
                $cliOwnTable ? 'Table of this CLI process' : 'Shared table',
                $stats['backend'],
                $stats['location'],
                $stats['backend'] === 'process-local' ? ContextualFeedbackSeverity::ERROR : ContextualFeedbackSeverity::OK
            ),
        ];
        if ($cliOwnTable) {
            // Its figures would read as the web server's, which they are not.
            $statuses['cli'] = $this->cliStatus();
        } else {
            $statuses += $this->figures($stats);
        }
        $statuses['namespace'] = new Status(
            'Installation namespace',
            Installation::namespace(),
            'Keeps this installation\'s states apart from other sites served by the same PHP.',
            ContextualFeedbackSeverity::INFO
        );
        $unlock = $this->sapi === 'cli' ? null : $this->unlockStatus($stats);
        if ($unlock !== null) {
            $statuses['unlock'] = $unlock;
        }
        return $statuses;
    }

    /** @return array<string, Status> */
    private function figures(array $stats): array
    {
        return [
            'capacity' => new Status('Capacity', number_format($stats['capacity']) . ' clients', sprintf(
                '%d bytes of shared memory (login_ratelimit.shm_size)',
                $stats['memory_bytes']
            ), ContextualFeedbackSeverity::INFO),
            'entries' => new Status('Entries', number_format($stats['entries']), 'Client states held now.', ContextualFeedbackSeverity::INFO),
            'evictions' => new Status(
                'Evictions',
                number_format($stats['evictions']),
                'States given up to make room for new clients. Many evictions mean the table is too small'
                . ' for the traffic: raise login_ratelimit.shm_size.',
                $stats['evictions'] > 0 ? ContextualFeedbackSeverity::NOTICE : ContextualFeedbackSeverity::OK
            ),
        ];
    }

    private function cliStatus(): Status
    {
        $files = [];
        foreach ($this->host->tableFiles() as $file => $owner) {
            $files[] = sprintf('%s (%s)', $file, $this->account($owner)->describe());
        }
        return new Status(
            'Seen from the CLI',
            'not the web server\'s table',
            'This report runs in a CLI process, which keeps a table of its own (the CLI keeps no table file unless'
            . ' login_ratelimit.shm_path names one): its figures are not the web server\'s, so they are left out.'
            . ' The Reports module in the backend shows the web server\'s. To unlock a client, run'
            . ' "login_ratelimit:reset <address>": it says which command reaches the web server\'s table.'
            . ($files === [] ? ' No table file was found in /dev/shm.' : ' Table files on this system: ' . implode(', ', $files) . '.'),
            ContextualFeedbackSeverity::WARNING
        );
    }

    /** How the reset command reaches this web server's table: the exact command. */
    private function unlockStatus(array $stats): ?Status
    {
        $console = Environment::isComposerMode()
            ? Environment::getProjectPath() . '/vendor/bin/typo3'
            : Environment::getPublicPath() . '/typo3/sysext/core/bin/typo3';
        if ($stats['backend'] === 'shared-file') {
            $file = (string)$stats['location'];
            $worker = $this->host->effectiveUid();
            $owner = $this->host->ownerOf($file);
            if ($worker === null || $owner === null) {
                return null;
            }
            $command = (new CommandLine('php', $console))->forTable($file, $this->account($owner), $this->account($worker), 'ADDRESS', 'BE', null);
            return new Status(
                'Unlocking a client',
                'from the CLI, as ' . $this->account($worker)->argument(),
                sprintf(
                    'This PHP runs as %s, so its states are keyed with that user, in the table file %s (%s\'s). To'
                    . ' unlock the backend logins of a client address, run on this server: %s (--type=FE for'
                    . ' frontend logins).',
                    $this->account($worker)->describe(),
                    $file,
                    $this->account($owner)->argument(),
                    $command
                ),
                ContextualFeedbackSeverity::INFO
            );
        }
        if ($stats['backend'] === 'shared-anonymous') {
            return new Status(
                'Unlocking a client',
                'not possible from the CLI',
                'This PHP keeps its table in anonymous memory (login_ratelimit.shm_path = anonymous), which no other'
                . ' process can reach: login_ratelimit:reset cannot unlock a client, and every reload of PHP-FPM'
                . ' (or graceful restart of Apache) forgets every lock. Leave login_ratelimit.shm_path empty (the'
                . ' server keeps its table in /dev/shm/login_ratelimit.<user id of its master>) or name a file.',
                ContextualFeedbackSeverity::WARNING
            );
        }
        if (str_starts_with((string)$stats['backend'], 'redis')) {
            return new Status(
                'Unlocking a client',
                'from the CLI, on Redis',
                sprintf(
                    'Run "php %s login_ratelimit:reset ADDRESS" with the same login_ratelimit.redis_url in the CLI\'s'
                    . ' php.ini, as any user: Redis keys hold no user id.',
                    $console
                ),
                ContextualFeedbackSeverity::INFO
            );
        }
        return null;
    }

    private function account(int $uid): User
    {
        return $this->host->userById($uid) ?? new User($uid, $uid, '');
    }
}
