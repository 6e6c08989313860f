//! States in Redis or Redis Cluster, shared by every server that points at it; a local store
//! answers when Redis does not.
//!
//! A decision is made in Rust by `window::Policy`, as for every store; Redis only keeps states
//! and supplies the clock (`TIME`, so that servers with skewed clocks agree). Lua cannot hold
//! the rule: its numbers are doubles, and the exact retry time needs products beyond 2^53.
//!
//! Most calls take one round trip, and every call is exact under any concurrency:
//!
//! 1. This process remembers what it last saw of each key (`memory`): most often the key is
//!    new (a client's first attempt), or this process made the key's last change. The rule
//!    says what a decision on that value would store at every instant of a span of Redis's
//!    clock around where it expects the script to run (`Policy::consume_throughout`: one state,
//!    or one whose window starts at the instant). If that changes the state, the change is
//!    sent at once, with the value it expects (`link::APPLY`): the script stores it only if
//!    the key still holds that value and `TIME` reads an instant of the span, so what it
//!    stores is exactly what the rule stores at that instant on that state, and answers the
//!    instant, at which the rule then gives the answer (remaining tokens, retry time).
//! 2. Otherwise (nothing to change, or a guess the script refused) the call reads the key and
//!    `TIME` in one transaction (or the script's refusal carries them), decides at that
//!    instant, and if the state changes sends a compare-and-set (the same script, for any
//!    instant), which stores only if the key still holds what was read and otherwise answers
//!    what it holds and the time, to decide again.
//!
//! Two servers deciding on one key cannot both store: each change is conditional on the value
//! it was decided on. Step 2 decides at the instant it read, which may precede the store by the
//! round trip, as the shared table's decisions precede their compare-and-swap; step 1 decides
//! at the very instant of the store. A call that changes nothing (a client already locked out,
//! `peek`) takes one round trip; one whose guess was wrong takes two, as without the guess.
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
//! dropped unused in a forked child, whose parent keeps using them. One server is spoken to
//! directly (`single`, `resp`); a cluster through the client crate, which follows its
//! redirections.

mod codec;
mod health;
mod link;
mod memory;
mod resp;
mod single;
mod target;

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

pub use health::HealthStats;
pub use target::{redact, Target, TargetError};

use super::shm::fork_generation;
use super::{Key, Namespace, Plan, StateStore, StoreStats, Update};
use crate::window::{Effect, Micros, State};
use health::{Health, Notice};
use link::{Applied, Change, Connection, Deadline, Failure, Reading, Span, Write, LUA_EXACT};
use memory::Memory;

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

/// This process's connection, what it last saw in Redis, and what it knows of Redis's health.
struct Link {
    owner: Owner,
    connection: Option<Connection>,
    memory: Memory,
    health: Health,
}

/// The process a connection belongs to: counted forks (`fork_generation`, which saves a
/// `getpid` system call per call), or the process id where forks cannot be counted.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Owner(u64, u32);

impl Owner {
    fn current() -> Self {
        match fork_generation() {
            0 => Self(0, std::process::id()),
            generation => Self(generation, 0),
        }
    }
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
            // Made at module start, before PHP forks: from here on a child knows it is one.
            link: Mutex::new(Link {
                owner: Owner::current(),
                connection: None,
                memory: Memory::default(),
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
        let owner = Owner::current();
        if link.owner != owner {
            // Inherited from the parent, which still uses it: closing our copy of the socket
            // leaves the parent's connection as it is. What the parent saw stays a fair guess.
            link.owner = owner;
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
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut text =
            Vec::with_capacity(self.prefix.len() + key.limiter.len() + 6 + 2 * key.subject.len());
        text.extend_from_slice(self.prefix.as_bytes());
        if key.namespace == Namespace::Keyed {
            text.extend_from_slice(b"rate/");
        }
        text.extend_from_slice(key.limiter.as_bytes());
        text.push(b':');
        for byte in key.subject {
            text.extend([HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 15)]]);
        }
        text
    }

