<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: only what the tests need.

namespace TYPO3\CMS\Core\Context;

class Context
{
    /** @var array<string, object> */
    protected array $aspects = [];

    public function getAspect(string $name): object
    {
        return $this->aspects[$name] ?? new UserAspect();
    }

    public function setAspect(string $name, object $aspect): void
    {
        $this->aspects[$name] = $aspect;
    }
}
