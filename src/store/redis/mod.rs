//! States in Redis or Redis Cluster, shared by every server that points at it; a local store
//! answers when Redis does not.
//!
//! A decision is made in Rust by `window::Policy`, as for every store; Redis only keeps states
//! and supplies the clock. Lua cannot hold the rule: its numbers are doubles, and the exact
//! retry time needs products beyond 2^53. So a decision takes two round trips:
//!
//! 1. a script reads the key's state and `TIME` on the node that holds the key;
//! 2. the rule decides at that instant; if the state changes, a compare-and-set script stores
//!    it (with an expiry, so keys vanish once they no longer matter) only if the key still
//!    holds what was read, and otherwise answers the new state and time, so that the retry
//!    costs no extra read.
//!
//! That is exact under any concurrency: two servers deciding on one key cannot both store.
//! One round trip would need either the rule in Lua or a guess of the state and the clock
//! before reading them, and a wrong guess costs the same second trip. Calls that change
//! nothing (a client already blocked, `peek`) take one round trip.
//!
//! Keys are `<prefix><limiter>:<subject as hex>`: one key per state, so every state lives in
//! one hash slot and Redis Cluster routes each call to one master.
//!
//! Failure: any error, a timeout (the whole call waits at most `timeout`) or an answer that
//! makes no sense sends the call to the local store, drops the connection, and starts a
//! back-off during which calls go to the local store at once (`health`). One warning is
//! reported when an outage starts, one notice when Redis answers again.
//!
//! Connections are per process: opened on first use, never before PHP forks its workers, and
//! dropped unused in a forked child, whose parent keeps using them.

mod codec;
mod health;
mod link;
mod target;

use std::fmt::Write as _;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

pub use health::HealthStats;
pub use target::{redact, Target, TargetError};

use super::{Key, Namespace, StateStore, StoreStats, Update};
use crate::window::{Micros, State};
use health::{Health, Notice};
use link::{Connection, Failure, Reading, Swap};

/// Writes one line to the log (PHP's error log, in the extension).
pub type Reporter = Box<dyn Fn(&str) + Send + Sync>;

pub struct RedisStore<F> {
    target: Target,
    prefix: String,
    timeout: Duration,
    fallback: F,
    report: Reporter,
    link: Mutex<Link>,
}

/// This process's connection and what it knows of Redis's health.
struct Link {
    pid: u32,
    connection: Option<Connection>,
    health: Health,
}

/// What `stats()` adds for Redis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedisReport {
    pub backend: &'static str,
    /// Where Redis is, without any password.
    pub location: String,
    pub health: HealthStats,
}

impl<F: StateStore> RedisStore<F> {
    /// Connects to nothing yet: each process connects on its first call.
    pub fn new(
        target: Target,
        prefix: String,
        timeout: Duration,
        fallback: F,
        report: Reporter,
    ) -> Self {
        Self {
            target,
            prefix,
            timeout,
            fallback,
            report,
            link: Mutex::new(Link {
                pid: std::process::id(),
                connection: None,
                health: Health::default(),
            }),
        }
    }

    /// The local store, which answers when Redis does not.
    pub fn fallback(&self) -> &F {
        &self.fallback
    }

