--TEST--
Real php-fpm: four workers share one exact counter per client, BE and FE apart, resets seen by all
--SKIPIF--
<?php require __DIR__ . '/fpm.inc'; if ($reason = fpm_skip_reason()) die("skip $reason"); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require __DIR__ . '/fpm.inc';
$dir = temp_dir('fpm');
[$master, $socket] = fpm_start($dir, 'www', 4);

$attempts = fn (string $type, int $count) => array_fill(0, $count, [$socket, 'consume', ['ip' => '203.0.113.10', 'type' => $type, 'limit' => 10]]);
$answers = array_map('fpm_answer', fpm_parallel($attempts('BE', 60)));
$accepted = array_sum(array_column($answers, 'accepted'));
$pids = count(array_unique(array_column($answers, 'pid')));
echo "BE: 60 concurrent attempts, $accepted accepted, answered by more than one worker: ", var_export($pids > 1, true), "\n";
echo 'backend: ', $answers[0]['backend'], "\n";

$answers = array_map('fpm_answer', fpm_parallel($attempts('FE', 60)));
echo 'FE: 60 concurrent attempts, ', array_sum(array_column($answers, 'accepted')), " accepted\n";

// A reset handled by one worker is seen by every worker.
fpm_request($socket, 'reset', ['ip' => '203.0.113.10', 'type' => 'BE']);
$seen = [];
for ($round = 0; $round < 50 && count($seen) < 4; $round++) {
    foreach (array_map('fpm_answer', fpm_parallel(array_fill(0, 8, [$socket, 'peek', ['ip' => '203.0.113.10', 'type' => 'BE', 'limit' => 10]]))) as $answer) {
        $seen[$answer['pid']][] = (int) $answer['remaining'];
    }
}
echo count($seen), " workers after the reset, remaining: ", implode(',', array_unique(array_merge(...array_values($seen)))), "\n";
echo 'FE still spent: ', fpm_answer(fpm_request($socket, 'peek', ['ip' => '203.0.113.10', 'type' => 'FE']))['remaining'], "\n";
fpm_stop($master);
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECT--
BE: 60 concurrent attempts, 10 accepted, answered by more than one worker: true
backend: shared-anonymous
FE: 60 concurrent attempts, 10 accepted
4 workers after the reset, remaining: 10
FE still spent: 0
