<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Command;

use LoginRateLimit\LoginRateLimiter;
use LoginRateLimit\Typo3\Installation;
use LoginRateLimit\Typo3\Native;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\InputArgument;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;
use TYPO3\CMS\Core\RateLimiter\Storage\CachingFrameworkStorage;

/**
 * `typo3 login_ratelimit:reset <address> [--type=BE|FE]`: unlocks a client, for the admin who
 * locked themselves out. Clears the native state and TYPO3's own (used while the extension is
 * not loaded), and says so when this CLI cannot reach the web server's table.
 */
final class ResetCommand extends Command
{
    public const NAME = 'login_ratelimit:reset';
    public const DESCRIPTION = 'Unlock the logins of a client address locked by the login rate limit';

    public function __construct(private readonly CachingFrameworkStorage $storage)
    {
        parent::__construct(self::NAME);
    }

    protected function configure(): void
    {
        $this->setDescription(self::DESCRIPTION)
            ->addArgument('address', InputArgument::REQUIRED, 'The client address, as TYPO3 sees it (IPv4 or IPv6)')
            ->addOption('type', null, InputOption::VALUE_REQUIRED, 'BE (backend) or FE (frontend) logins', 'BE');
    }

    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $address = trim((string)$input->getArgument('address'));
        $type = strtoupper((string)$input->getOption('type'));
        if ($type !== 'BE' && $type !== 'FE') {
            $output->writeln(sprintf('<error>--type must be BE or FE, not "%s".</error>', $type));
            return self::INVALID;
        }
        if (filter_var($address, FILTER_VALIDATE_IP) === false) {
            $output->writeln(sprintf('<error>"%s" is not an IPv4 or IPv6 address.</error>', $address));
            return self::INVALID;
        }
        $this->resetCoreState($type, $address);

        if (!Native::isLoaded()) {
            $output->writeln(sprintf('Cleared TYPO3\'s own %s login limit state of %s.', $type, $address));
            $output->writeln('<error>The login_ratelimit extension is not loaded in this CLI PHP, so the native'
                . ' table cannot be reached from here. If the web server\'s PHP loads it, load it for the CLI too'
                . ' (extension=login_ratelimit) with the same login_ratelimit.shm_path, and run this again.</error>');
            return self::FAILURE;
        }
        $stats = LoginRateLimiter::stats();
        if ($stats['backend'] !== 'shared-file') {
            $output->writeln(sprintf('Cleared TYPO3\'s own %s login limit state of %s.', $type, $address));
            $output->writeln(sprintf(
                '<error>Not unlocked: this CLI process has its own table (%s), not the web server\'s:'
                . ' login_ratelimit.shm_path is empty, so every PHP master (php-fpm, this CLI) maps a table'
                . ' of its own. Set login_ratelimit.shm_path=/dev/shm/login_ratelimit in the php.ini of both'
                . ' PHP-FPM and the CLI, restart PHP-FPM, and run this again.</error>',
                $stats['location']
            ));
            return self::FAILURE;
        }
        $nativeType = (string)Installation::loginType($type);
        try {
            (new LoginRateLimiter([], $nativeType))->reset($address);
        } catch (\InvalidArgumentException $e) {
            $output->writeln('<error>' . $e->getMessage() . '</error>');
            return self::INVALID;
        }
        $output->writeln(sprintf('Unlocked %s logins from %s (table %s).', $type, $address, $stats['location']));
        return self::SUCCESS;
    }

    /** The states core's limiter keeps when it runs: ids as TYPO3 v13 and v14 name them. */
    private function resetCoreState(string $type, string $address): void
    {
        $this->storage->delete(sha1('typo3-login-' . $type) . '-' . $address);
        $this->storage->delete('login-' . strtolower($type) . '-' . $address);
    }
}
