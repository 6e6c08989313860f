//! The connection to Redis (one server, or every master of a cluster) and the requests a
//! decision makes: a read of a state and the clock, and the one script that changes a state.

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use redis::cluster::{ClusterClient, ClusterConnection};
use redis::{RedisError, Script, Value};

use super::resp::{Decimal, Reply};
use super::single::Single;
use super::target::Topology;
use crate::window::Micros;

/// Applies a change to a key only if it holds what the change expects and Redis's clock reads
/// an instant of the change's span; answers that instant (an integer) if it did, else what
/// the key holds and the instant (`[value or nil, instant]`), so that a refused change costs
/// no extra round trip to read them.
///
/// KEYS[1] the key; ARGV[1] the value expected ('' for none); ARGV[2], ARGV[3] the span
/// (`-inf`, `inf` for any instant; one that holds no instant for a read); ARGV[4] the value
/// to store ('' to store nothing), ARGV[5] its expiry in milliseconds, and ARGV[6] if not
/// '': an offset, the value then being the instant plus the offset, in decimal, followed by
/// ARGV[4] (a state whose window starts at the instant: `codec`).
///
/// Instants are microseconds. Lua's numbers are doubles, exact for integers below 2^53
/// (microseconds until the year 2255): the store sends only spans and offsets below it, and
/// Lua only compares, adds and prints them. No rule of the limiter is here: what to store,
/// and for which span of instants it is right, is decided in Rust (`window`).
const APPLY: &str = "\
local t = redis.call('TIME')
local now = t[1] * 1000000 + t[2]
local current = redis.call('GET', KEYS[1])
if (current or '') ~= ARGV[1] or now < tonumber(ARGV[2]) or now > tonumber(ARGV[3]) then
    return {current, now}
end
if ARGV[4] ~= '' then
    local value = ARGV[4]
    if ARGV[6] ~= '' then
        value = string.format('%d', now + ARGV[6]) .. value
    end
    redis.call('SET', KEYS[1], value, 'PX', ARGV[5])
end
return now";

static APPLY_HASH: LazyLock<String> = LazyLock::new(|| Script::new(APPLY).get_hash().to_owned());

/// The largest integer Lua's doubles hold exactly.
pub const LUA_EXACT: Micros = (1 << 53) - 1;

/// A key's raw value (if any) and Redis's clock in microseconds.
#[derive(Debug, PartialEq, Eq)]
pub struct Reading {
    pub raw: Option<Vec<u8>>,
    pub at: Micros,
}

/// A change to a key, for `Connection::apply`.
pub struct Change<'a> {
    /// What the key must hold (`None`: nothing).
    pub expected: Option<&'a [u8]>,
    /// The instants of Redis's clock at which the change is right.
    pub span: Span,
    pub write: Write<'a>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    Any,
    Between(Micros, Micros),
}

pub enum Write<'a> {
    /// This value, expiring after so many milliseconds.
    Value { value: &'a [u8], ttl_ms: i64 },
    /// The instant plus `offset`, in decimal, followed by `rest`.
    FromNow {
        offset: Micros,
        rest: &'a [u8],
        ttl_ms: i64,
    },
}

/// What `apply` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Applied {
    /// Stored, at this instant.
    Done(Micros),
    /// Refused: the key holds something else, or the clock is outside the span.
    Seen(Reading),
}

pub enum Connection {
    Single(Single),
    Cluster(Box<ClusterConnection>),
}

impl Connection {
    /// Connects within the deadline (to each node, for a cluster).
    pub fn open(
        topology: &Topology,
        timeout: Duration,
        deadline: &Deadline,
    ) -> Result<Self, Failure> {
        match topology {
            Topology::Single(info) => Ok(Self::Single(Single::open(info, timeout, deadline)?)),
            Topology::Cluster(nodes) => {
                let wait = deadline.left()?;
                // The client's default retries wait seconds; a redirection needs one retry at
                // once, and anything slower is better answered locally.
                let client = ClusterClient::builder(nodes.clone())
                    .connection_timeout(wait)
                    .response_timeout(wait)
                    .retries(2)
                    .min_retry_wait(1)
                    .max_retry_wait(5)
                    .build()?;
                Ok(Self::Cluster(Box::new(client.get_connection()?)))
            }
        }
    }

    /// The key's value and Redis's clock. On one server a transaction of `GET` and `TIME`,
    /// which Redis runs without a script (cheaper than one); on a cluster the script, which
    /// the cluster routes by its key, told to change nothing.
    pub fn read(&mut self, deadline: &Deadline, key: &[u8]) -> Result<Reading, Failure> {
        let Self::Single(single) = self else {
            let never = Change {
                expected: None,
                span: Span::Between(1, 0),
                write: Write::Value {
                    value: b"",
                    ttl_ms: 1,
                },
            };
            return match self.apply(deadline, key, &never)? {
                Applied::Seen(reading) => Ok(reading),
                Applied::Done(_) => Err(Failure::Reply("a read that changed a state")),
            };
        };
        let mut replies = single
            .round_trip(
                deadline,
                &[&[b"MULTI"], &[b"GET", key], &[b"TIME"], &[b"EXEC"]],
            )?
            .into_iter();
        for _ in 0..3 {
            match replies.next() {
                Some(Reply::Status) => {}
                Some(Reply::Error(error)) => return Err(Failure::Server(error)),
                _ => return Err(Failure::Reply("not a transaction's answer")),
            }
        }
        match replies.next() {
            Some(Reply::Array(Some(parts))) => match <[Reply; 2]>::try_from(parts) {
                Ok([value, time]) => Ok(Reading {
                    raw: raw(value)?,
                    at: time_of(time)?,
                }),
                Err(_) => Err(Failure::Reply("not a state and a time")),
            },
            Some(Reply::Error(error)) => Err(Failure::Server(error)),
            _ => Err(Failure::Reply("not a state and a time")),
        }
    }

