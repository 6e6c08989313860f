//! The Redis store against real `redis-server` processes (Debian's `redis-server`, installed
//! by `scripts/bootstrap.sh test`), each started on a free loopback port in a temporary
//! directory and stopped by the test.

use super::*;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex as StdMutex};
use std::thread;

use crate::clock::ManualClock;
use crate::config::{ConfigValue, LimiterConfig};
use crate::limiter::{Engine, Limiter, RateLimit};
use crate::store::memory::MemoryStore;
use crate::store::shm::{SharedTable, MIN_BYTES};
use crate::window::MICROS_PER_SECOND;

const T0: Micros = 1_800_000_000 * MICROS_PER_SECOND;

struct Server {
    child: Option<Child>,
    port: u16,
    dir: PathBuf,
}

impl Server {
    fn start() -> Self {
        Self::start_on(free_port())
    }

    fn start_on(port: u16) -> Self {
        let dir = std::env::temp_dir().join(format!("lrl-redis-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let child = Command::new("redis-server")
            .args([
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
            ])
            .args(["--appendonly", "no", "--dir"])
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server must be installed: scripts/bootstrap.sh test");
        let server = Self {
            child: Some(child),
            port,
            dir,
        };
        for _ in 0..500 {
            if let Ok(mut connection) = server.connection() {
                if redis::cmd("PING").query::<String>(&mut connection).is_ok() {
                    return server;
                }
            }
            thread::sleep(Duration::from_millis(10));
        }
        panic!("redis-server did not start on port {port}");
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    fn connection(&self) -> redis::RedisResult<redis::Connection> {
        redis::Client::open(self.url())?.get_connection_with_timeout(Duration::from_secs(1))
    }

    /// How many times Redis ran each command (`INFO commandstats`), by lower-case name.
    fn command_calls(&self) -> std::collections::HashMap<String, u64> {
        let info: String = redis::cmd("INFO")
            .arg("commandstats")
            .query(&mut self.connection().unwrap())
            .unwrap();
        info.lines()
            .filter_map(|line| {
                let (name, rest) = line.strip_prefix("cmdstat_")?.split_once(':')?;
                let calls = rest
                    .strip_prefix("calls=")?
                    .split(',')
                    .next()?
                    .parse()
                    .ok()?;
                Some((name.to_owned(), calls))
            })
            .collect()
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

type Lines = Arc<StdMutex<Vec<String>>>;

fn store_at<F: StateStore>(url: &str, timeout_ms: u64, fallback: F) -> (RedisStore<F>, Lines) {
    let lines = Lines::default();
    let sink = lines.clone();
    let store = RedisStore::new(
        Target::parse(url).unwrap().unwrap(),
        "lrl-test:".to_owned(),
        Duration::from_millis(timeout_ms),
        fallback,
        Box::new(move |line| sink.lock().unwrap().push(line.to_owned())),
    );
    (store, lines)
}

fn limiter(limit: i64, interval: &str) -> Limiter {
    let config = LimiterConfig::new(
        "BE",
        ConfigValue::Int(limit),
        ConfigValue::Text(interval),
        ConfigValue::Missing,
    )
    .unwrap();
    Limiter::new(config)
}

/// Passes calls through, and keeps the instant each decision was made at.
struct Recording<'a> {
    inner: &'a dyn StateStore,
    last_at: StdMutex<Option<Micros>>,
}

impl StateStore for Recording<'_> {
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
        self.inner.measure_and_replace_planned(
            key,
            now,
            &mut |state, at| {
                *self.last_at.lock().unwrap() = Some(at);
                measure(state, at)
            },
            plan,
        );
    }

    fn remove(&self, key: Key<'_>, now: Micros) {
        self.inner.remove(key, now);
    }

    fn stats(&self, now: Micros) -> StoreStats {
        self.inner.stats(now)
    }
}

/// A small deterministic generator, so that a failing schedule can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn same_answers_as_the_shared_table_for_the_same_schedule() {
    let server = Server::start();
    // Two servers on one Redis, taking turns at random: each one's guess of a key's value is
    // often right (it made the last change) and often stale (the other did), so decisions
    // go both ways, sent ahead and read first.
    let (redis, lines) = store_at(&server.url(), 1000, local());
    let (other, other_lines) = store_at(&server.url(), 1000, local());
    let recordings = [&redis, &other].map(|inner| Recording {
        inner,
        last_at: StdMutex::new(None),
    });
    // The limiter's own clock stands still: every answer from Redis is relative to its TIME.
    let local_clock = ManualClock::new(T0);
    let on_redis = recordings.each_ref().map(|recording| Engine {
        store: recording,
        clock: &local_clock,
        ipv6_prefix: 64,
        user: 0,
    });
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    let table_clock = ManualClock::new(0);
    let on_table = Engine {
        store: &table,
        clock: &table_clock,
        ipv6_prefix: 64,
        user: 0,
    };
    // A one-second window, so that real time rolls windows and weighs previous ones.
    let l = limiter(4, "1 second");
    let clients: [&[u8]; 3] = [b"10.0.0.1", b"10.0.0.2", b"2001:db8::1"];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut compared, mut rejected, mut weighed) = (0, 0, 0);
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(2500) {
        let client = clients[rng.below(3) as usize];
        let server = usize::from(rng.below(3) == 0);
        let action = rng.below(12);
        let tokens = 1 + rng.below(2) as i64;
        let answer = |engine: &Engine<'_>| match action {
            1 | 2 => l.peek(engine, client).unwrap(),
            _ => l.consume(engine, client, tokens).unwrap(),
        };
        if action == 0 {
            l.reset(&on_redis[server], client).unwrap();
            l.reset(&on_table, client).unwrap();
            continue;
        }
        let redis_answer: RateLimit = answer(&on_redis[server]);
        let at = recordings[server]
            .last_at
            .lock()
            .unwrap()
            .take()
            .expect("decided on Redis");
        table_clock.set(at);
        let table_answer = answer(&on_table);
        assert_eq!(
            (
                redis_answer.accepted,
                redis_answer.remaining,
                redis_answer.first_rejection
            ),
            (
                table_answer.accepted,
                table_answer.remaining,
                table_answer.first_rejection
            ),
            "at {at}"
        );
        assert_eq!(
            redis_answer.retry_after - T0,
            table_answer.retry_after - at,
            "at {at}"
        );
        compared += 1;
        rejected += usize::from(!redis_answer.accepted);
        // Accepted while the previous window still weighs: neither all nor no tokens left.
        weighed += usize::from(redis_answer.accepted && redis_answer.remaining < Some(3));
        thread::sleep(Duration::from_millis(rng.below(25)));
    }
    assert!(
        compared > 50 && rejected > 5 && weighed > 5,
        "{compared} {rejected} {weighed}"
    );
    for lines in [lines, other_lines] {
        assert!(
            lines.lock().unwrap().is_empty(),
            "{:?}",
            lines.lock().unwrap()
        );
    }
    assert!(redis.report().health.available && other.report().health.available);
    // Both ways were taken: changes sent ahead or after a read (scripts), and reads.
    let calls = server.command_calls();
    assert!(calls["evalsha"] > 50 && calls["exec"] > 20, "{calls:?}");
}

