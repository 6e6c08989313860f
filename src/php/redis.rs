//! Redis as the shared store: the `login_ratelimit.redis_*` settings, the store made from them
//! at module start (it connects later, in each worker), and what `stats()` and `phpinfo()`
//! show of it.

use std::sync::OnceLock;
use std::time::Duration;

use ext_php_rs::error::php_error;
use ext_php_rs::flags::ErrorType;

use super::log::log_line;
use super::runtime::Runtime;
use crate::store::redis::{redact, RedisReport, RedisStore, Target};
use crate::store::StateStore;

const TIMEOUT_MS: std::ops::RangeInclusive<u64> = 1..=60_000;
const PREFIX_BYTES: std::ops::RangeInclusive<usize> = 1..=64;

pub struct RedisSettings {
    pub url: String,
    pub timeout_ms: String,
    pub prefix: String,
}

/// The Redis store, over the runtime's local table: set at module start when `redis_url` is.
static REDIS: OnceLock<Redis> = OnceLock::new();

struct Redis {
    store: RedisStore<&'static dyn StateStore>,
    timeout_ms: u64,
    prefix: String,
}

/// Makes the Redis store if the settings ask for one and are all valid; otherwise reports
/// each invalid one in a startup warning, and the runtime's local table is the store.
pub fn start(settings: RedisSettings, runtime: &'static Runtime) {
    let mut problems = Vec::new();
    let target = Target::parse(&settings.url).unwrap_or_else(|error| {
        problems.push(format!("login_ratelimit.redis_url {error}"));
        None
    });
    let timeout_ms = settings
        .timeout_ms
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|ms| TIMEOUT_MS.contains(ms));
    if timeout_ms.is_none() {
        problems.push(format!(
            "login_ratelimit.redis_timeout_ms \"{}\" is not a number of milliseconds from {} to {}",
            settings.timeout_ms,
            TIMEOUT_MS.start(),
            TIMEOUT_MS.end()
        ));
    }
    let prefix = &settings.prefix;
    let prefix_ok =
        PREFIX_BYTES.contains(&prefix.len()) && prefix.bytes().all(|b| b.is_ascii_graphic());
    if !prefix_ok {
        problems.push(format!(
            "login_ratelimit.redis_prefix \"{}\" is not {} to {} printable ASCII characters \
             without spaces",
            prefix.escape_default(),
            PREFIX_BYTES.start(),
            PREFIX_BYTES.end()
        ));
    }
    for problem in &problems {
        php_error(
            &ErrorType::CoreWarning,
            &format!("login_ratelimit: {problem}; not using Redis, only shared memory"),
        );
    }
    let (Some(target), Some(timeout_ms), true) = (target, timeout_ms, problems.is_empty()) else {
        return;
    };
    let store = RedisStore::new(
        target,
        prefix.clone(),
        Duration::from_millis(timeout_ms),
        runtime.local_store(),
        Box::new(log_line),
    );
    let _ = REDIS.set(Redis {
        store,
        timeout_ms,
        prefix: prefix.clone(),
    });
}

/// `redis_url` as it may be shown: without any password.
pub fn shown_url(url: &str) -> String {
    match Target::parse(url) {
        Ok(Some(target)) => target.shown().to_owned(),
        _ => redact(url),
    }
}

/// The Redis store, when Redis is configured.
pub fn store() -> Option<&'static dyn StateStore> {
    REDIS.get().map(|redis| &redis.store as &dyn StateStore)
}

pub fn report() -> Option<RedisReport> {
    REDIS.get().map(|redis| redis.store.report())
}

/// The phpinfo() rows about Redis; none when it is off.
pub fn info_rows() -> Vec<(String, String)> {
    let Some(redis) = REDIS.get() else {
        return Vec::new();
    };
    let report = redis.store.report();
    let health = report.health;
    let status = if health.available {
        "answering".to_owned()
    } else {
        "unavailable: answering from the local table".to_owned()
    };
    vec![
        ("Redis".to_owned(), report.location),
        ("Redis status".to_owned(), status),
        (
            "Redis timeout".to_owned(),
            format!("{} ms", redis.timeout_ms),
        ),
        ("Redis key prefix".to_owned(), redis.prefix.clone()),
        ("Redis errors".to_owned(), health.errors.to_string()),
        (
            "Fallback answers".to_owned(),
            health.fallback_answers.to_string(),
        ),
        (
            "Last Redis error".to_owned(),
            health.last_error.unwrap_or_else(|| "none".to_owned()),
        ),
    ]
}
