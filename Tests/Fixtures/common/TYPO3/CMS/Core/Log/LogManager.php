<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: every logger writes into one list the tests read.

namespace TYPO3\CMS\Core\Log;

class LogManager
{
    /** @var list<array{channel: string, level: string, message: string}> */
    public static array $records = [];

    public function getLogger(string $name = ''): Logger
    {
        return new Logger($name);
    }
}
