<?php

declare(strict_types=1);

namespace LoginRateLimit\Typo3\Tests\Unit;

use LoginRateLimit\Typo3\Installation;
use LoginRateLimit\Typo3\Tests\TestCase\Typo3TestCase;

final class InstallationTest extends Typo3TestCase
{
    public function testTheNamespaceIsAShortHashOfTheProjectPath(): void
    {
        $this->initializeInstallation('/var/www/site-a');
        $a = Installation::namespace();
        self::assertMatchesRegularExpression('/^[0-9a-f]{10}$/D', $a);
        self::assertSame(substr(sha1('/var/www/site-a'), 0, 10), $a);
        $this->initializeInstallation('/var/www/site-b');
        self::assertNotSame($a, Installation::namespace());
        self::assertSame('BE.' . Installation::namespace(), Installation::loginType('BE'));
    }

    public function testAnAdminCanNameTheNamespaceSoThatCopiesOfOneSiteShareStates(): void
    {
        $GLOBALS['TYPO3_CONF_VARS']['EXTENSIONS']['login_ratelimit']['namespace'] = 'shop-live';
        self::assertSame('shop-live', Installation::namespace());
        $GLOBALS['TYPO3_CONF_VARS']['EXTENSIONS']['login_ratelimit']['namespace'] = 'not valid!';
        self::assertSame(substr(sha1($this->projectPath), 0, 10), Installation::namespace());
    }

    public function testLoginTypesTheTableCannotNameAreRefused(): void
    {
        self::assertNull(Installation::loginType(''));
        self::assertNull(Installation::loginType('B E'));
        self::assertNull(Installation::loginType(str_repeat('X', 16)));
    }

    public function testLimiterIdsFitTheTableAndStayApart(): void
    {
        $ids = [
            'backend-password-recovery',
            'extbase-vendor-myextension-controller-mycontroller-dosomethingaction',
            'extbase-vendor-myextension-controller-mycontroller-dosomethingotheraction',
            'with spaces/and:slashes',
            '',
            'x.h0123456789abcdef',
        ];
        $native = array_map(Installation::limiterId(...), $ids);
        self::assertSame(Installation::namespace() . ':backend-password-recovery', $native[0]);
        self::assertCount(count($ids), array_unique($native));
        foreach ($native as $id) {
            self::assertMatchesRegularExpression('/^[A-Za-z0-9_.:-]{1,64}$/D', $id);
        }
    }

    public function testKeysAreSymfonysWithLongOnesHashed(): void
    {
        self::assertSame('-', Installation::key(null));
        self::assertSame('-', Installation::key(''));
        self::assertSame('-192.0.2.1', Installation::key('192.0.2.1'));
        self::assertSame(1024, strlen(Installation::key(str_repeat('k', 1023))));
        $long = Installation::key(str_repeat('k', 1024));
        self::assertMatchesRegularExpression('/^#[0-9a-f]{64}$/D', $long);
        self::assertNotSame($long, Installation::key(str_repeat('k', 1025)));
    }
}
