<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: LoggerInterfacePass as core has it, without channels.

namespace TYPO3\CMS\Core\DependencyInjection;

use Psr\Log\LoggerInterface;
use Symfony\Component\DependencyInjection\Compiler\AbstractRecursivePass;
use Symfony\Component\DependencyInjection\Definition;
use Symfony\Component\DependencyInjection\Reference;
use TYPO3\CMS\Core\Log\Logger;
use TYPO3\CMS\Core\Log\LogManager;

class LoggerInterfacePass extends AbstractRecursivePass
{
    protected function processValue($value, $isRoot = false): mixed
    {
        $value = parent::processValue($value, $isRoot);

        if (!$value instanceof Definition || !$value->isAutowired() || $value->isAbstract() || !$value->getClass()) {
            return $value;
        }
        if (!$reflectionClass = $this->container->getReflectionClass($value->getClass(), false)) {
            return $value;
        }
        $constructor = $reflectionClass->getConstructor();
        if ($constructor === null) {
            return $value;
        }
        $arguments = $value->getArguments();
        foreach ($constructor->getParameters() as $index => $parameter) {
            $name = '$' . $parameter->getName();
            if (isset($arguments[$name]) || isset($arguments[$index])) {
                continue;
            }
            $type = $parameter->getType();
            if (!($type instanceof \ReflectionNamedType && $type->getName() === LoggerInterface::class)) {
                continue;
            }
            $logger = new Definition(Logger::class);
            $logger->setFactory([new Reference(LogManager::class), 'getLogger']);
            $logger->setArguments([$value->getClass()]);
            $logger->setShared(false);
            $value->setArgument($name, $logger);
        }
        return $value;
    }
}
