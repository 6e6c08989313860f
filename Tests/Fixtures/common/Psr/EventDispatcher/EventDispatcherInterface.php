<?php

declare(strict_types=1);

// Test stand-in of psr/event-dispatcher.

namespace Psr\EventDispatcher;

interface EventDispatcherInterface
{
    public function dispatch(object $event);
}
