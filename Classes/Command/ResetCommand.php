<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Command;

use LoginRateLimit\Typo3\Unlock\Advice;
use LoginRateLimit\Typo3\Unlock\CommandLine;
use LoginRateLimit\Typo3\Unlock\Host;
use LoginRateLimit\Typo3\Unlock\NativeTable;
use LoginRateLimit\Typo3\Unlock\Outcome;
use LoginRateLimit\Typo3\Unlock\PosixHost;
use LoginRateLimit\Typo3\Unlock\ResetRequest;
use LoginRateLimit\Typo3\Unlock\Table;
use LoginRateLimit\Typo3\Unlock\UserResolver;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\InputArgument;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;
use TYPO3\CMS\Core\Core\Environment;
use TYPO3\CMS\Core\RateLimiter\Storage\CachingFrameworkStorage;

/**
 * `typo3 login_ratelimit:reset <address> [--type=BE|FE] [--user=<name|uid>]`: unlocks a client,
 * for the admin who locked themselves out. Clears TYPO3's own state (used while the extension is
 * not loaded) and the native one, which is the web server's only if this CLI mapped the web
 * server's table file and the reset acts as the web server's PHP user: every state's key holds
 * the effective user id of the process that wrote it. Run as root, it resets in a child process
 * that switches to that user. Whatever it cannot reach, it says so, with the command that can.
 */
final class ResetCommand extends Command
{
    public const NAME = 'login_ratelimit:reset';
    public const DESCRIPTION = 'Unlock the logins of a client address locked by the login rate limit';

    private readonly Host $host;
    private readonly Table $table;

    public function __construct(private readonly CachingFrameworkStorage $storage, ?Host $host = null, ?Table $table = null)
    {
        $this->host = $host ?? new PosixHost();
        $this->table = $table ?? new NativeTable();
        parent::__construct(self::NAME);
    }

    protected function configure(): void
    {
        $this->setDescription(self::DESCRIPTION)
            ->addArgument('address', InputArgument::REQUIRED, 'The client address, as TYPO3 sees it (IPv4 or IPv6)')
            ->addOption('type', null, InputOption::VALUE_REQUIRED, 'BE (backend) or FE (frontend) logins', 'BE')
            ->addOption(
                'user',
                null,
                InputOption::VALUE_REQUIRED,
                'When run as root: the user the web server\'s PHP runs as (name or id), whose states are reset.'
                . ' Default: the owner of TYPO3\'s var/ directory, unless that is root'
            );
    }

    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $address = trim((string)$input->getArgument('address'));
        $type = strtoupper((string)$input->getOption('type'));
        $userOption = $input->getOption('user');
        if ($type !== 'BE' && $type !== 'FE') {
            $output->writeln(sprintf('<error>--type must be BE or FE, not "%s".</error>', $type));
            return self::INVALID;
        }
        if (filter_var($address, FILTER_VALIDATE_IP) === false) {
            $output->writeln(sprintf('<error>"%s" is not an IPv4 or IPv6 address.</error>', $address));
            return self::INVALID;
        }
        $this->resetCoreState($type, $address);
        $output->writeln(sprintf('Cleared TYPO3\'s own %s login limit state of %s.', $type, $address));