    /// Runs `work` on this process's connection within the timeout. `None` when Redis is in
    /// back-off or failed: the caller then answers from the local store.
    fn with_redis<T>(
        &self,
        work: impl FnOnce(&mut Connection, &mut Memory, &Deadline) -> Result<T, Failure>,
    ) -> Option<T> {
        let started = Instant::now();
        let mut link = self.lock();
        if !link.health.should_ask(started) {
            link.health.answered_locally();
            return None;
        }
        let deadline = Deadline::new(started, self.timeout);
        let link = &mut *link;
        let result = match link.connection.take() {
            Some(connection) => Ok(connection),
            None => Connection::open(&self.target.topology, self.timeout, &deadline),
        }
        .and_then(|mut connection| {
            let answer = work(&mut connection, &mut link.memory, &deadline);
            answer.map(|answer| (answer, connection))
        });
        let notice = match result {
            Ok((answer, connection)) => {
                link.connection = Some(connection);
                let notice = link.health.succeeded();
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

/// Spans of Redis's clock a change is planned for, as (before, after) the instant the script
/// is expected to run, tried in turn until the rule has one effect over one. The expected
/// instant is the last `TIME` seen moved on by this server's steady clock, which the script's
/// `TIME` exceeds by about half a round trip, unless a clock jumped or the key lives on a
/// cluster node whose clock differs; before any `TIME` is seen, this server's wall clock. The
/// wide span absorbs those; the narrower ones serve short windows, which roll (or whose
/// weighted count drops) within the wide one. A script that runs outside its span changes
/// nothing and answers what the key holds: it costs a second round trip, never a wrong state.
const SPANS: [(Micros, Micros); 3] = [(1_000_000, 1_000_000), (10_000, 10_000), (1_000, 2_000)];

/// A change decided on the value this process last saw, to send before reading.
struct Ahead {
    /// The state decided on, as the rule sees it anywhere in the span.
    state: Option<State>,
    effect: Effect,
    lo: Micros,
    hi: Micros,
    /// What the script writes: a whole value, or what follows the instant of a fresh window.
    value: Vec<u8>,
    /// The instant plus this is where the value starts, for a fresh window.
    offset: Option<Micros>,
    ttl_ms: i64,
}

impl Ahead {
    fn change<'a>(&'a self, expected: Option<&'a [u8]>) -> Change<'a> {
        let write = match self.offset {
            Some(offset) => Write::FromNow {
                offset,
                rest: &self.value,
                ttl_ms: self.ttl_ms,
            },
            None => Write::Value {
                value: &self.value,
                ttl_ms: self.ttl_ms,
            },
        };
        Change {
            expected,
            span: Span::Between(self.lo, self.hi),
            write,
        }
    }
}

/// The change the rule makes to `guess` throughout a span, if there is one that changes it.
fn ahead(guess: Option<&[u8]>, expected: Micros, plan: Plan<'_>) -> Option<Ahead> {
    let state = match guess {
        Some(raw) => Some(codec::decode(raw)?),
        None => None,
    };
    SPANS.iter().find_map(|&(before, after)| {
        let (lo, hi) = (expected.checked_sub(before)?, expected.checked_add(after)?);
        if lo <= 0 || hi > LUA_EXACT {
            return None;
        }
        // The store gives the rule a state that has expired as none: it must be one or the
        // other throughout the span.
        let alive = state.filter(|s| s.expires > hi);
        if state.is_some_and(|s| s.expires > lo) != alive.is_some() {
            return None;
        }
        let effect = plan(alive, lo, hi)?;
        let (value, offset, ttl_ms) = match effect {
            // Nothing to send ahead: reading costs Redis less than the script.
            Effect::Keep => return None,
            Effect::Put(new) => {
                let value = codec::encode(&new);
                if guess == Some(value.as_slice()) {
                    return None;
                }
                // From the span's start, which the script's instant cannot precede.
                (value, None, ttl_ms(new.expires, lo))
            }
            Effect::PutFromNow(new) => {
                if hi.checked_add(new.expires)? > LUA_EXACT || new.expires <= 0 {
                    return None;
                }
                let rest = codec::encode_after_expires(&new);
                (rest, Some(new.expires), ttl_ms(new.expires, 0))
            }
        };
        Some(Ahead {
            state: alive,
            effect,
            lo,
            hi,
            value,
            offset,
            ttl_ms,
        })
    })
}

/// Milliseconds from `at` to `expires`, rounded up so that the key outlives the state.
fn ttl_ms(expires: Micros, at: Micros) -> i64 {
    ((expires - at + 999) / 1000).max(1)
}

/// One decision on Redis: sent ahead on what this process last saw, else read, decide,
/// compare-and-set, and again on conflict.
fn decide(
    connection: &mut Connection,
    memory: &mut Memory,
    deadline: &Deadline,
    key: &[u8],
    measure: &mut dyn FnMut(Option<State>, Micros) -> Update,
    plan: Plan<'_>,
) -> Result<(), Failure> {
    let guess = memory.value(key).map(<[u8]>::to_vec);
    let planned = ahead(guess.as_deref(), memory.redis_now(), plan);
    let first = match &planned {
        Some(ahead) => connection.apply(deadline, key, &ahead.change(guess.as_deref()))?,
        None => Applied::Seen(connection.read(deadline, key)?),
    };
    let mut reading = match (first, planned) {
        (Applied::Done(at), Some(ahead)) => {
            memory.saw_time(at);
            // The script ran at `at`, within the span: the rule's answer at that instant, on the
            // state it was planned for, stores what was stored.
            let update = measure(ahead.state, at);
            let stored = ahead.effect.at(at);
            if cfg!(any(test, debug_assertions)) {
                assert!((ahead.lo..=ahead.hi).contains(&at));
                assert_eq!(update, stored.map_or(Update::Keep, Update::Put));
            }
            memory.saw(key, stored.map(|s| codec::encode(&s)).as_deref());
            return Ok(());
        }
        (Applied::Seen(reading), _) => reading,
        (Applied::Done(_), None) => return Err(Failure::Reply("a read that changed a state")),
    };
    loop {
        let Reading { raw, at } = reading;
        memory.saw_time(at);
        // A value that is not a state (written by something else) counts as none, and is
        // replaced if the decision stores one.
        let state = raw
            .as_deref()
            .and_then(codec::decode)
            .filter(|state| state.expires > at);
        let Update::Put(new) = measure(state, at) else {
            memory.saw(key, raw.as_deref());
            return Ok(());
        };
        let encoded = codec::encode(&new);
        if raw.as_deref() == Some(encoded.as_slice()) {
            memory.saw(key, raw.as_deref());
            return Ok(());
        }
        let change = Change {
            expected: raw.as_deref(),
            span: Span::Any,
            // Rounded up from the instant decided at, which the store cannot precede.
            write: Write::Value {
                value: &encoded,
                ttl_ms: ttl_ms(new.expires, at),
            },
        };
        match connection.apply(deadline, key, &change)? {
            Applied::Done(at) => {
                memory.saw_time(at);
                memory.saw(key, Some(&encoded));
                return Ok(());
            }
            Applied::Seen(fresh) => reading = fresh,
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
        self.measure_and_replace_planned(key, now, measure, &|_, _, _| None);
    }

    fn measure_and_replace_planned(
        &self,
        key: Key<'_>,
        now: Micros,
        measure: &mut dyn FnMut(Option<State>, Micros) -> Update,
        plan: Plan<'_>,
    ) {
        let redis_key = self.redis_key(key);
        let decided = self.with_redis(|connection, memory, deadline| {
            decide(
                connection,
                memory,
                deadline,
                &redis_key,
                &mut *measure,
                plan,
            )
        });
        if decided.is_none() {
            self.fallback.measure_and_replace(key, now, measure);
        }
    }

    fn remove(&self, key: Key<'_>, now: Micros) {
        let redis_key = self.redis_key(key);
        let removed = self.with_redis(|connection, memory, deadline| {
            connection.delete(deadline, &redis_key)?;
            memory.saw(&redis_key, None);
            Ok(())
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
