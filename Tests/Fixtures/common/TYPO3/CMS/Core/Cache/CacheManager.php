<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: every cache is a file cache under one directory.

namespace TYPO3\CMS\Core\Cache;

use TYPO3\CMS\Core\Cache\Frontend\FrontendInterface;
use TYPO3\CMS\Core\Cache\Frontend\VariableFrontend;

class CacheManager
{
    /** @var array<string, FrontendInterface> */
    protected array $caches = [];

    public function __construct(protected string $directory = '')
    {
        $this->directory = $directory !== '' ? $directory : sys_get_temp_dir() . '/typo3-stand-in-cache-' . getmypid();
    }

    public function getCache($identifier)
    {
        return $this->caches[$identifier] ??= new VariableFrontend($identifier, $this->directory . '/' . $identifier);
    }

    public function flushCaches()
    {
        foreach ($this->caches as $cache) {
            $cache->flush();
        }
    }
}