#[test]
fn a_server_deciding_alone_takes_one_round_trip_per_call() {
    let server = Server::start();
    let (store, lines) = store_at(&server.url(), 1000, local());
    let clock = ManualClock::new(T0);
    let engine = Engine {
        store: &store,
        clock: &clock,
        ipv6_prefix: 64,
        user: 0,
    };
    let l = limiter(5, "15 minutes");
    let clients: Vec<String> = (0..20).map(|i| format!("198.51.100.{i}")).collect();
    let mut answers = Vec::new();
    for _ in 0..10 {
        for client in &clients {
            answers.push(l.consume(&engine, client.as_bytes(), 1).unwrap());
        }
    }
    assert_eq!(answers.iter().filter(|a| a.accepted).count(), 100);
    assert_eq!(answers.iter().filter(|a| a.first_rejection).count(), 20);
    // Per client: five accepted attempts and the first rejection change the state, each one
    // script sent ahead (the first one's window starting at the script's instant); the four
    // further rejections change nothing and read. One round trip each, the first script
    // sent again by its text once (Redis did not have it yet).
    let calls = server.command_calls();
    assert_eq!(
        (calls["evalsha"], calls.get("eval"), calls["exec"]),
        (120, Some(&1), 80),
        "{calls:?}"
    );
    assert!(lines.lock().unwrap().is_empty());
}

#[test]
fn servers_sharing_one_redis_count_exactly() {
    let server = Server::start();
    let l = Arc::new(limiter(25, "1 hour"));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            // One store per thread: a web server of its own, with its own connection.
            let (store, lines) = store_at(&server.url(), 2000, local());
            let l = l.clone();
            thread::spawn(move || {
                let clock = ManualClock::new(T0);
                let engine = Engine {
                    store: &store,
                    clock: &clock,
                    ipv6_prefix: 64,
                    user: 0,
                };
                let accepted = (0..100)
                    .filter(|_| l.consume(&engine, b"192.0.2.7", 1).unwrap().accepted)
                    .count();
                assert!(lines.lock().unwrap().is_empty());
                accepted
            })
        })
        .collect();
    let accepted: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(accepted, 25);
}

