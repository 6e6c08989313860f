<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: cmpIP() and its helpers as core has them, and a
// makeInstance() over a container the tests set.

namespace TYPO3\CMS\Core\Utility;

use Psr\Container\ContainerInterface;

class GeneralUtility
{
    protected static ?ContainerInterface $container = null;

    public static function setContainer(ContainerInterface $container): void
    {
        self::$container = $container;
    }

    public static function resetContainer(): void
    {
        self::$container = null;
    }

    /**
     * @template T of object
     * @param class-string<T> $className
     * @return T
     */
    public static function makeInstance(string $className, mixed ...$constructorArguments): object
    {
        if ($constructorArguments === [] && self::$container !== null && self::$container->has($className)) {
            return self::$container->get($className);
        }
        return new $className(...$constructorArguments);
    }

    public static function cmpIP($baseIP, $list)
    {
        $list = trim($list);
        if ($list === '') {
            return false;
        }
        if ($list === '*') {
            return true;
        }
        if (str_contains($baseIP, ':') && self::validIPv6($baseIP)) {
            return self::cmpIPv6($baseIP, $list);
        }
        return self::cmpIPv4($baseIP, $list);
    }

    public static function cmpIPv4($baseIP, $list)
    {
        $IPpartsReq = explode('.', $baseIP);
        if (count($IPpartsReq) === 4) {
            $values = self::trimExplode(',', $list, true);
            foreach ($values as $test) {
                $testList = explode('/', $test);
                if (count($testList) === 2) {
                    [$test, $mask] = $testList;
                } else {
                    $mask = false;
                }
                if ((int)$mask) {
                    $mask = (int)$mask;
                    $lnet = (int)ip2long($test);
                    $lip = (int)ip2long($baseIP);
                    $binnet = str_pad(decbin($lnet), 32, '0', STR_PAD_LEFT);
                    $firstpart = substr($binnet, 0, $mask);
                    $binip = str_pad(decbin($lip), 32, '0', STR_PAD_LEFT);
                    $firstip = substr($binip, 0, $mask);
                    $yes = $firstpart === $firstip;
                } else {
                    $IPparts = explode('.', $test);
                    $yes = 1;
                    foreach ($IPparts as $index => $val) {
                        $val = trim($val);
                        if ($val !== '*' && $IPpartsReq[$index] !== $val) {
                            $yes = 0;
                        }
                    }
                }
                if ($yes) {
                    return true;
                }
            }
        }
        return false;
    }

    public static function cmpIPv6($baseIP, $list)
    {
        // Core compares bit strings of inet_pton(); the same answer, shorter.
        $values = self::trimExplode(',', $list, true);
        $base = inet_pton($baseIP);
        foreach ($values as $test) {
            $testList = explode('/', $test);
            $mask = count($testList) === 2 ? (int)$testList[1] : 128;
            if (!self::validIPv6($testList[0])) {
                continue;
            }
            $net = inet_pton($testList[0]);
            $bytes = intdiv($mask, 8);
            $bits = $mask % 8;
            if (substr($net, 0, $bytes) !== substr($base, 0, $bytes)) {
                continue;
            }
            if ($bits === 0 || ((ord($net[$bytes]) ^ ord($base[$bytes])) >> (8 - $bits)) === 0) {
                return true;
            }
        }
        return false;
    }

    public static function validIP($ip)
    {
        return filter_var($ip, FILTER_VALIDATE_IP) !== false;
    }

    public static function validIPv6($ip)
    {
        return filter_var($ip, FILTER_VALIDATE_IP, FILTER_FLAG_IPV6) !== false;
    }

    public static function trimExplode($delim, $string, $removeEmptyValues = false, $limit = 0): array
    {
        $result = array_map('trim', explode($delim, (string)$string));
        if ($removeEmptyValues) {
            $result = array_values(array_filter($result, static fn (string $value): bool => $value !== ''));
        }
        return $result;
    }
}
