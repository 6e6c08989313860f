<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Report;

use LoginRateLimit\LoginRateLimiter;
use LoginRateLimit\Typo3\Installation;
use LoginRateLimit\Typo3\Native;
use TYPO3\CMS\Core\Type\ContextualFeedbackSeverity;
use TYPO3\CMS\Reports\Status;
use TYPO3\CMS\Reports\StatusProviderInterface;

/** The Reports module's section: whether logins run natively, and the shared table's figures. */
final class LoginRateLimitStatus implements StatusProviderInterface
{
    public function getLabel(): string
    {
        return 'Login rate limiting (login_ratelimit)';
    }

    /** @return array<string, Status> */
    public function getStatus(): array
    {
        if (!Native::isLoaded()) {
            return ['mode' => new Status(
                'Login rate limiter',
                'TYPO3\'s own (fallback)',
                'The login_ratelimit PHP extension is not loaded in this PHP, so logins are limited by TYPO3\'s'
                . ' own limiter on the caching framework: parallel attempts can be lost, and clearing the system'
                . ' cache resets every lock. Load it with "extension=login_ratelimit" in php.ini and restart PHP.',
                ContextualFeedbackSeverity::WARNING
            )];
        }
        $stats = LoginRateLimiter::stats();
        $statuses = [
            'mode' => new Status(
                'Login rate limiter',
                'native (login_ratelimit ' . phpversion('login_ratelimit') . ')',
                'Backend and frontend logins are counted in the shared table of the login_ratelimit extension'
                . (Native::hasKeyedLimiter() ? ', and so is every other sliding-window rate limiter.' : '.'),
                ContextualFeedbackSeverity::OK
            ),
            'backend' => new Status(
                'Shared table',
                $stats['backend'],
                $stats['location'],
                $stats['backend'] === 'process-local' ? ContextualFeedbackSeverity::ERROR : ContextualFeedbackSeverity::OK
            ),
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
            'namespace' => new Status(
                'Installation namespace',
                Installation::namespace(),
                'Keeps this installation\'s states apart from other sites served by the same PHP.',
                ContextualFeedbackSeverity::INFO
            ),
        ];
        if (PHP_SAPI === 'cli' && $stats['backend'] !== 'shared-file') {
            $statuses['cli'] = new Status(
                'Seen from the CLI',
                'not the web server\'s table',
                'This report runs in a CLI process, whose anonymous table is its own: the figures above are not'
                . ' the web server\'s. Set login_ratelimit.shm_path (for example /dev/shm/login_ratelimit) in the'
                . ' php.ini of PHP-FPM and the CLI to share one table.',
                ContextualFeedbackSeverity::WARNING
            );
        }
        return $statuses;
    }
}
