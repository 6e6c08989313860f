//! A limiter's configuration, read the way TYPO3 reads `$GLOBALS['TYPO3_CONF_VARS'][BE|FE]`,
//! and the extension's own INI values.

use std::fmt;

use crate::client::printable;
use crate::exclude::ExcludeList;
use crate::interval::parse_interval;
use crate::store::shm::{MAX_BYTES, MIN_BYTES};
use crate::window::{Micros, Policy, MAX_LIMIT, MICROS_PER_SECOND};

pub const KEY_LIMIT: &str = "loginRateLimit";
pub const KEY_INTERVAL: &str = "loginRateLimitInterval";
pub const KEY_EXCLUDE_LIST: &str = "loginRateLimitIpExcludeList";

const DEFAULT_INTERVAL: &str = "15 minutes";

/// One configuration value as it came from PHP; `null` counts as missing, as TYPO3's `??` does.
#[derive(Clone, Copy, Debug)]
pub enum ConfigValue<'a> {
    Missing,
    Int(i64),
    Text(&'a str),
    /// Any other PHP type, by name.
    Other(&'a str),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub key: &'static str,
    pub reason: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Invalid {}: {}", self.key, self.reason)
    }
}

/// A validated limiter configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimiterConfig {
    pub login_type: String,
    /// Attempts per interval; 0 when limiting is disabled (`loginRateLimit <= 0`).
    pub limit: u32,
    pub interval_seconds: u64,
    pub exclude_list: ExcludeList,
}

impl LimiterConfig {
    pub fn new(
        login_type: impl AsRef<[u8]>,
        limit: ConfigValue<'_>,
        interval: ConfigValue<'_>,
        exclude_list: ConfigValue<'_>,
    ) -> Result<Self, ConfigError> {
        let login_type = parse_login_type(login_type.as_ref())?;
        let default_limit = if login_type == "FE" { 10 } else { 5 };
        let limit = parse_limit(limit, default_limit)?;
        let interval_text = text_or(KEY_INTERVAL, interval, DEFAULT_INTERVAL)?;
        let interval_seconds = parse_interval(interval_text).map_err(|e| ConfigError {
            key: KEY_INTERVAL,
            reason: format!("\"{}\": {e}", printable(interval_text)),
        })?;
        let exclude_text = text_or(KEY_EXCLUDE_LIST, exclude_list, "")?;
        let exclude_list = ExcludeList::parse(exclude_text).map_err(|e| ConfigError {
            key: KEY_EXCLUDE_LIST,
            reason: e.to_string(),
        })?;
        Ok(Self {
            login_type,
            limit,
            interval_seconds,
            exclude_list,
        })
    }

    /// False when nobody is limited: `loginRateLimit <= 0` or an exclude list of exactly `*`.
    pub fn is_enabled(&self) -> bool {
        self.limit > 0 && !self.exclude_list.excludes_everyone()
    }

    pub fn policy(&self) -> Policy {
        Policy {
            limit: self.limit,
            interval: self.interval_seconds as Micros * MICROS_PER_SECOND,
        }
    }
}

/// 1 to 32 characters of `[A-Za-z0-9_.-]`: TYPO3 uses `BE` and `FE`.
fn parse_login_type(login_type: &[u8]) -> Result<String, ConfigError> {
    let valid = (1..=32).contains(&login_type.len())
        && login_type
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if valid {
        Ok(login_type.iter().map(|&b| char::from(b)).collect())
    } else {
        Err(ConfigError {
            key: "loginType",
            reason: format!(
                "\"{}\" must be 1 to 32 characters of A-Z, a-z, 0-9, '_', '.' and '-'",
                printable(login_type)
            ),
        })
    }
}

/// An int or a string of decimal digits, as TYPO3's `(int)` cast would read a sane value.
fn parse_limit(value: ConfigValue<'_>, default: u32) -> Result<u32, ConfigError> {
    let refuse = |reason: String| ConfigError {
        key: KEY_LIMIT,
        reason,
    };
    let limit = match value {
        ConfigValue::Missing => return Ok(default),
        ConfigValue::Int(limit) => limit,
        ConfigValue::Text(text) => parse_integer(text)
            .ok_or_else(|| refuse(format!("\"{}\" is not an integer", printable(text))))?,
        ConfigValue::Other(type_name) => {
            return Err(refuse(format!("must be an int, {type_name} given")))
        }
    };
    if limit <= 0 {
        return Ok(0);
    }
    u32::try_from(limit)
        .ok()
        .filter(|&limit| limit <= MAX_LIMIT)
        .ok_or_else(|| {
            refuse(format!(
                "{limit} is above the largest supported limit, {MAX_LIMIT}"
            ))
        })
}

fn parse_integer(text: &str) -> Option<i64> {
    let trimmed = text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c'));
    let digits = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    trimmed.parse().ok().or_else(|| {
        // Out of i64 range: only its sign matters to the validation that follows.
        Some(if trimmed.starts_with('-') {
            i64::MIN
        } else {
            i64::MAX
        })
    })
}

fn text_or<'a>(
    key: &'static str,
    value: ConfigValue<'a>,
    default: &'a str,
) -> Result<&'a str, ConfigError> {
    match value {
        ConfigValue::Missing => Ok(default),
        ConfigValue::Text(text) => Ok(text),
        ConfigValue::Int(_) => Err(ConfigError {
            key,
            reason: "must be a string, int given".to_owned(),
        }),
        ConfigValue::Other(type_name) => Err(ConfigError {
            key,
            reason: format!("must be a string, {type_name} given"),
        }),
    }
}

/// PHP's size syntax for INI values: bytes, or a number with `K`, `M` or `G`.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let (digits, multiplier) = match text.as_bytes().last()? {
        b'k' | b'K' => (&text[..text.len() - 1], 1u64 << 10),
        b'm' | b'M' => (&text[..text.len() - 1], 1 << 20),
        b'g' | b'G' => (&text[..text.len() - 1], 1 << 30),
        _ => (text, 1),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u64>().ok()?.checked_mul(multiplier)
}

/// `login_ratelimit.shm_size`: a size in PHP's syntax that a table can have, or why it is not.
pub fn table_size(text: &str) -> Result<u64, String> {
    match parse_size(text) {
        Some(bytes) if (MIN_BYTES..=MAX_BYTES).contains(&bytes) => Ok(bytes),
        Some(_) => Err(format!(
            "\"{}\" is outside the supported range 64K to 16G",
            printable(text)
        )),
        None => Err(format!("\"{}\" is not a size (like 16M)", printable(text))),
    }
}

/// An INI switch read as PHP reads its own (`zend_ini_parse_bool`): `on`, `yes`, `true` (any
/// case), or a number other than zero; `off`, `0` and an empty value (php.ini's `Off`) are off.
pub fn ini_flag(text: &str) -> bool {
    if ["on", "yes", "true"]
        .iter()
        .any(|word| text.eq_ignore_ascii_case(word))
    {
        return true;
    }
    // atoi(): leading white space, an optional sign, then the leading digits.
    let text = text.trim_start();
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    digits
        .bytes()
        .take_while(u8::is_ascii_digit)
        .any(|digit| digit != b'0')
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