    /// Runs `APPLY`.
    pub fn apply(
        &mut self,
        deadline: &Deadline,
        key: &[u8],
        change: &Change<'_>,
    ) -> Result<Applied, Failure> {
        let span = match change.span {
            Span::Any => None,
            Span::Between(lo, hi) => Some((Decimal::of(lo), Decimal::of(hi))),
        };
        let (lo, hi): (&[u8], &[u8]) = match &span {
            None => (b"-inf", b"inf"),
            Some((lo, hi)) => (lo.as_bytes(), hi.as_bytes()),
        };
        let (value, ttl, offset) = match change.write {
            Write::Value { value, ttl_ms } => (value, ttl_ms, None),
            Write::FromNow {
                offset,
                rest,
                ttl_ms,
            } => (rest, ttl_ms, Some(Decimal::of(offset))),
        };
        let ttl = Decimal::of(ttl);
        let args: [&[u8]; 6] = [
            change.expected.unwrap_or_default(),
            lo,
            hi,
            value,
            ttl.as_bytes(),
            offset.as_ref().map_or(&[][..], Decimal::as_bytes),
        ];
        match self.script(deadline, key, &args)? {
            Reply::Int(at) if at > 0 => Ok(Applied::Done(at)),
            Reply::Array(Some(parts)) => match <[Reply; 2]>::try_from(parts) {
                Ok([value, Reply::Int(at)]) if at > 0 => Ok(Applied::Seen(Reading {
                    raw: raw(value)?,
                    at,
                })),
                _ => Err(Failure::Reply("not a state and a time")),
            },
            _ => Err(Failure::Reply("not what the script answers")),
        }
    }

    pub fn delete(&mut self, deadline: &Deadline, key: &[u8]) -> Result<(), Failure> {
        let reply = match self {
            Self::Single(single) => single
                .round_trip(deadline, &[&[b"DEL", key]])?
                .pop()
                .ok_or(Failure::Reply("no answer"))?,
            Self::Cluster(cluster) => {
                limit_wait(cluster, deadline)?;
                reply(
                    redis::cmd("DEL")
                        .arg(key)
                        .query::<Value>(cluster.as_mut())?,
                )?
            }
        };
        match reply {
            Reply::Int(_) => Ok(()),
            Reply::Error(error) => Err(Failure::Server(error)),
            _ => Err(Failure::Reply("not a count of keys")),
        }
    }

    /// Runs `APPLY` by its hash, and by its text when Redis does not have it (after a restart,
    /// or on a node first asked).
    fn script(
        &mut self,
        deadline: &Deadline,
        key: &[u8],
        args: &[&[u8]],
    ) -> Result<Reply, Failure> {
        let run = |connection: &mut Self, how: &str, script: &str| -> Result<Reply, Failure> {
            let mut command: Vec<&[u8]> = Vec::with_capacity(4 + args.len());
            command.extend([how.as_bytes(), script.as_bytes(), b"1", key]);
            command.extend_from_slice(args);
            match connection {
                Self::Single(single) => single
                    .round_trip(deadline, &[&command])?
                    .pop()
                    .ok_or(Failure::Reply("no answer")),
                Self::Cluster(cluster) => {
                    limit_wait(cluster, deadline)?;
                    let mut cmd = redis::cmd(how);
                    for part in &command[1..] {
                        cmd.arg(*part);
                    }
                    match cmd.query::<Value>(cluster.as_mut()) {
                        Ok(value) => reply(value),
                        Err(error) if error.code() == Some("NOSCRIPT") => {
                            Ok(Reply::Error(format!("NOSCRIPT {error}")))
                        }
                        Err(error) => Err(error.into()),
                    }
                }
            }
        };
        match run(self, "EVALSHA", &APPLY_HASH)? {
            Reply::Error(error) if error.starts_with("NOSCRIPT") => {
                match run(self, "EVAL", APPLY)? {
                    Reply::Error(error) => Err(Failure::Server(error)),
                    reply => Ok(reply),
                }
            }
            Reply::Error(error) => Err(Failure::Server(error)),
            reply => Ok(reply),
        }
    }
}

/// Bounds the cluster client's waits for each write and reply from now on (it sets them on
/// every node's connection).
fn limit_wait(cluster: &mut ClusterConnection, deadline: &Deadline) -> Result<(), Failure> {
    let wait = deadline.left()?;
    cluster.set_read_timeout(Some(wait))?;
    cluster.set_write_timeout(Some(wait))?;
    Ok(())
}

