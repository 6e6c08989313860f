--TEST--
RateLimiter: a final class limiting any string key, with the same decisions and exact retry times as LoginRateLimiter
--INI--
login_ratelimit.test_clock=1
--FILE--
<?php
use LoginRateLimit\{LoginRateLimiter, RateLimit, RateLimiter, RateLimitExceededException, TestClock};

$class = new ReflectionClass(RateLimiter::class);
var_dump($class->isFinal());
foreach (['__construct', 'consume', 'peek', 'reset', 'getId', 'getLimit', 'getInterval'] as $name) {
    $method = $class->getMethod($name);
    $params = array_map(
        fn ($p) => $p->getType() . ' $' . $p->getName() . ($p->isDefaultValueAvailable() ? ' = ' . var_export($p->getDefaultValue(), true) : ''),
        $method->getParameters()
    );
    echo $name, '(', implode(', ', $params), ')', $method->hasReturnType() ? ': ' . $method->getReturnType() : '', "\n";
}

$default = new RateLimiter('password-recovery', 3);
var_dump($default->getId(), $default->getLimit(), $default->getInterval());
var_dump((new RateLimiter('extbase:Vendor.Ext-action_1', 65535, '1h 30m'))->getInterval());

TestClock::set(1800000000.0);
$keyed = new RateLimiter('retry-times', 5, '15 minutes');
$login = new LoginRateLimiter(['loginRateLimit' => 5, 'loginRateLimitInterval' => '15 minutes'], 'retry-times');
for ($i = 0; $i < 5; $i++) {
    $limit = $keyed->consume('jane@example.com');
    check_same($limit, $login->consume('198.51.100.1'));
    TestClock::advance(1);
}
var_dump(get_class($limit), $limit->isAccepted(), $limit->getRemainingTokens(), $limit->getLimit());
$rejected = $keyed->consume('jane@example.com');
check_same($rejected, $login->consume('198.51.100.1'));
var_dump($rejected->isAccepted());
echo $rejected->getRetryAfter()->format('Y-m-d\TH:i:s.uP'), "\n";
$at = (float) $rejected->getRetryAfter()->format('U.u');
TestClock::set($at - 0.000001);
var_dump($keyed->peek('jane@example.com')->isAccepted(), $keyed->consume('jane@example.com')->isAccepted());
TestClock::set($at);
var_dump($keyed->peek('jane@example.com')->isAccepted(), $keyed->consume('jane@example.com')->isAccepted());

// Several tokens at once, peek stores nothing, reset forgets.
$tokens = new RateLimiter('tokens', 4, '100 seconds');
var_dump($tokens->consume('user:7', 3)->getRemainingTokens(), $tokens->peek('user:7')->getRemainingTokens());
var_dump($tokens->consume('user:7', 2)->isAccepted(), $tokens->consume('user:7')->getRemainingTokens());
try {
    $line = __LINE__ + 1;
    $tokens->consume('user:7')->ensureAccepted();
} catch (RateLimitExceededException $e) {
    var_dump($e->getCode(), $e->getLine() === $line, $e->getRateLimit()->getLimit());
}
$tokens->reset('user:7');
var_dump($tokens->peek('user:7')->getRemainingTokens());
// A reset of a key nobody used is fine.
$tokens->reset('nobody@example.com');

// Every limiter with the same id shares its states.
(new RateLimiter('shared', 2, '1 minute'))->consume('k');
var_dump((new RateLimiter('shared', 2, '1 minute'))->consume('k')->getRemainingTokens());

function check_same(RateLimit $keyed, RateLimit $login): void
{
    if ([$keyed->isAccepted(), $keyed->getRemainingTokens(), $keyed->getLimit(), $keyed->getRetryAfter()]
        != [$login->isAccepted(), $login->getRemainingTokens(), $login->getLimit(), $login->getRetryAfter()]) {
        echo "FAILED: the keyed limiter and the login limiter differ\n";
    }
}
?>
--EXPECT--
bool(true)
__construct(string $id, int $limit, string $interval = '15 minutes')
consume(string $key, int $tokens = 1): LoginRateLimit\RateLimit
peek(string $key): LoginRateLimit\RateLimit
reset(string $key): void
getId(): string
getLimit(): int
getInterval(): int
string(17) "password-recovery"
int(3)
int(900)
int(5400)
string(24) "LoginRateLimit\RateLimit"
bool(true)
int(0)
int(5)
bool(false)
2027-01-15T08:15:00.000001+00:00
bool(false)
bool(false)
bool(true)
bool(true)
int(1)
int(1)
bool(false)
int(0)
int(429)
bool(true)
int(4)
int(4)
int(0)
