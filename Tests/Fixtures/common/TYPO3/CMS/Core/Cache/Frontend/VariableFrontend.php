<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: a cache frontend over files in a directory, as the
// 'ratelimiter' cache's default file backend keeps one file per entry.

namespace TYPO3\CMS\Core\Cache\Frontend;

class VariableFrontend implements FrontendInterface
{
    public function __construct(protected string $identifier, protected string $directory)
    {
        // Processes of one site start at once: another may create the directory first.
        if (!is_dir($directory) && !@mkdir($directory, 0700, true) && !is_dir($directory)) {
            throw new \RuntimeException("Cannot create the cache directory $directory");
        }
    }

    public function getIdentifier()
    {
        return $this->identifier;
    }

    public function set($entryIdentifier, $data, array $tags = [], $lifetime = null)
    {
        file_put_contents($this->path($entryIdentifier), serialize($data), LOCK_EX);
    }

    public function get($entryIdentifier)
    {
        $path = $this->path($entryIdentifier);
        return is_file($path) ? unserialize((string)file_get_contents($path)) : false;
    }

    public function has($entryIdentifier)
    {
        return is_file($this->path($entryIdentifier));
    }

    public function remove($entryIdentifier)
    {
        $path = $this->path($entryIdentifier);
        return is_file($path) && unlink($path);
    }

    public function flush()
    {
        array_map('unlink', glob($this->directory . '/*') ?: []);
    }

    public function collectGarbage()
    {
    }

    protected function path(string $entryIdentifier): string
    {
        return $this->directory . '/' . $entryIdentifier;
    }
}
