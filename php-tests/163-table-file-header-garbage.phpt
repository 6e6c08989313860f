--TEST--
Garbage in any field of a table file's header: one startup warning naming the file and the field, then an anonymous table that limits exactly; never a panic
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$dir = temp_dir('header-garbage');
$ini = ['login_ratelimit.shm_path' => "$dir/table", 'login_ratelimit.shm_size' => '1M', 'display_startup_errors' => 1, 'log_errors' => 0];
$probe = <<<'PHP'
<?php
$limiter = new LoginRateLimit\LoginRateLimiter();
$accepted = 0;
for ($i = 0; $i < 6; $i++) {
    $answer = $limiter->consume('192.0.2.1');
    $accepted += (int) $answer->isAccepted();
}
try {
    $answer->ensureAccepted();
    $blocked = 'not blocked';
} catch (LoginRateLimit\RateLimitExceededException $e) {
    $wait = (float) $e->getRateLimit()->getRetryAfter()->format('U.u') - microtime(true);
    $blocked = $wait > 0 && $wait <= 900 ? 'then blocked for at most 15 minutes' : "then blocked for $wait s";
}
echo LoginRateLimit\LoginRateLimiter::stats()['backend'], "; 192.0.2.1: $accepted of 6 accepted, $blocked\n";
PHP;
// A table in use: the client is blocked in it.
[$out] = run_php($probe, $ini);
echo "the table: $out";
$header = file_get_contents("$dir/table", false, null, 0, 4096);
$now = (int) (microtime(true) * 1e6);
$cases = [
    'magic' => [0, 0x4141414141414141],
    'layout_version' => [8, 99],
    'total_bytes' => [16, 2 << 20],
    'bucket_count' => [24, 5],
    'hash_key (any value is a key: the file is kept, its states are elsewhere)' => [32, 0x0123456789abcdef],
    'boot_id (not one a kernel makes)' => [48, 0x0123456789abcdef],
    'boot_id (of another boot: the clock is anchored again, the file kept)' => [48, unpack('P', $header, 48)[1] ^ 1],
    'clock_offset' => [64, -252460800000000000],
    'clock_offset (the table\'s clock past 2053-09-03)' => [64, unpack('q', $header, 64)[1] + (2650000000 * 1000000 - $now)],
    'high_water' => [72, PHP_INT_MAX],
    'high_water (a day later than the table reads)' => [72, unpack('q', $header, 64)[1] + hrtime(true) / 1000 + 86400 * 1000000],
    'evictions' => [80, -1],
    'lock_takeovers' => [88, 1 << 60],
    'created_wall' => [96, -1],
    'full_warned' => [104, -5],
    'intervals' => [112, 7],
    'calendar' => [616, 1 << 32],
];
foreach ($cases as $name => [$offset, $value]) {
    $file = fopen("$dir/table", 'r+');
    fwrite($file, $header);
    fseek($file, $offset);
    fwrite($file, pack('q', $value));
    fclose($file);
    [$out, $err] = run_php($probe, $ini);
    $lines = array_values(array_filter(array_map('trim', explode("\n", str_replace($dir, 'DIR', $out . $err)))));
    echo "$name:\n  ", implode("\n  ", preg_replace('~^Warning: PHP Startup: (.*) in Unknown on line 0$~', 'startup warning: $1', $lines)), "\n";
}
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECTF--
the table: shared-file; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
magic:
  startup warning: login_ratelimit: table file DIR/table is not a login_ratelimit table (wrong magic number); using an anonymous table instead, which processes of other masters do not share
  shared-anonymous; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
layout_version:
  startup warning: login_ratelimit: table file DIR/table has table layout version 99, this build uses 2; remove the file to start a new table; using an anonymous table instead, which processes of other masters do not share
  shared-anonymous; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
total_bytes:
  startup warning: login_ratelimit: table file DIR/table has an impossible total_bytes in its header (2097152: the file is 1048576 bytes); the file is corrupt or was not written by login_ratelimit: remove it to start a new table; using an anonymous table instead, which processes of other masters do not share
  shared-anonymous; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
bucket_count:
  startup warning: login_ratelimit: table file DIR/table has an impossible bucket_count in its header (5: 1048576 bytes hold 8160 buckets); the file is corrupt or was not written by login_ratelimit: remove it to start a new table; using an anonymous table instead, which processes of other masters do not share
  shared-anonymous; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
