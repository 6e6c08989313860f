--TEST--
The exclude list gives TYPO3's cmpIP() answer for each of 628 well-formed lists
--FILE--
<?php
$data = json_decode(file_get_contents(__DIR__ . '/../testdata/typo3-cmpip-cases.json'), true);
$wrong = 0;
foreach (array_merge($data['cases'], $data['project_rules']) as [$client, $list, $expected]) {
    $limiter = new LoginRateLimit\LoginRateLimiter(['loginRateLimitIpExcludeList' => $list]);
    if ($limiter->isExcluded($client) !== $expected) {
        echo "wrong: $client in '$list'\n";
        $wrong++;
    }
}
printf("%d cases, %d wrong\n", count($data['cases']) + count($data['project_rules']), $wrong);
?>
--EXPECT--
631 cases, 0 wrong
