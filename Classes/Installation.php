<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3;

use TYPO3\CMS\Core\Core\Environment;

/**
 * The namespace that keeps this TYPO3 installation's limiter states apart from those of every
 * other installation served by the same PHP master: they all share one native table.
 */
final class Installation
{
    /** Characters of the project path's hash: 16^10 namespaces make an accidental clash moot. */
    private const HASH_LENGTH = 10;

    /**
     * The namespace: $GLOBALS['TYPO3_CONF_VARS']['EXTENSIONS']['login_ratelimit']['namespace']
     * if set (so that two copies of one site, as in blue-green deployments, can share their
     * states), else a short hash of the project path.
     */
    public static function namespace(): string
    {
        $configured = $GLOBALS['TYPO3_CONF_VARS']['EXTENSIONS']['login_ratelimit']['namespace'] ?? '';
        if (is_string($configured) && preg_match('/^[A-Za-z0-9_-]{1,16}$/D', $configured) === 1) {
            return $configured;
        }
        return substr(sha1(self::projectPath()), 0, self::HASH_LENGTH);
    }

    /** The native login type for TYPO3's 'BE' or 'FE', or null for one the table cannot name. */
    public static function loginType(string $typo3LoginType): ?string
    {
        if (preg_match('/^[A-Za-z0-9_-]{1,15}$/D', $typo3LoginType) !== 1) {
            return null;
        }
        return $typo3LoginType . '.' . self::namespace();
    }

    /**
     * The native limiter id for a Symfony limiter id. Ids that fit are kept readable; longer or
     * unusual ones (Extbase's are often long) are shortened with a hash that keeps them apart.
     */
    public static function limiterId(string $id): string
    {
        $prefix = self::namespace() . ':';
        $fits = preg_match('/^[A-Za-z0-9_.:-]+$/D', $id) === 1 && strlen($prefix . $id) <= 64;
        // An id that looks like a shortened one is shortened too, so the two kinds never meet.
        if ($fits && preg_match('/\.h[0-9a-f]{16}$/D', $id) !== 1) {
            return $prefix . $id;
        }
        $readable = substr((string)preg_replace('/[^A-Za-z0-9_.-]+/', '-', $id), 0, 64 - strlen($prefix) - 18);
        return $prefix . $readable . '.h' . substr(sha1($id), 0, 16);
    }

    /**
     * The native key for a Symfony key. Symfony names a state "id-key", so a null key and ''
     * are one state there, and are one here; keys too long for the table are hashed.
     */
    public static function key(?string $key): string
    {
        $key = '-' . ($key ?? '');
        if (strlen($key) <= 1024) {
            return $key;
        }
        return '#' . hash('sha256', $key);
    }

    private static function projectPath(): string
    {
        try {
            $path = Environment::getProjectPath();
        } catch (\Throwable) {
            $path = '';
        }
        // Without a project path, the package's own location is just as particular to the site.
        return $path !== '' ? $path : dirname(__DIR__);
    }
}
