<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 EXT:reports.

namespace TYPO3\CMS\Reports;

interface StatusProviderInterface
{
    /** @return Status[] */
    public function getStatus(): array;

    public function getLabel(): string;
}
