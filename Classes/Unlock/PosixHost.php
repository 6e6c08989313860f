<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Unlock;

/** The Host of a real process: PHP's posix and pcntl functions, with fallbacks for reading. */
final class PosixHost implements Host
{
    /** What a child needs to act as another user, and the extension that has each. */
    private const SWITCHING_FUNCTIONS = [
        'pcntl_fork' => 'pcntl',
        'pcntl_waitpid' => 'pcntl',
        'posix_setgid' => 'posix',
        'posix_setuid' => 'posix',
        'posix_geteuid' => 'posix',
        'posix_kill' => 'posix',
    ];

    /** @param string $tableDirectory where server SAPIs keep their default table files */
    public function __construct(private readonly string $tableDirectory = '/dev/shm')
    {
    }

    public function effectiveUid(): ?int
    {
        if (function_exists('posix_geteuid')) {
            return posix_geteuid();
        }
        // "Uid: real effective saved filesystem", readable without posix (unless open_basedir forbids it).
        $status = @file_get_contents('/proc/self/status');
        if (is_string($status) && preg_match('/^Uid:\s+\d+\s+(\d+)/m', $status, $match) === 1) {
            return (int)$match[1];
        }
        return null;
    }

    public function userByName(string $name): ?User
    {
        if (function_exists('posix_getpwnam')) {
            $entry = posix_getpwnam($name);
            return is_array($entry) ? new User($entry['uid'], $entry['gid'], $entry['name']) : null;
        }
        return $this->fromPasswd(static fn (array $fields): bool => $fields[0] === $name);
    }

    public function userById(int $uid): ?User
    {
        if (function_exists('posix_getpwuid')) {
            $entry = posix_getpwuid($uid);
            return is_array($entry) ? new User($entry['uid'], $entry['gid'], $entry['name']) : null;
        }
        return $this->fromPasswd(static fn (array $fields): bool => $fields[2] === (string)$uid);
    }

    public function ownerOf(string $path): ?int
    {
        clearstatcache(true, $path);
        $owner = @fileowner($path);
        return $owner === false ? null : $owner;
    }

    public function tableFiles(): array
    {
        $files = [];
        foreach (glob($this->tableDirectory . '/login_ratelimit*') ?: [] as $path) {
            if (preg_match('/^login_ratelimit(\.[A-Za-z0-9_.-]+)?$/D', basename($path)) === 1
                && !is_link($path) && is_file($path) && ($owner = $this->ownerOf($path)) !== null) {
                $files[$path] = $owner;
            }
        }
        ksort($files, SORT_NATURAL);
        return $files;
    }

    public function missingForSwitchingUsers(): array
    {
        $missing = [];
        foreach (self::SWITCHING_FUNCTIONS as $function => $extension) {
            if (!function_exists($function)) {
                $missing[$function] = $extension;
            }
        }
        return $missing;
    }

    public function runAs(User $user, \Closure $work): array
    {
        $pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
        if ($pair === false) {
            throw new \RuntimeException('cannot make a socket pair to talk to a child process');
        }
        $pid = pcntl_fork();
        if ($pid === -1) {
            fclose($pair[0]);
            fclose($pair[1]);
            throw new \RuntimeException('cannot fork a child process: ' . pcntl_strerror(pcntl_get_last_error()));
        }
        if ($pid === 0) {
            fclose($pair[0]);
            fwrite($pair[1], (string)json_encode(self::actAs($user, $work)));
            fclose($pair[1]);
            // No shutdown in the child: the destructors and shutdown functions of the TYPO3 it
            // inherited would close the parent's database connections and write its caches.
            posix_kill(getmypid(), 9);
            // Never reached; were it, the child must not go on as the parent's code.
            exit(1);
        }
        fclose($pair[1]);
        $answer = json_decode((string)stream_get_contents($pair[0]), true);
        fclose($pair[0]);
        pcntl_waitpid($pid, $status);
        if (!is_array($answer) || !(is_array($answer['result'] ?? null) || is_string($answer['error'] ?? null))) {
            throw new \RuntimeException(sprintf('the child process acting as %s ended without an answer', $user->describe()));
        }
        if (isset($answer['error'])) {
            throw new \RuntimeException($answer['error']);
        }
        return $answer['result'];
    }

    /** @return array{result: array<string, mixed>}|array{error: string} */
    private static function actAs(User $user, \Closure $work): array
    {
        try {
            // Root's supplementary groups are swapped for the user's. A user id without an
            // account keeps them, which is harmless: the child touches only the table mapped
            // before the fork, and then dies.
            if ($user->name !== '' && function_exists('posix_initgroups')) {
                posix_initgroups($user->name, $user->gid);
            }
            if (!posix_setgid($user->gid) || !posix_setuid($user->uid) || posix_geteuid() !== $user->uid) {
                return ['error' => sprintf(
                    'the child process could not switch to %s: %s',
                    $user->describe(),
                    posix_strerror(posix_get_last_error())
                )];
            }
            return ['result' => $work()];
        } catch (\Throwable $e) {
            return ['error' => $e->getMessage()];
        }
    }

    /** @param \Closure(list<string>): bool $matches */
    private function fromPasswd(\Closure $matches): ?User
    {
        foreach (@file('/etc/passwd', FILE_IGNORE_NEW_LINES) ?: [] as $line) {
            $fields = explode(':', $line);
            if (count($fields) >= 4 && $matches($fields)) {
                return new User((int)$fields[2], (int)$fields[3], $fields[0]);
            }
        }
        return null;
    }
}
