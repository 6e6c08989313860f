<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Unlock;

/**
 * The exact command that unlocks a client on a given table file, run by the user who can.
 *
 * A table file is opened only by its owner or root (the extension refuses files of other
 * owners), and a process reaches a file only if it maps it at startup, with
 * login_ratelimit.shm_path. So: a file of root's (a php-fpm master or Apache parent running as
 * root) takes root, acting with --user as the pool's user; a file of another user (a master
 * running as that user, whose workers all run as it) takes that user, acting as itself.
 */
final class CommandLine
{
    public function __construct(
        /** The PHP binary to run (the CLI's own, PHP_BINARY). */
        private readonly string $php,
        /** TYPO3's console script, as the admin ran it (vendor/bin/typo3). */
        private readonly string $script,
    ) {
    }

    /**
     * @param User $fileOwner the owner of $table
     * @param ?User $poolUser the web server's PHP user, when known (acted as on root's files)
     * @param ?int $currentUid who runs this now: no sudo when it is the user needed
     * @param list<string> $phpOptions further options for PHP (-d extension=posix)
     */
    public function forTable(
        string $table,
        User $fileOwner,
        ?User $poolUser,
        string $address,
        string $type,
        ?int $currentUid,
        array $phpOptions = []
    ): string {
        $arguments = [];
        if ($fileOwner->uid !== $currentUid) {
            $arguments[] = 'sudo';
            if ($fileOwner->uid !== 0) {
                array_push($arguments, '-u', $fileOwner->name !== '' ? $fileOwner->name : '#' . $fileOwner->uid);
            }
        }
        array_push($arguments, $this->php, ...$phpOptions);
        array_push($arguments, '-d', 'login_ratelimit.shm_path=' . $table, $this->script, 'login_ratelimit:reset', $address);
        if ($type !== 'BE') {
            $arguments[] = '--type=' . $type;
        }
        $line = implode(' ', array_map(self::quote(...), $arguments));
        if ($fileOwner->uid === 0) {
            // A placeholder for the admin to fill in where the user is not known.
            $line .= ' --user=' . ($poolUser !== null ? self::quote($poolUser->argument()) : '<the web server\'s PHP user>');
        }
        return $line;
    }

    /** Quoted for a POSIX shell where needed, and left readable where not. */
    private static function quote(string $argument): string
    {
        return preg_match('~^[A-Za-z0-9_/.=:,@%+#-]+$~D', $argument) === 1 && $argument[0] !== '#'
            ? $argument
            : escapeshellarg($argument);
    }
}
