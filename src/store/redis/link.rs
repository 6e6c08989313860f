//! The connection to Redis (one server, or every master of a cluster) and the two scripts a
//! decision uses.

use std::sync::LazyLock;
use std::time::Duration;

use redis::cluster::{ClusterClient, ClusterConnection};
use redis::{Client, Cmd, RedisError, RedisResult, Script, Value};

use super::target::Topology;

/// Reads a state and Redis's clock on the node that holds the key, so that every client of
/// that key decides on the same clock, in a cluster too.
const READ: &str = "return {redis.call('GET', KEYS[1]), redis.call('TIME')}";

/// Stores ARGV[2] for ARGV[3] milliseconds if the state is still ARGV[1] ('' for none), and
/// answers 1; else answers what READ would, so that a conflict costs no extra round trip.
const COMPARE_AND_SET: &str = "\
local current = redis.call('GET', KEYS[1])
if (current or '') == ARGV[1] then
    redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
    return 1
end
return {current, redis.call('TIME')}";

static READ_HASH: LazyLock<String> = LazyLock::new(|| Script::new(READ).get_hash().to_owned());
static COMPARE_AND_SET_HASH: LazyLock<String> =
    LazyLock::new(|| Script::new(COMPARE_AND_SET).get_hash().to_owned());

/// A key's raw state (if any) and Redis's clock in microseconds.
pub struct Reading {
    pub raw: Option<Vec<u8>>,
    pub at: i64,
}

pub enum Swap {
    Done,
    Conflict(Reading),
}

pub enum Connection {
    Single(redis::Connection),
    Cluster(Box<ClusterConnection>),
}

impl Connection {
    /// Connects within `timeout` (to each node, for a cluster).
    pub fn open(topology: &Topology, timeout: Duration) -> RedisResult<Self> {
        match topology {
            Topology::Single(info) => Ok(Self::Single(
                Client::open(info.as_ref().clone())?.get_connection_with_timeout(timeout)?,
            )),
            Topology::Cluster(nodes) => {
                // The client's default retries wait seconds; a redirection needs one retry at
                // once, and anything slower is better answered locally.
                let client = ClusterClient::builder(nodes.clone())
                    .connection_timeout(timeout)
                    .response_timeout(timeout)
                    .retries(2)
                    .min_retry_wait(1)
                    .max_retry_wait(5)
                    .build()?;
                Ok(Self::Cluster(Box::new(client.get_connection()?)))
            }
        }
    }

    /// Bounds the wait for each write and reply from now on.
    pub fn limit_wait(&mut self, wait: Duration) -> RedisResult<()> {
        match self {
            Self::Single(connection) => {
                connection.set_read_timeout(Some(wait))?;
                connection.set_write_timeout(Some(wait))
            }
            Self::Cluster(connection) => {
                connection.set_read_timeout(Some(wait))?;
                connection.set_write_timeout(Some(wait))
            }
        }
    }

    pub fn read(&mut self, key: &[u8]) -> Result<Reading, Failure> {
        let reply = self.eval((READ, &READ_HASH), key, &[])?;
        reading(reply)
    }

    pub fn compare_and_set(
        &mut self,
        key: &[u8],
        expected: Option<&[u8]>,
        new: &[u8],
        ttl_ms: i64,
    ) -> Result<Swap, Failure> {
        let ttl = ttl_ms.to_string();
        let reply = self.eval(
            (COMPARE_AND_SET, &COMPARE_AND_SET_HASH),
            key,
            &[expected.unwrap_or_default(), new, ttl.as_bytes()],
        )?;
        match reply {
            Value::Int(1) => Ok(Swap::Done),
            other => reading(other).map(Swap::Conflict),
        }
    }

    pub fn delete(&mut self, key: &[u8]) -> Result<(), Failure> {
        self.query(redis::cmd("DEL").arg(key))?;
        Ok(())
    }

