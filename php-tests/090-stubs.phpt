--TEST--
stubs/login_ratelimit.php declares exactly what the extension does, and documents every class and method
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require __DIR__ . '/describe-api.inc';

$stubFile = dirname(__DIR__) . '/stubs/login_ratelimit.php';
$extension = describe_api((new ReflectionExtension('login_ratelimit'))->getClassNames());

// The stubs are loaded in a PHP process without the extension, as an IDE or PHPStan reads them.
$process = proc_open(
    [PHP_BINARY, '-n', '-r', sprintf(
        'require %s; require %s; echo serialize(describe_api(array_values(array_filter('
        . 'get_declared_classes(), fn ($c) => (new ReflectionClass($c))->getFileName() === %s))));',
        var_export(__DIR__ . '/describe-api.inc', true),
        var_export($stubFile, true),
        var_export($stubFile, true),
    )],
    [1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
    $pipes,
);
$out = stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
proc_close($process);
check($err === '', "the stubs load without the extension: $err");
$stubs = unserialize($out);

echo count($extension), " classes\n";
$differences = api_differences($extension, $stubs);
echo $differences === [] ? "stubs match the extension\n" : implode("\n", $differences) . "\n";

foreach ($stubs as $class => $description) {
    check($description['documented'], "$class has a doc comment");
    foreach ($description['methods'] as $method => $m) {
        check($m['documented'], "$class::$method has a doc comment");
    }
}
?>
--EXPECT--
5 classes
stubs match the extension