#[test]
fn one_key_per_state_that_expires_by_itself() {
    let server = Server::start();
    let (store, _) = store_at(&server.url(), 1000, local());
    let clock = ManualClock::new(T0);
    let engine = Engine {
        store: &store,
        clock: &clock,
        ipv6_prefix: 64,
        user: 0,
    };
    let l = limiter(5, "1 minute");
    let mut redis = server.connection().unwrap();
    let time = |redis: &mut redis::Connection| {
        let (seconds, micros): (i64, i64) = redis::cmd("TIME").query(redis).unwrap();
        seconds * MICROS_PER_SECOND + micros
    };
    let before = time(&mut redis);
    l.consume(&engine, b"192.0.2.1", 2).unwrap();
    let after = time(&mut redis);
    let key = "lrl-test:BE:04c0000201";
    let value: String = redis::cmd("GET").arg(key).query(&mut redis).unwrap();
    let state = codec::decode(value.as_bytes()).unwrap();
    assert_eq!(
        (state.prev, state.cur, state.blocking, state.reported),
        (0, 2, false, false)
    );
    // A new window, written by the script at its own instant: it ends two intervals later.
    let started = state.expires - 120 * MICROS_PER_SECOND;
    assert!(
        (before..=after).contains(&started),
        "{before} {started} {after}"
    );
    let ttl: i64 = redis::cmd("PTTL").arg(key).query(&mut redis).unwrap();
    assert!((119_000..=120_000).contains(&ttl), "{ttl}");
    let keys: Vec<String> = redis::cmd("KEYS").arg("*").query(&mut redis).unwrap();
    assert_eq!(keys, [key]);
    l.reset(&engine, b"192.0.2.1").unwrap();
    let keys: Vec<String> = redis::cmd("KEYS").arg("*").query(&mut redis).unwrap();
    assert!(keys.is_empty());
}

#[test]
fn scripts_are_reloaded_and_foreign_values_replaced() {
    let server = Server::start();
    let (store, lines) = store_at(&server.url(), 1000, local());
    let clock = ManualClock::new(T0);
    let engine = Engine {
        store: &store,
        clock: &clock,
        ipv6_prefix: 64,
        user: 0,
    };
    let l = limiter(3, "1 minute");
    assert_eq!(
        l.consume(&engine, b"192.0.2.1", 1).unwrap().remaining,
        Some(2)
    );
    let mut redis = server.connection().unwrap();
    let _: () = redis::cmd("SCRIPT").arg("FLUSH").query(&mut redis).unwrap();
    assert_eq!(
        l.consume(&engine, b"192.0.2.1", 1).unwrap().remaining,
        Some(1)
    );
    let _: () = redis::cmd("SET")
        .arg("lrl-test:BE:04c0000201")
        .arg("not a state")
        .query(&mut redis)
        .unwrap();
    assert_eq!(
        l.consume(&engine, b"192.0.2.1", 1).unwrap().remaining,
        Some(2)
    );
    assert!(lines.lock().unwrap().is_empty());
    assert_eq!(store.report().health.errors, 0);
}

#[test]
fn an_outage_is_answered_locally_with_one_warning_and_ends_by_itself() {
    let mut server = Server::start();
    let port = server.port;
    let url = format!("redis://:s3cret@127.0.0.1:{port}/0");
    let _: () = redis::cmd("CONFIG")
        .arg("SET")
        .arg("requirepass")
        .arg("s3cret")
        .query(&mut server.connection().unwrap())
        .unwrap();
    let (store, lines) = store_at(&url, 100, local());
    let clock = ManualClock::new(T0);
    let engine = Engine {
        store: &store,
        clock: &clock,
        ipv6_prefix: 64,
        user: 0,
    };
    let l = limiter(1000, "1 hour");
    assert_eq!(
        l.consume(&engine, b"192.0.2.1", 1).unwrap().remaining,
        Some(999)
    );
    server.stop();
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    while started.elapsed() < Duration::from_millis(600) {
        let call = Instant::now();
        assert!(l.consume(&engine, b"192.0.2.1", 1).unwrap().accepted);
        slowest = slowest.max(call.elapsed());
        thread::sleep(Duration::from_millis(5));
    }
    assert!(slowest < Duration::from_millis(100 + 400), "{slowest:?}");
    let report = store.report();
    assert!(!report.health.available);
    assert!(report.health.errors >= 2, "probed again after the back-off");
    assert!(report.health.fallback_answers > report.health.errors);
    assert_eq!(report.location, format!("redis://:***@127.0.0.1:{port}/0"));
    {
        let lines = lines.lock().unwrap();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].contains("failed") && lines[0].contains(":***@"),
            "{}",
            lines[0]
        );
        assert!(!lines[0].contains("s3cret"));
    }
    // Back on the same port (empty: redis-server keeps nothing here), with the password.
    let server = Server::start_on(port);
    let _: () = redis::cmd("CONFIG")
        .arg("SET")
        .arg("requirepass")
        .arg("s3cret")
        .query(&mut server.connection().unwrap())
        .unwrap();
    let back = Instant::now();
    while !store.report().health.available {
        assert!(
            back.elapsed() < Duration::from_secs(5),
            "Redis not used again: {:?}",
            store.report()
        );
        l.consume(&engine, b"192.0.2.9", 1).unwrap();
        thread::sleep(Duration::from_millis(20));
    }
    let lines = lines.lock().unwrap();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[1].contains("answers again"), "{}", lines[1]);
    let mut redis = server.connection().unwrap();
    let _: () = redis::cmd("AUTH").arg("s3cret").query(&mut redis).unwrap();
    let keys: Vec<String> = redis::cmd("KEYS").arg("*").query(&mut redis).unwrap();
    assert_eq!(keys, ["lrl-test:BE:04c0000209"]);
}