    pub fn into_fallback(self) -> F {
        self.fallback
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn report(&self) -> RedisReport {
        RedisReport {
            backend: self.backend(),
            location: self.target.shown().to_owned(),
            health: self.lock().health.stats(),
        }
    }

    fn backend(&self) -> &'static str {
        if self.target.is_cluster() {
            "redis-cluster"
        } else {
            "redis"
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Link> {
        let mut link = self.link.lock().unwrap_or_else(PoisonError::into_inner);
        let pid = std::process::id();
        if link.pid != pid {
            // Inherited from the parent, which still uses it: closing our copy of the socket
            // leaves the parent's connection as it is.
            link.pid = pid;
            link.connection = None;
        }
        link
    }

    /// `<prefix><login type>:<hex>` for a login limiter, `<prefix>rate/<id>:<hex>` for a keyed
    /// one: neither login types nor ids contain `/`, and the hex subject no `:`, so no two
    /// states share a key.
    ///
    /// The key's user id is left out: the web servers sharing a Redis need not run PHP under
    /// one uid, and users who can read `redis_url` can reach Redis anyway, so it would separate
    /// nobody. The local table keeps it.
    fn redis_key(&self, key: Key<'_>) -> Vec<u8> {
        let mut text = String::with_capacity(self.prefix.len() + key.limiter.len() + 6 + 2 * 64);
        text.push_str(&self.prefix);
        if key.namespace == Namespace::Keyed {
            text.push_str("rate/");
        }
        text.push_str(key.limiter);
        text.push(':');
        for byte in key.subject {
            let _ = write!(text, "{byte:02x}");
        }
        text.into_bytes()
    }

    /// Runs `work` on this process's connection within the timeout. `None` when Redis is in
    /// back-off or failed: the caller then answers from the local store.
    fn with_redis<T>(
        &self,
        work: impl FnOnce(&mut Connection, &Deadline) -> Result<T, Failure>,
    ) -> Option<T> {
        let started = Instant::now();
        let mut link = self.lock();
        if !link.health.should_ask(started) {
            link.health.answered_locally();
            return None;
        }
        let deadline = Deadline(started + self.timeout);
        let result = match link.connection.take() {
            Some(connection) => Ok(connection),
            None => deadline.left().and_then(|wait| {
                Connection::open(&self.target.topology, wait).map_err(Failure::from)
            }),
        }
        .and_then(|mut connection| {
            let answer = work(&mut connection, &deadline);
            answer.map(|answer| (answer, connection))
        });
        let notice = match result {
            Ok((answer, connection)) => {
                link.connection = Some(connection);
                let notice = link.health.succeeded();
                drop(link);
                self.tell(notice);
                return Some(answer);
            }
            Err(failure) => {
                let error = self.target.scrub(&failure.to_string());
                // One line: the client's parse errors span several.
                let error = error.split_whitespace().collect::<Vec<_>>().join(" ");
                let notice = link.health.failed(Instant::now(), error);
                link.health.answered_locally();
                notice
            }
        };
        drop(link);
        self.tell(notice);
        None
    }

    fn tell(&self, notice: Option<Notice>) {
        let line = match notice {
            None => return,
            Some(Notice::Down(error)) => format!(
                "login_ratelimit: Redis at {} failed ({error}); answering from the local table \
                 until it answers again",
                self.target.shown()
            ),
            Some(Notice::Back { local_answers }) => format!(
                "login_ratelimit: Redis at {} answers again ({local_answers} calls were answered \
                 from the local table)",
                self.target.shown()
            ),
        };
        (self.report)(&line);
    }
}

/// When a call must have its answer: the whole call waits at most the timeout.
struct Deadline(Instant);

impl Deadline {
    fn left(&self) -> Result<Duration, Failure> {
        self.0
            .checked_duration_since(Instant::now())
            .filter(|left| !left.is_zero())
            .ok_or(Failure::Timeout)
    }
}

/// One decision on Redis: read, decide, compare-and-set, and again on conflict.
fn decide(
    connection: &mut Connection,
    deadline: &Deadline,
    key: &[u8],
    measure: &mut dyn FnMut(Option<State>, Micros) -> Update,
) -> Result<(), Failure> {
    connection.limit_wait(deadline.left()?)?;
    let mut reading = connection.read(key)?;
    loop {
        let Reading { raw, at } = reading;
        // A value that is not a state (written by something else) counts as none, and is
        // replaced if the decision stores one.
        let state = raw
            .as_deref()
            .and_then(codec::decode)
            .filter(|state| state.expires > at);
        let Update::Put(new) = measure(state, at) else {
            return Ok(());
        };
        let encoded = codec::encode(&new);
        if raw.as_deref() == Some(encoded.as_bytes()) {
            return Ok(());
        }
        // Rounded up, so the key outlives the state; Redis's clock is the one `at` came from.
        let ttl_ms = (new.expires - at + 999) / 1000;
        connection.limit_wait(deadline.left()?)?;
        match connection.compare_and_set(key, raw.as_deref(), encoded.as_bytes(), ttl_ms.max(1))? {
            Swap::Done => return Ok(()),
            Swap::Conflict(fresh) => reading = fresh,
        }
    }
}

impl<F: StateStore> StateStore for RedisStore<F> {
    fn measure_and_replace(
        &self,
        key: Key<'_>,
        now: Micros,
        measure: &mut dyn FnMut(Option<State>, Micros) -> Update,
    ) {
        let redis_key = self.redis_key(key);
        let decided = self.with_redis(|connection, deadline| {
            decide(connection, deadline, &redis_key, &mut *measure)
        });
        if decided.is_none() {
            self.fallback.measure_and_replace(key, now, measure);
        }
    }

    fn remove(&self, key: Key<'_>, now: Micros) {
        let redis_key = self.redis_key(key);
        let removed = self.with_redis(|connection, deadline| {
            connection.limit_wait(deadline.left()?)?;
            connection.delete(&redis_key)
        });
        if removed.is_none() {
            self.fallback.remove(key, now);
        }
    }

    /// The local store's figures, under Redis's name and location.
    fn stats(&self, now: Micros) -> StoreStats {
        let local = self.fallback.stats(now);
        StoreStats {
            backend: self.backend(),
            location: format!(
                "{}; local fallback: {}, {}",
                self.target.shown(),
                local.backend,
                local.location
            ),
            ..local
        }
    }
}

#[cfg(test)]
#[path = "redis_tests.rs"]
mod tests;
