<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Unlock;

/**
 * Chooses the user whose states the reset clears: the web server's PHP user, as every state's
 * key holds the effective user id of the process that wrote it.
 *
 * Run as root, the command can act as any user: --user names the pool's user; without it, the
 * owner of TYPO3's var/ directory is taken (TYPO3 writes there from the web server, so it is the
 * pool's user on the usual setups), and the output names it. A var/ directory owned by root says
 * nothing about the pool, so then --user is required: root's own states are never the pool's.
 * Run as another user, the command can only act as itself.
 */
final class UserResolver
{
    public function __construct(private readonly Host $host)
    {
    }

    public function choose(?string $option, string $varPath): UserChoice
    {
        $self = $this->host->effectiveUid();
        if ($self === null) {
            return UserChoice::none('the user this command runs as cannot be read (no posix extension, and no /proc/self/status).');
        }
        $given = null;
        if ($option !== null) {
            $given = $this->resolve($option);
            if ($given === null) {
                return UserChoice::none(sprintf('--user=%s: there is no such user.', $option));
            }
        }
        if ($self !== 0) {
            $me = $this->host->userById($self) ?? new User($self, $self, '');
            if ($given !== null && $given->uid !== $self) {
                return UserChoice::none(sprintf(
                    'only root can act as another user: this command runs as %s, not %s. Run it as root (sudo), or as %s.',
                    $me->describe(),
                    $given->describe(),
                    $given->argument()
                ));
            }
            return UserChoice::of($me, 'the user this command runs as');
        }
        if ($given !== null) {
            return UserChoice::of($given, 'given with --user');
        }
        $owner = $this->host->ownerOf($varPath);
        if ($owner === null || $owner === 0) {
            return UserChoice::none(sprintf(
                'this command runs as root, whose states are not the web server\'s, and TYPO3\'s var/ directory (%s) %s,'
                . ' so it cannot tell which user the web server\'s PHP runs as. Name it with --user'
                . ' (the "user" of PHP-FPM\'s pool, or Apache\'s User), e.g. --user=www-data.',
                $varPath,
                $owner === null ? 'does not exist' : 'belongs to root'
            ));
        }
        $user = $this->host->userById($owner) ?? new User($owner, $owner, '');
        return UserChoice::of($user, sprintf('the owner of %s, which the web server writes; if its PHP runs as another user, name it with --user', $varPath));
    }

    /**
     * The web server's PHP user as far as it can be told, for a command to suggest: --user,
     * else the owner of var/ unless root, else this command's user unless root.
     */
    public function guess(?string $option, string $varPath): ?User
    {
        $given = $option !== null ? $this->resolve($option) : null;
        if ($given !== null) {
            return $given;
        }
        foreach ([$this->host->ownerOf($varPath), $this->host->effectiveUid()] as $uid) {
            if ($uid !== null && $uid !== 0) {
                return $this->host->userById($uid) ?? new User($uid, $uid, '');
            }
        }
        return null;
    }

    /** A user by name, or by id (which need not have an account, as in some containers). */
    private function resolve(string $option): ?User
    {
        $option = trim($option);
        if (preg_match('/^[0-9]{1,10}$/D', $option) === 1 && (int)$option <= 0xFFFFFFFE) {
            return $this->host->userById((int)$option) ?? new User((int)$option, (int)$option, '');
        }
        return $option === '' ? null : $this->host->userByName($option);
    }
}
