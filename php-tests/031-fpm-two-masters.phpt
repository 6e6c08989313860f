--TEST--
Real php-fpm: two masters (two sites) share one file-backed table through login_ratelimit.shm_path
--SKIPIF--
<?php require __DIR__ . '/fpm.inc'; if ($reason = fpm_skip_reason()) die("skip $reason"); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require __DIR__ . '/fpm.inc';
$dir = temp_dir('fpm2');
$ini = ['login_ratelimit.shm_path' => "$dir/table", 'login_ratelimit.shm_size' => '4M'];
[$one, $socketOne] = fpm_start($dir, 'one', 2, $ini);
[$two, $socketTwo] = fpm_start($dir, 'two', 2, $ini);
$requests = [];
for ($i = 0; $i < 50; $i++) {
    $requests[] = [$i % 2 ? $socketOne : $socketTwo, 'consume', ['ip' => '2001:db8:1:2::' . dechex($i), 'limit' => 7]];
}
$answers = array_map('fpm_answer', fpm_parallel($requests));
$byMaster = [0, 0];
foreach ($answers as $i => $answer) {
    $byMaster[$i % 2] += $answer['accepted'];
}
// Were the table not shared, each master would accept 7.
printf("50 attempts through two masters: %d accepted, backend %s\n", array_sum($byMaster), $answers[0]['backend']);
fpm_request($socketOne, 'reset', ['ip' => '2001:db8:1:2::1']);
echo 'after a reset through one: the other sees ', fpm_answer(fpm_request($socketTwo, 'peek', ['ip' => '2001:db8:1:2::ffff', 'limit' => 7]))['remaining'], " left\n";
fpm_stop($one);
fpm_stop($two);
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECT--
50 attempts through two masters: 7 accepted, backend shared-file
after a reset through one: the other sees 7 left
