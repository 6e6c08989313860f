<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\V14;

use LoginRateLimit\Typo3\Limiter\KeyedLimiterFactory;
use LoginRateLimit\Typo3\Limiter\LoginLimiterFactory;
use Psr\Http\Message\ServerRequestInterface;
use Psr\Log\LoggerInterface;
use Symfony\Component\DependencyInjection\Attribute\Autoconfigure;
use Symfony\Component\RateLimiter\LimiterInterface;
use TYPO3\CMS\Core\Http\NormalizedParams;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactory;
use TYPO3\CMS\Core\RateLimiter\RateLimiterFactoryInterface;
use TYPO3\CMS\Core\RateLimiter\Storage\CachingFrameworkStorage;

/**
 * TYPO3 v14's rate limiter factory on the native table: logins on the login limiter, every other
 * sliding window on the keyed limiter, everything else (and whatever the native limiter cannot
 * answer) by core's own factory, built from the same storage and configuration.
 */
#[Autoconfigure(public: true, shared: false)]
final class NativeRateLimiterFactory implements RateLimiterFactoryInterface
{
    private readonly RateLimiterFactory $core;
    private readonly LoginLimiterFactory $logins;
    private readonly KeyedLimiterFactory $keyed;

    /**
     * @param array<string, mixed> $config as core's: the configuration create() uses, given to
     *                                     named services such as password recovery's
     */
    public function __construct(
        CachingFrameworkStorage $storage,
        private readonly array $config = [],
        ?LoggerInterface $logger = null,
    ) {
        $this->core = new RateLimiterFactory($storage, $config);
        $this->logins = new LoginLimiterFactory($logger);
        $this->keyed = new KeyedLimiterFactory($logger);
    }

    public function create(?string $key = null): LimiterInterface
    {
        if ($this->config === []) {
            // Core's LogicException for a factory without configuration.
            return $this->core->create($key);
        }
        return $this->keyed->create(self::withOverrides($this->config), $key) ?? $this->core->create($key);
    }

    public function createLimiter(array $config, ?string $key = null): LimiterInterface
    {
        return $this->keyed->create(self::withOverrides($config), $key) ?? $this->core->createLimiter($config, $key);
    }

    public function createRequestBasedLimiter(ServerRequestInterface $request, array $configuration): LimiterInterface
    {
        $normalizedParams = $request->getAttribute('normalizedParams') ?? NormalizedParams::createFromRequest($request);
        return $this->createLimiter($configuration, $normalizedParams->getRemoteAddress());
    }

    public function createLoginRateLimiter(ServerRequestInterface $request, string $loginType): LimiterInterface
    {
        $overrides = $GLOBALS['TYPO3_CONF_VARS']['SYS']['rateLimiter']['login-' . strtolower($loginType)] ?? [];
        return $this->logins->create($request, $loginType, is_array($overrides) ? $overrides : [])
            ?? $this->core->createLoginRateLimiter($request, $loginType);
    }

    /**
     * Core's rule: an admin's $GLOBALS['TYPO3_CONF_VARS']['SYS']['rateLimiter'][<id>] replaces
     * keys of the configuration, the policy included.
     *
     * @param array<string, mixed> $config
     * @return array<string, mixed>
     */
    private static function withOverrides(array $config): array
    {
        $id = $config['id'] ?? null;
        $overrides = is_string($id) ? ($GLOBALS['TYPO3_CONF_VARS']['SYS']['rateLimiter'][$id] ?? []) : [];
        return is_array($overrides) && $overrides !== [] ? array_replace($config, $overrides) : $config;
    }
}
