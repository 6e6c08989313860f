<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: the remote address as core determines it (reverse proxy
// included); the other normalized parameters are left out.

namespace TYPO3\CMS\Core\Http;

use Psr\Http\Message\ServerRequestInterface;
use TYPO3\CMS\Core\Utility\GeneralUtility;

class NormalizedParams
{
    protected bool $isBehindReverseProxy = false;
    protected string $remoteAddress = '';

    public function __construct(array $serverParams, array $configuration, string $pathThisScript, string $pathSite)
    {
        $isBehindReverseProxy = $this->isBehindReverseProxy = self::determineIsBehindReverseProxy($serverParams, $configuration);
        $this->remoteAddress = self::determineRemoteAddress($serverParams, $configuration, $isBehindReverseProxy);
    }

    public function isBehindReverseProxy(): bool
    {
        return $this->isBehindReverseProxy;
    }

    public function getRemoteAddress(): string
    {
        return $this->remoteAddress;
    }

    protected static function determineRemoteAddress(array $serverParams, array $configuration, bool $isBehindReverseProxy): string
    {
        $remoteAddress = trim($serverParams['REMOTE_ADDR'] ?? '');
        if ($isBehindReverseProxy) {
            $ip = GeneralUtility::trimExplode(',', $serverParams['HTTP_X_FORWARDED_FOR'] ?? '', true);
            $configuredReverseProxyHeaderMultiValue = trim($configuration['reverseProxyHeaderMultiValue'] ?? '');
            if (!empty($ip) && $configuredReverseProxyHeaderMultiValue === 'last') {
                $ip = (string)array_pop($ip);
            } elseif (!empty($ip) && $configuredReverseProxyHeaderMultiValue === 'first') {
                $ip = (string)array_shift($ip);
            } else {
                $ip = '';
            }
            if (GeneralUtility::validIP($ip)) {
                $remoteAddress = $ip;
            }
        }
        return $remoteAddress;
    }

    protected static function determineIsBehindReverseProxy($serverParams, $configuration): bool
    {
        return GeneralUtility::cmpIP(
            trim($serverParams['REMOTE_ADDR'] ?? ''),
            trim($configuration['reverseProxyIP'] ?? '')
        );
    }

    public static function createFromServerParams(array $serverParams, ?array $systemConfiguration = null): self
    {
        return new NormalizedParams($serverParams, $systemConfiguration ?? $GLOBALS['TYPO3_CONF_VARS']['SYS'], '', '');
    }

    public static function createFromRequest(ServerRequestInterface $request, ?array $systemConfiguration = null): self
    {
        return static::createFromServerParams(
            $request->getServerParams(),
            $systemConfiguration ?? $GLOBALS['TYPO3_CONF_VARS']['SYS']
        );
    }
}