#[test]
fn a_listener_that_never_answers_costs_at_most_the_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "redis://127.0.0.1:{}/0",
        listener.local_addr().unwrap().port()
    );
    // Accepts and keeps every connection, and never writes a byte.
    let held: Arc<StdMutex<Vec<TcpStream>>> = Arc::default();
    let holder = held.clone();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            holder.lock().unwrap().push(stream);
        }
    });
    let (store, lines) = store_at(&url, 50, local());
    let clock = ManualClock::new(T0);
    let engine = Engine {
        store: &store,
        clock: &clock,
        ipv6_prefix: 64,
        user: 0,
    };
    let l = limiter(3, "1 hour");
    let mut answers = Vec::new();
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    for _ in 0..5 {
        let call = Instant::now();
        answers.push(l.consume(&engine, b"192.0.2.1", 1).unwrap().accepted);
        slowest = slowest.max(call.elapsed());
    }
    assert_eq!(answers, [true, true, true, false, false], "counted locally");
    assert!(slowest >= Duration::from_millis(50), "waited for the reply");
    assert!(slowest < Duration::from_millis(50 + 400), "{slowest:?}");
    assert!(started.elapsed() < Duration::from_millis(50 + 800));
    assert!(!held.lock().unwrap().is_empty());
    assert_eq!(lines.lock().unwrap().len(), 1);
    assert_eq!(store.report().health.errors, 1);
    let error = store.report().health.last_error.unwrap();
    assert_eq!(error, "no answer within the timeout");
}

#[test]
fn an_answer_that_is_not_redis_is_a_failure() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "redis://127.0.0.1:{}/0",
        listener.local_addr().unwrap().port()
    );
    thread::spawn(move || {
        use std::io::{Read, Write};
        for mut stream in listener.incoming().flatten() {
            let mut buffer = [0; 512];
            while let Ok(n) = stream.read(&mut buffer) {
                if n == 0
                    || stream
                        .write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n")
                        .is_err()
                {
                    break;
                }
            }
        }
    });
    let (store, lines) = store_at(&url, 200, local());
    let clock = ManualClock::new(T0);
    let engine = Engine {
        store: &store,
        clock: &clock,
        ipv6_prefix: 64,
        user: 0,
    };
    let l = limiter(3, "1 hour");
    assert_eq!(
        l.consume(&engine, b"192.0.2.1", 1).unwrap().remaining,
        Some(2)
    );
    assert_eq!(lines.lock().unwrap().len(), 1);
    assert_eq!(store.report().health.fallback_answers, 1);
}

#[test]
fn keys_name_the_limiter_and_the_subject_in_hex() {
    let (store, _) = store_at("redis://127.0.0.1:1", 50, local());
    let key = |namespace, limiter, subject| {
        String::from_utf8(store.redis_key(Key {
            user: 33,
            namespace,
            limiter,
            subject,
            interval: MICROS_PER_SECOND,
        }))
        .unwrap()
    };
    assert_eq!(
        key(Namespace::Login, "BE", &[4, 192, 0, 2, 1]),
        "lrl-test:BE:04c0000201"
    );
    assert_eq!(
        key(Namespace::Keyed, "BE", b"a:b"),
        "lrl-test:rate/BE:613a62"
    );
    assert_eq!(key(Namespace::Keyed, "x:y", b""), "lrl-test:rate/x:y:");
}

/// The local store a Redis store answers from when Redis does not.
fn local() -> MemoryStore {
    MemoryStore::new(MIN_BYTES).unwrap()
}