        if (!$this->table->isLoaded()) {
            $output->writeln('<error>Not unlocked natively: the login_ratelimit extension is not loaded in this CLI PHP,'
                . ' so the native table cannot be reached from here. If the web server\'s PHP loads it, load it for'
                . ' the CLI too (extension=login_ratelimit) and run this again: it then says how to reach the web'
                . ' server\'s table.</error>');
            return self::FAILURE;
        }
        $stats = $this->table->stats();
        $backend = (string)$stats['backend'];
        $request = new ResetRequest($type, $address, is_string($userOption) ? $userOption : null);
        try {
            if (str_starts_with($backend, 'redis')) {
                return $this->unlockInRedis($request, $stats, $output);
            }
            if ($backend !== 'shared-file') {
                $this->advice()->unreachable($request, $stats, $this->users()->guess($request->user, self::varPath()), $output);
                return self::FAILURE;
            }
            return $this->unlockInTableFile($request, (string)$stats['location'], $output);
        } catch (\InvalidArgumentException $e) {
            $output->writeln('<error>' . $e->getMessage() . '</error>');
            return self::INVALID;
        } catch (\RuntimeException $e) {
            $output->writeln(sprintf('<error>Not unlocked: %s.</error>', rtrim($e->getMessage(), '.')));
            return self::FAILURE;
        }
    }

    /** Redis keys hold no user id: the reset reaches every web server's state from any user. */
    private function unlockInRedis(ResetRequest $request, array $stats, OutputInterface $output): int
    {
        $redis = trim(explode(';', (string)$stats['location'])[0]);
        $outcome = $this->table->unlock($request->type, $request->address);
        if ($outcome->reachedRedis !== true) {
            $output->writeln(sprintf(
                '<error>Not unlocked: Redis at %s did not answer (%s). The web servers that reach Redis still see the'
                . ' lock; run this again once Redis answers.</error>',
                $redis,
                (string)($this->table->stats()['redis_last_error'] ?? 'no error recorded')
            ));
            return self::FAILURE;
        }
        $output->writeln($this->what($request, $outcome, sprintf('in Redis at %s', $redis)));
        $output->writeln('Every web server on this Redis sees it; Redis keys hold no user id, so the user this ran as does not matter.');
        return self::SUCCESS;
    }

    private function unlockInTableFile(ResetRequest $request, string $tableFile, OutputInterface $output): int
    {
        $choice = $this->users()->choose($request->user, self::varPath());
        if ($choice->user === null) {
            $output->writeln(sprintf('<error>Not unlocked: %s</error>', $choice->reason));
            return self::FAILURE;
        }
        $user = $choice->user;
        $self = $this->host->effectiveUid();
        if ($user->uid === $self) {
            $outcome = $this->table->unlock($request->type, $request->address);
            $actedAs = sprintf('Acted as %s: %s.', $user->describe(), $choice->reason);
        } else {
            $missing = $this->host->missingForSwitchingUsers();
            if ($missing !== []) {
                $this->advice()->cannotSwitch($request, $choice, $tableFile, $missing, $output);
                return self::FAILURE;
            }
            $table = $this->table;
            $outcome = Outcome::fromArray($this->host->runAs(
                $user,
                static fn (): array => $table->unlock($request->type, $request->address)->toArray()
            ));
            $actedAs = sprintf('Acted as %s, in a child process of this root process: %s.', $user->describe(), $choice->reason);
        }
        $output->writeln($this->what($request, $outcome, 'in the table file ' . $tableFile));
        $output->writeln($actedAs);
        if ($outcome->before === Outcome::NONE) {
            $output->writeln('If TYPO3 still refuses logins from there, its PHP runs as another user (name it with --user)'
                . ' or keeps another table.');
            $this->advice()->tables($request, $user, $tableFile, $output);
        }
        return self::SUCCESS;
    }

    /** What the reset found and did, in one line. */
    private function what(ResetRequest $request, Outcome $outcome, string $where): string
    {
        return match ($outcome->before) {
            Outcome::LOCKED => sprintf('Unlocked %s logins from %s %s: it was locked (%d attempts counted).', $request->type, $request->address, $where, $outcome->attempts),
            Outcome::COUNTED => sprintf('Cleared %d counted %s login attempt%s from %s %s; it was not locked.', $outcome->attempts, $request->type, $outcome->attempts === 1 ? '' : 's', $request->address, $where),
            Outcome::NONE => sprintf('Nothing to unlock: no %s login attempts from %s are counted %s.', $request->type, $request->address, $where),
            default => sprintf('Cleared the %s login state of %s %s (the site\'s configuration does not limit its logins natively:'
                . ' a limit of 0, an excluded address, or a configuration left to TYPO3\'s own limiter).', $request->type, $request->address, $where),
        };
    }

    private function users(): UserResolver
    {
        return new UserResolver($this->host);
    }

    private function advice(): Advice
    {
        // The console script as the admin ran it, so that the commands printed run from here.
        $script = (string)($_SERVER['argv'][0] ?? '');
        return new Advice($this->host, new CommandLine(
            PHP_BINARY !== '' ? PHP_BINARY : 'php',
            str_starts_with(basename($script), 'typo3') ? $script : 'vendor/bin/typo3'
        ));
    }

    private static function varPath(): string
    {
        return Environment::getVarPath();
    }

    /** The states core's limiter keeps when it runs: ids as TYPO3 v13 and v14 name them. */
    private function resetCoreState(string $type, string $address): void
    {
        $this->storage->delete(sha1('typo3-login-' . $type) . '-' . $address);
        $this->storage->delete('login-' . strtolower($type) . '-' . $address);
    }
}