hash_key (any value is a key: the file is kept, its states are elsewhere):
  shared-file; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
boot_id (not one a kernel makes):
  startup warning: login_ratelimit: table file DIR/table has an impossible boot_id in its header (%x: not a random UUID as the kernel makes boot ids); the file is corrupt or was not written by login_ratelimit: remove it to start a new table; using an anonymous table instead, which processes of other masters do not share
  shared-anonymous; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
boot_id (of another boot: the clock is anchored again, the file kept):
  shared-file; 192.0.2.1: 0 of 6 accepted, then blocked for at most 15 minutes
clock_offset:
  startup warning: login_ratelimit: table file DIR/table has an impossible clock_offset in its header (-252460800000000000: no boot of up to 35 years can have anchored the table's clock in its range); the file is corrupt or was not written by login_ratelimit: remove it to start a new table; using an anonymous table instead, which processes of other masters do not share
  shared-anonymous; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
clock_offset (the table's clock past 2053-09-03):
  startup warning: login_ratelimit: table file DIR/table has a clock_offset in its header (%d) that puts the table's clock at 2053-12-%sZ, outside 2020-01-01T00:00:00Z to 2053-09-03T05:58:26Z, where it can count; remove the file to start a new table; using an anonymous table instead, which processes of other masters do not share
  shared-anonymous; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
high_water:
  startup warning: login_ratelimit: table file DIR/table has an impossible high_water in its header (9223372036854775807: the table's clock only reads from 2020-01-01T00:00:00Z to 2055-09-05T05:58:26Z); the file is corrupt or was not written by login_ratelimit: remove it to start a new table; using an anonymous table instead, which processes of other masters do not share
  shared-anonymous; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
high_water (a day later than the table reads):
  startup warning: login_ratelimit: table file DIR/table has an impossible high_water in its header (%d: the table's clock has not yet read it on this boot: it reads %sZ); the file is corrupt or was not written by login_ratelimit: remove it to start a new table; using an anonymous table instead, which processes of other masters do not share
  shared-anonymous; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
evictions:
  startup warning: login_ratelimit: table file DIR/table has an impossible evictions in its header (18446744073709551615: no table counts past 9007199254740992); the file is corrupt or was not written by login_ratelimit: remove it to start a new table; using an anonymous table instead, which processes of other masters do not share
  shared-anonymous; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
lock_takeovers:
  startup warning: login_ratelimit: table file DIR/table has an impossible lock_takeovers in its header (1152921504606846976: no table counts past 9007199254740992); the file is corrupt or was not written by login_ratelimit: remove it to start a new table; using an anonymous table instead, which processes of other masters do not share
  shared-anonymous; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
created_wall:
  startup warning: login_ratelimit: table file DIR/table has an impossible created_wall in its header (-1: a wall-clock reading is kept between the Unix epoch and year 9999); the file is corrupt or was not written by login_ratelimit: remove it to start a new table; using an anonymous table instead, which processes of other masters do not share
  shared-anonymous; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
full_warned:
  startup warning: login_ratelimit: table file DIR/table has an impossible full_warned in its header (-5: the last full-table warning is 0 or an instant of the table's clock); the file is corrupt or was not written by login_ratelimit: remove it to start a new table; using an anonymous table instead, which processes of other masters do not share
  shared-anonymous; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
intervals:
  startup warning: login_ratelimit: table file DIR/table has an impossible intervals[0] in its header (7: an interval entry is 0 or whole seconds from 1 s to 366 days); the file is corrupt or was not written by login_ratelimit: remove it to start a new table; using an anonymous table instead, which processes of other masters do not share
  shared-anonymous; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
calendar:
  startup warning: login_ratelimit: table file DIR/table has an impossible calendar in its header (0x100000000: level 0, position 0 holds 0, or a period up to 1073741823 that is 0 modulo 16 in its high 32 bits and at most 57120 states in its low 32 bits); the file is corrupt or was not written by login_ratelimit: remove it to start a new table; using an anonymous table instead, which processes of other masters do not share
  shared-anonymous; 192.0.2.1: 5 of 6 accepted, then blocked for at most 15 minutes
