//! Redis as the shared store: the `login_ratelimit.redis_*` settings, and what `stats()` and
//! `phpinfo()` show of it. The store is made at module start over the local table and
//! connects later, in each worker, on its first call.

use std::time::Duration;

use super::log::log_line;
use crate::store::redis::{redact, RedisStore, Target};
use crate::store::StateStore;

const TIMEOUT_MS: std::ops::RangeInclusive<u64> = 1..=60_000;
const PREFIX_BYTES: std::ops::RangeInclusive<usize> = 1..=64;

pub struct RedisSettings {
    pub url: String,
    pub timeout_ms: String,
    pub prefix: String,
}

/// Valid settings that name a Redis.
pub struct RedisConfig {
    target: Target,
    timeout: Duration,
    prefix: String,
}

impl RedisConfig {
    /// Redis, answering from `local` when it does not.
    pub fn over<F: StateStore>(self, local: F) -> RedisStore<F> {
        RedisStore::new(
            self.target,
            self.prefix,
            self.timeout,
            local,
            Box::new(log_line),
        )
    }
}

/// The Redis the settings name, if they name one and all are valid. Each invalid setting is
/// one problem (a startup warning), and then Redis is not used at all.
pub fn open(settings: &RedisSettings, problems: &mut Vec<String>) -> Option<RedisConfig> {
    let mut invalid = Vec::new();
    let target = Target::parse(&settings.url).unwrap_or_else(|error| {
        invalid.push(format!("login_ratelimit.redis_url {error}"));
        None
    });
    let timeout_ms = settings
        .timeout_ms
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|ms| TIMEOUT_MS.contains(ms));
    if timeout_ms.is_none() {
        invalid.push(format!(
            "login_ratelimit.redis_timeout_ms \"{}\" is not a number of milliseconds from {} to {}",
            settings.timeout_ms,
            TIMEOUT_MS.start(),
            TIMEOUT_MS.end()
        ));
    }
    let prefix = &settings.prefix;
    if !(PREFIX_BYTES.contains(&prefix.len()) && prefix.bytes().all(|b| b.is_ascii_graphic())) {
        invalid.push(format!(
            "login_ratelimit.redis_prefix \"{}\" is not {} to {} printable ASCII characters \
             without spaces",
            prefix.escape_default(),
            PREFIX_BYTES.start(),
            PREFIX_BYTES.end()
        ));
    }
    let ok = invalid.is_empty();
    problems.extend(
        invalid
            .into_iter()
            .map(|problem| format!("{problem}; not using Redis, only shared memory")),
    );
    Some(RedisConfig {
        target: target.filter(|_| ok)?,
        timeout: Duration::from_millis(timeout_ms?),
        prefix: prefix.clone(),
    })
}

/// `redis_url` as it may be shown: without any password.
pub fn shown_url(url: &str) -> String {
    match Target::parse(url) {
        Ok(Some(target)) => target.shown().to_owned(),
        _ => redact(url),
    }
}

/// The phpinfo() rows about Redis.
pub fn info_rows<F: StateStore>(redis: &RedisStore<F>) -> Vec<(String, String)> {
    let report = redis.report();
    let health = report.health;
    let status = if health.available {
        "answering"
    } else {
        "unavailable: answering from the local table"
    };
    vec![
        ("Redis".to_owned(), report.location),
        ("Redis status".to_owned(), status.to_owned()),
        (
            "Redis timeout".to_owned(),
            format!("{} ms", redis.timeout().as_millis()),
        ),
        ("Redis key prefix".to_owned(), redis.prefix().to_owned()),
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
