<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: only what the tests need.

namespace TYPO3\CMS\Core\Log;

use Psr\Log\AbstractLogger;

class Logger extends AbstractLogger
{
    public function __construct(protected string $name)
    {
    }

    public function log($level, $message, array $context = []): void
    {
        LogManager::$records[] = ['channel' => $this->name, 'level' => (string)$level, 'message' => (string)$message];
    }
}
