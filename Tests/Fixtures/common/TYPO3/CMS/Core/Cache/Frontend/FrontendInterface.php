<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: only what the tests need.

namespace TYPO3\CMS\Core\Cache\Frontend;

interface FrontendInterface
{
    public function getIdentifier();
    public function set($entryIdentifier, $data, array $tags = [], $lifetime = null);
    public function get($entryIdentifier);
    public function has($entryIdentifier);
    public function remove($entryIdentifier);
    public function flush();
    public function collectGarbage();
}
