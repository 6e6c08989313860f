//! The pure core, without PHP: `cargo bench --no-default-features` (or `make bench`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use login_ratelimit::client::{client_key, parse_client};
use login_ratelimit::exclude::ExcludeList;
use login_ratelimit::store::shm::SharedTable;
use login_ratelimit::store::user::effective_uid;
use login_ratelimit::store::{Key, Namespace, StateStore, Update};
use login_ratelimit::window::{Micros, Policy};

const T0: Micros = 1_800_000_000_000_000;
const POLICY: Policy = Policy {
    limit: 5,
    interval: 900_000_000,
};

fn consume(table: &SharedTable, subject: &[u8], now: Micros) -> bool {
    let mut accepted = false;
    table.measure_and_replace(
        Key {
            // As every PHP call does: the cached effective user id.
            user: effective_uid(),
            namespace: Namespace::Login,
            limiter: "BE",
            subject,
            interval: POLICY.interval,
        },
        now,
        &mut |state, now| {
            let decision = POLICY.consume(state, now, 1);
            accepted = decision.accepted;
            decision.store.map_or(Update::Keep, Update::Put)
        },
    );
    accepted
}

fn subjects(count: u32) -> Vec<[u8; 5]> {
    (0..count).map(subject).collect()
}

/// A client's key bytes, as an IPv4 client's.
fn subject(i: u32) -> [u8; 5] {
    let [a, b, c, d] = i.to_be_bytes();
    [4, a, b, c, d]
}

fn window(c: &mut Criterion) {
    let state = POLICY.consume(None, T0, 1).store;
    c.bench_function("window/consume", |b| {
        b.iter(|| POLICY.consume(black_box(state), black_box(T0 + 1_000), 1))
    });
}

fn addresses(c: &mut Criterion) {
    c.bench_function("client/parse ipv4", |b| {
        b.iter(|| parse_client(black_box(b"203.0.113.195")))
    });
    c.bench_function("client/parse ipv6 and key", |b| {
        b.iter(|| {
            client_key(
                parse_client(black_box(b"2001:db8:85a3::8a2e:370:7334")).unwrap(),
                64,
            )
        })
    });
    let list = ExcludeList::parse("10.0.0.0/8, 172.16.0.0/12, 192.168.*, 127.0.0.1, ::1, 2001:db8::/32, 198.51.100.*, 203.0.113.0/24, *.*.*.255, fe80::/10").unwrap();
    let client = parse_client(b"198.18.0.1").unwrap();
    c.bench_function("exclude/10 entries, no match", |b| {
        b.iter(|| list.matches(black_box(client)))
    });
}

fn table(c: &mut Criterion) {
    c.bench_function("store/effective user id, cached", |b| b.iter(effective_uid));
    c.bench_function("store/effective user id, system call", |b| {
        b.iter(rustix::process::geteuid)
    });
    let table = SharedTable::anonymous(16 << 20).unwrap();
    let clients = subjects(1000);
    for subject in &clients {
        consume(&table, subject, T0);
    }
    let mut i = 0;
    c.bench_function("table/consume, 1000 known clients", |b| {
        b.iter(|| {
            i = (i + 1) % clients.len();
            consume(&table, &clients[i], T0 + 1)
        })
    });
    let mut next = 1_000_000u32;
    c.bench_function("table/insert a new client", |b| {
        b.iter(|| {
            next = next.wrapping_add(1);
            consume(&table, &next.to_be_bytes(), T0 + 2)
        })
    });
    for threads in [1usize, 2] {
        c.bench_function(
            &format!("table/consume, {threads} thread(s), disjoint clients (per op)"),
            |b| b.iter_custom(|iters| per_op(&table, threads, iters, false)),
        );
        c.bench_function(
            &format!("table/consume, {threads} thread(s), one client (per op)"),
            |b| b.iter_custom(|iters| per_op(&table, threads, iters, true)),
        );
    }
}

