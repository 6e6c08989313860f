--TEST--
RateLimitExceededException is a normal exception class: PHP code makes it with new and extends it
--FILE--
<?php
use LoginRateLimit\{RateLimit, RateLimiter, RateLimitExceededException};

$class = new ReflectionClass(RateLimitExceededException::class);
var_dump($class->isFinal(), $class->isInstantiable(), $class->getParentClass()->getName());
foreach (['__construct', 'getRateLimit'] as $name) {
    $method = $class->getMethod($name);
    $params = array_map(
        fn ($p) => $p->getType() . ' $' . $p->getName() . ($p->isDefaultValueAvailable() ? ' = ' . var_export($p->getDefaultValue(), true) : ''),
        $method->getParameters()
    );
    echo $name, '(', implode(', ', $params), ')', $method->hasReturnType() ? ': ' . $method->getReturnType() : '', "\n";
}

echo "-- new, as \\Exception takes it\n";
$previous = new LogicException('cause');
$line = __LINE__ + 1;
$e = new RateLimitExceededException('Too many attempts', 429, $previous);
var_dump($e instanceof RuntimeException, $e->getMessage(), $e->getCode(), $e->getPrevious() === $previous);
var_dump($e->getFile() === __FILE__, $e->getLine() === $line, $e->getTrace(), $e->getRateLimit());
$e = new RateLimitExceededException();
var_dump($e->getMessage(), $e->getCode(), $e->getPrevious());
var_dump((new RateLimitExceededException("bytes \xff\x00 kept"))->getMessage() === "bytes \xff\x00 kept");
try {
    new RateLimitExceededException('x', 0, new stdClass());
} catch (TypeError $e) {
    echo "TypeError for a previous that is not Throwable\n";
}

echo "-- thrown from a function: its trace starts there\n";
function fail(): never
{
    $GLOBALS['newAt'] = __LINE__ + 1;
    throw new RateLimitExceededException('from a function');
}
try {
    fail();
} catch (RateLimitExceededException $e) {
    echo $e->getMessage(), ' at line ', $e->getLine() === $newAt ? 'of the new' : $e->getLine(), ', trace: ', $e->getTrace()[0]['function'], "\n";
}

echo "-- a subclass with its own constructor\n";
final class RecoveryLimitExceeded extends RateLimitExceededException
{
    public function __construct(public readonly string $email, ?Throwable $previous = null)
    {
        parent::__construct("Too many recovery requests for $email", 4291, $previous);
    }

    public function describe(): string
    {
        return static::class . ': ' . $this->getMessage();
    }
}
function make(): RecoveryLimitExceeded
{
    $GLOBALS['newAt'] = __LINE__ + 1;
    return new RecoveryLimitExceeded('jane@example.com');
}
$e = make();
echo get_class($e), "\n", $e->email, "\n", $e->describe(), "\n";
var_dump($e instanceof RateLimitExceededException, $e->getCode());
// Where the new is, as PHP would say: not inside the constructors.
var_dump($e->getLine() === $newAt, $e->getTrace()[0]['function'], $e->getRateLimit());
try {
    throw $e;
} catch (RateLimitExceededException $caught) {
    var_dump($caught === $e);
}

echo "-- a subclass without a constructor, and one with its own default message\n";
class PlainSubclass extends RateLimitExceededException {}
$e = new PlainSubclass('plain', 7);
echo get_class($e), ' ', $e->getMessage(), "\n";
var_dump($e->getCode(), $e->getRateLimit());
class WithDefault extends RateLimitExceededException
{
    protected $message = 'default message';
    protected $code = 42;
}
$e = new WithDefault();
var_dump($e->getMessage(), $e->getCode());

echo "-- ensureAccepted() still throws it with its RateLimit, code 429, at the caller\n";
$limiter = new RateLimiter('exception-from-php', 1, '1 minute');
$limiter->consume('k');
try {
    $line = __LINE__ + 1;
    $limiter->consume('k')->ensureAccepted();
} catch (RateLimitExceededException $e) {
    echo get_class($e), "\n";
    var_dump($e->getCode(), $e->getLine() === $line, $e->getFile() === __FILE__);
    var_dump($e->getRateLimit() instanceof RateLimit, $e->getRateLimit()->isAccepted(), $e->getTrace()[0]['function']);
}
?>
--EXPECT--
bool(false)
bool(true)
string(16) "RuntimeException"
__construct(string $message = '', int $code = 0, ?Throwable $previous = NULL)
getRateLimit(): ?LoginRateLimit\RateLimit
-- new, as \Exception takes it
bool(true)
string(17) "Too many attempts"
int(429)
bool(true)
bool(true)
bool(true)
array(0) {
}
NULL
string(0) ""
int(0)
NULL
bool(true)
TypeError for a previous that is not Throwable
-- thrown from a function: its trace starts there
from a function at line of the new, trace: fail
-- a subclass with its own constructor
RecoveryLimitExceeded
jane@example.com
RecoveryLimitExceeded: Too many recovery requests for jane@example.com
bool(true)
int(4291)
bool(true)
string(4) "make"
NULL
bool(true)
-- a subclass without a constructor, and one with its own default message
PlainSubclass plain
int(7)
NULL
string(15) "default message"
int(42)
-- ensureAccepted() still throws it with its RateLimit, code 429, at the caller
LoginRateLimit\RateLimitExceededException
int(429)
bool(true)
bool(true)
bool(true)
bool(false)
string(14) "ensureAccepted"