    /// Runs a script by its hash, and by its text when Redis does not have it (after a
    /// restart, or on a node first asked).
    fn eval(
        &mut self,
        (source, hash): (&str, &str),
        key: &[u8],
        args: &[&[u8]],
    ) -> Result<Value, Failure> {
        let mut command = redis::cmd("EVALSHA");
        command.arg(hash).arg(1).arg(key).arg(args);
        match self.query(&command) {
            Err(Failure::Redis(error)) if error.code() == Some("NOSCRIPT") => {
                let mut command = redis::cmd("EVAL");
                command.arg(source).arg(1).arg(key).arg(args);
                self.query(&command)
            }
            other => other,
        }
    }

    fn query(&mut self, command: &Cmd) -> Result<Value, Failure> {
        let value = match self {
            Self::Single(connection) => command.query::<Value>(connection),
            Self::Cluster(connection) => command.query::<Value>(connection.as_mut()),
        }?;
        match value {
            Value::ServerError(error) => Err(Failure::Redis(error.into())),
            value => Ok(value),
        }
    }
}

/// Why Redis did not give an answer.
#[derive(Debug)]
pub enum Failure {
    Redis(RedisError),
    /// An answer that is not what the scripts return.
    Reply(&'static str),
    Timeout,
}

impl From<RedisError> for Failure {
    fn from(error: RedisError) -> Self {
        // A socket timeout otherwise reads as "Resource temporarily unavailable" (EAGAIN).
        if error.is_timeout() {
            Self::Timeout
        } else {
            Self::Redis(error)
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Redis(error) => write!(f, "{error}"),
            Self::Reply(what) => write!(f, "unexpected answer: {what}"),
            Self::Timeout => f.write_str("no answer within the timeout"),
        }
    }
}

/// `[state or nil, [seconds, microseconds]]`.
fn reading(reply: Value) -> Result<Reading, Failure> {
    let Value::Array(mut parts) = reply else {
        return Err(Failure::Reply("not a state and a time"));
    };
    if parts.len() != 2 {
        return Err(Failure::Reply("not a state and a time"));
    }
    let time = parts.pop().expect("two parts");
    let raw = match parts.pop().expect("two parts") {
        Value::Nil => None,
        Value::BulkString(bytes) => Some(bytes),
        _ => return Err(Failure::Reply("a state that is not a string")),
    };
    Ok(Reading {
        raw,
        at: micros(time).ok_or(Failure::Reply("TIME is not seconds and microseconds"))?,
    })
}

fn micros(time: Value) -> Option<i64> {
    let Value::Array(parts) = time else {
        return None;
    };
    let [seconds, micros] = parts.as_slice() else {
        return None;
    };
    let number = |value: &Value| match value {
        Value::BulkString(bytes) => std::str::from_utf8(bytes).ok()?.parse::<i64>().ok(),
        Value::Int(n) => Some(*n),
        _ => None,
    };
    let (seconds, micros) = (number(seconds)?, number(micros)?);
    if !(0..1_000_000).contains(&micros) {
        return None;
    }
    seconds.checked_mul(1_000_000)?.checked_add(micros)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bulk(text: &str) -> Value {
        Value::BulkString(text.as_bytes().to_vec())
    }

    #[test]
    fn a_reading_is_a_state_and_redis_time() {
        let time = Value::Array(vec![bulk("1800000000"), bulk("123456")]);
        let read = reading(Value::Array(vec![bulk("1:2:3:0"), time.clone()])).unwrap();
        assert_eq!(
            (read.raw.as_deref(), read.at),
            (Some(&b"1:2:3:0"[..]), 1_800_000_000_123_456)
        );
        let read = reading(Value::Array(vec![Value::Nil, time])).unwrap();
        assert_eq!(read.raw, None);
    }

    #[test]
    fn other_answers_are_failures() {
        for reply in [
            Value::Okay,
            Value::Int(0),
            Value::Array(vec![Value::Nil]),
            Value::Array(vec![
                Value::Int(1),
                Value::Array(vec![bulk("1"), bulk("2")]),
            ]),
            Value::Array(vec![
                Value::Nil,
                Value::Array(vec![bulk("1"), bulk("1000000")]),
            ]),
            Value::Array(vec![Value::Nil, Value::Array(vec![bulk("x"), bulk("1")])]),
            Value::Array(vec![Value::Nil, bulk("1")]),
        ] {
            assert!(matches!(reading(reply), Err(Failure::Reply(_))));
        }
    }
}