/// Consume on a default-sized table filled to 10 % and 90 % of its capacity with distinct
/// clients: for a client it holds, and for a new one. New clients are removed again and
/// clients a full bucket lost are replaced (untimed), so that the load stays where it is.
fn load(c: &mut Criterion) {
    const MANY: Policy = Policy {
        limit: 65_535,
        interval: 900_000_000,
    };
    let attempt = |table: &SharedTable, subject: &[u8], now: Micros| {
        let key = Key {
            user: 0,
            namespace: Namespace::Login,
            limiter: "BE",
            subject,
            interval: MANY.interval,
        };
        table.measure_and_replace(key, now, &mut |state, now| {
            MANY.consume(state, now, 1)
                .store
                .map_or(Update::Keep, Update::Put)
        });
    };
    for percent in [10u64, 90] {
        let table = SharedTable::anonymous(16 << 20).unwrap();
        let filled = (table.capacity() * percent / 100) as u32;
        for i in 0..filled {
            attempt(&table, &subject(i), T0);
        }
        let target = table.stats(T0).entries;
        let mut filler = 1u32 << 30;
        let mut top_up = |table: &SharedTable| loop {
            let entries = table.stats(T0 + 2).entries;
            if entries >= target {
                break;
            }
            for _ in entries..target {
                attempt(table, &subject(filler), T0);
                filler += 1;
            }
        };
        // The clients the table still holds (a table that lost some keeps the rest).
        let held: Vec<[u8; 5]> = (0..filled)
            .map(subject)
            .filter(|s| {
                let mut found = false;
                let key = Key {
                    user: 0,
                    namespace: Namespace::Login,
                    limiter: "BE",
                    subject: s,
                    interval: MANY.interval,
                };
                table.measure_and_replace(key, T0, &mut |state, _| {
                    found = state.is_some();
                    Update::Keep
                });
                found
            })
            .collect();
        // A stride through them, so that most calls miss the CPU caches as real traffic does.
        let mut i = 0usize;
        c.bench_function(
            &format!("load/{percent} %: consume, existing client"),
            |b| {
                b.iter(|| {
                    i = (i + 7_919) % held.len();
                    attempt(&table, &held[i], T0 + 1)
                })
            },
        );
        let mut next = 1u32 << 31;
        c.bench_function(&format!("load/{percent} %: consume, new client"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                let mut left = iters;
                while left > 0 {
                    let batch = left.min(5_000) as u32;
                    let first = next;
                    let started = Instant::now();
                    for n in first..first + batch {
                        attempt(&table, &subject(n), T0 + 2);
                    }
                    total += started.elapsed();
                    for n in first..first + batch {
                        table.remove(
                            Key {
                                user: 0,
                                namespace: Namespace::Login,
                                limiter: "BE",
                                subject: &subject(n),
                                interval: MANY.interval,
                            },
                            T0 + 2,
                        );
                    }
                    top_up(&table);
                    next = first + batch;
                    left -= u64::from(batch);
                }
                total
            })
        });
    }
}

/// Wall time of `iters` operations spread over `threads` threads: criterion divides it by
/// `iters`, so the time per operation falls as threads are added, as far as they scale.
fn per_op(table: &SharedTable, threads: usize, iters: u64, shared: bool) -> Duration {
    let per_thread = iters / threads as u64 + 1;
    let started = Instant::now();
    std::thread::scope(|scope| {
        for t in 0..threads {
            scope.spawn(move || {
                let mine = subjects(1000 * (t as u32 + 1));
                for n in 0..per_thread as usize {
                    let subject = if shared {
                        &mine[0]
                    } else {
                        &mine[n % 1000 + 1000 * t]
                    };
                    black_box(consume(table, subject, T0 + 3));
                }
            });
        }
    });
    started.elapsed()
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(1)).sample_size(20);
    targets = window, addresses, table, load
}
criterion_main!(benches);