/// The cluster client's reply as ours.
fn reply(value: Value) -> Result<Reply, Failure> {
    Ok(match value {
        Value::Nil => Reply::Bulk(None),
        Value::Int(n) => Reply::Int(n),
        Value::BulkString(bytes) => Reply::Bulk(Some(bytes)),
        Value::Array(values) => Reply::Array(Some(
            values.into_iter().map(reply).collect::<Result<_, _>>()?,
        )),
        Value::SimpleString(_) | Value::Okay => Reply::Status,
        Value::ServerError(error) => Reply::Error(RedisError::from(error).to_string()),
        _ => return Err(Failure::Reply("a reply of a type the store never asks for")),
    })
}

/// When a call must have its answer: the whole call waits at most the timeout.
pub struct Deadline(Instant);

impl Deadline {
    pub fn new(started: Instant, timeout: Duration) -> Self {
        Self(started + timeout)
    }

    /// What is left of it; a timeout failure when nothing is.
    pub fn left(&self) -> Result<Duration, Failure> {
        self.0
            .checked_duration_since(Instant::now())
            .filter(|left| !left.is_zero())
            .ok_or(Failure::Timeout)
    }
}

/// Why Redis did not give an answer.
#[derive(Debug)]
pub enum Failure {
    /// Connecting, writing or reading failed.
    Io(std::io::Error),
    /// Redis answered with an error (its text).
    Server(String),
    /// The cluster client failed.
    Redis(RedisError),
    /// An answer that is not what the store asked for.
    Reply(&'static str),
    Timeout,
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        match error.kind() {
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => Self::Timeout,
            _ => Self::Io(error),
        }
    }
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
            Self::Io(error) => write!(f, "{error}"),
            Self::Server(error) => f.write_str(error),
            Self::Redis(error) => write!(f, "{error}"),
            Self::Reply(what) => write!(f, "unexpected answer: {what}"),
            Self::Timeout => f.write_str("no answer within the timeout"),
        }
    }
}

/// A value: a string or nothing.
fn raw(reply: Reply) -> Result<Option<Vec<u8>>, Failure> {
    match reply {
        Reply::Bulk(value) => Ok(value),
        Reply::Error(error) => Err(Failure::Server(error)),
        _ => Err(Failure::Reply("a state that is not a string")),
    }
}

/// `TIME`'s `[seconds, microseconds]` as microseconds.
fn time_of(reply: Reply) -> Result<Micros, Failure> {
    let bad = Failure::Reply("TIME is not seconds and microseconds");
    let Reply::Array(Some(parts)) = reply else {
        return Err(bad);
    };
    let number = |part: &Reply| match part {
        Reply::Bulk(Some(bytes)) => std::str::from_utf8(bytes).ok()?.parse::<i64>().ok(),
        _ => None,
    };
    let [seconds, micros] = parts.as_slice() else {
        return Err(bad);
    };
    let (Some(seconds), Some(micros)) = (number(seconds), number(micros)) else {
        return Err(bad);
    };
    if !(0..1_000_000).contains(&micros) {
        return Err(bad);
    }
    seconds
        .checked_mul(1_000_000)
        .and_then(|s| s.checked_add(micros))
        .filter(|&at| at > 0)
        .ok_or(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bulk(text: &str) -> Reply {
        Reply::Bulk(Some(text.as_bytes().to_vec()))
    }

    fn time(seconds: &str, micros: &str) -> Reply {
        Reply::Array(Some(vec![bulk(seconds), bulk(micros)]))
    }

    #[test]
    fn time_is_seconds_and_microseconds() {
        assert_eq!(
            time_of(time("1800000000", "123456")).unwrap(),
            1_800_000_000_123_456
        );
        for bad in [
            time("1800000000", "1000000"),
            time("x", "1"),
            time("0", "0"),
            Reply::Array(Some(vec![bulk("1")])),
            Reply::Int(1),
            Reply::Array(Some(vec![Reply::Int(1), Reply::Int(2)])),
        ] {
            assert!(matches!(time_of(bad), Err(Failure::Reply(_))));
        }
    }

    #[test]
    fn a_state_is_a_string_or_nothing() {
        assert_eq!(raw(bulk("1:2:3:0")).unwrap(), Some(b"1:2:3:0".to_vec()));
        assert_eq!(raw(Reply::Bulk(None)).unwrap(), None);
        assert!(matches!(raw(Reply::Int(1)), Err(Failure::Reply(_))));
        assert!(matches!(
            raw(Reply::Error("WRONGTYPE".into())),
            Err(Failure::Server(_))
        ));
    }

    #[test]
    fn the_cluster_clients_replies_read_as_ours() {
        let value = Value::Array(vec![Value::Nil, Value::Int(7)]);
        assert_eq!(
            reply(value).unwrap(),
            Reply::Array(Some(vec![Reply::Bulk(None), Reply::Int(7)]))
        );
        assert_eq!(reply(Value::Okay).unwrap(), Reply::Status);
    }
}
