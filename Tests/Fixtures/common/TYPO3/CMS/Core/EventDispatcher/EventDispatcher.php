<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: dispatches to nobody.

namespace TYPO3\CMS\Core\EventDispatcher;

use Psr\EventDispatcher\EventDispatcherInterface;

class EventDispatcher implements EventDispatcherInterface
{
    public function dispatch(object $event)
    {
        return $event;
    }
}
