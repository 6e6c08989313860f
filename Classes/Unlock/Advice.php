<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Unlock;

use Symfony\Component\Console\Output\OutputInterface;

/**
 * What the reset command says when it cannot reach the web server's states: why, and the exact
 * command that can, for each table file on this system.
 */
final class Advice
{
    public function __construct(private readonly Host $host, private readonly CommandLine $commandLine)
    {
    }

    /** This CLI's table is its own (anonymous memory, a refused file): no web server uses it. */
    public function unreachable(ResetRequest $request, array $stats, ?User $poolUser, OutputInterface $output): void
    {
        $configured = trim((string)ini_get('login_ratelimit.shm_path'));
        $why = match (true) {
            $stats['backend'] === 'process-local' => 'This PHP could map no shared memory at all, so it counts alone (see the warning PHP printed at startup).',
            $configured !== '' && strcasecmp($configured, 'anonymous') !== 0 => sprintf(
                'login_ratelimit.shm_path = "%s" was refused at startup (see the warning PHP printed, which says why:'
                . ' a file of a user other than this one and root, or a login_ratelimit.shm_size other than the web'
                . ' server\'s), so this PHP keeps anonymous memory of its own.',
                $configured
            ),
            default => 'This PHP keeps its table in anonymous memory of its own: the CLI keeps no table file unless'
                . ' login_ratelimit.shm_path names one, while PHP-FPM, Apache\'s PHP and php-cgi keep theirs in'
                . ' /dev/shm/login_ratelimit.<user id of their master> by default.',
        };
        $output->writeln('<error>Not unlocked: no web server uses the table of this CLI process.</error>');
        $output->writeln($why);
        $output->writeln('The reset must map the web server\'s table file (-d login_ratelimit.shm_path=<file>) and act as'
            . ' the web server\'s PHP user.');
        $this->tables($request, $poolUser, null, $output);
    }

    /**
     * Root must act as another user, and this PHP cannot switch a child to it.
     *
     * @param array<string, string> $missing function => extension
     */
    public function cannotSwitch(ResetRequest $request, UserChoice $choice, string $tableFile, array $missing, OutputInterface $output): void
    {
        $user = $choice->user;
        if ($user === null) {
            return;
        }
        $output->writeln(sprintf(
            '<error>Not unlocked: the web server\'s states are those of %s (%s), and this command runs as root;'
            . ' acting as %s takes a child process that switches to that user, and this PHP lacks %s.</error>',
            $user->describe(),
            $choice->reason,
            $user->argument(),
            implode(', ', array_map(static fn (string $f, string $e): string => "$f() ($e)", array_keys($missing), $missing))
        ));
        $options = [];
        foreach (array_unique($missing) as $extension) {
            array_push($options, '-d', 'extension=' . $extension);
        }
        $self = $this->host->effectiveUid();
        $output->writeln('Run it with them loaded:');
        $output->writeln('  ' . $this->commandLine->forTable($tableFile, $this->account($this->host->ownerOf($tableFile) ?? 0), $user, $request->address, $request->type, $self, $options));
        $own = array_keys($this->host->tableFiles(), $user->uid, true);
        if ($own !== []) {
            $output->writeln(sprintf('Or as %s, on the table file of a master running as that user:', $user->argument()));
            $output->writeln('  ' . $this->commandLine->forTable((string)$own[0], $user, $user, $request->address, $request->type, $self));
            return;
        }
        $output->writeln(sprintf(
            'Running it as %s (sudo -u) instead works only where the web server\'s master runs as that user and'
            . ' keeps a table file of its own: %s is opened by its owner alone.',
            $user->argument(),
            $tableFile
        ));
    }

    /** The table files on this system but $except, each with the command that resets on it. */
    public function tables(ResetRequest $request, ?User $poolUser, ?string $except, OutputInterface $output): void
    {
        $files = $this->host->tableFiles();
        unset($files[(string)$except]);
        $self = $this->host->effectiveUid();
        if ($files === []) {
            if ($except === null) {
                $output->writeln('No table file was found in /dev/shm: the web server has not started since the last reboot,'
                    . ' or its php.ini names another file with login_ratelimit.shm_path, or sets it to anonymous (no other'
                    . ' process can reach that table; reloading PHP-FPM forgets every lock). With FILE the web server\'s'
                    . ' table file, if it is root\'s:');
                $output->writeln('  ' . $this->commandLine->forTable('FILE', $this->account(0), $poolUser, $request->address, $request->type, $self));
            }
            return;
        }
        $output->writeln(sprintf(
            '%s table file%s on this system, and the command that resets on each:',
            $except === null ? 'The' : 'Other',
            count($files) === 1 ? '' : 's'
        ));
        foreach ($files as $file => $owner) {
            $account = $this->account($owner);
            $output->writeln(sprintf(
                '  %s (%s; %s)',
                $file,
                $account->describe(),
                $owner === 0 ? 'a php-fpm master or Apache parent running as root, whose workers run as other users' : 'a master running as that user'
            ));
            $output->writeln('    ' . $this->commandLine->forTable((string)$file, $account, $poolUser, $request->address, $request->type, $self));
        }
    }

    private function account(int $uid): User
    {
        return $this->host->userById($uid) ?? new User($uid, $uid, '');
    }
}
