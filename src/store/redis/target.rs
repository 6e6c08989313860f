//! Where Redis is: the `redis_url` setting parsed, and shown without its password.
//!
//! One `redis://[user:password@]host:port/db` or `unix:///path/to/redis.sock` URL is one Redis;
//! a comma-separated list of `redis://` nodes is a Redis Cluster (database 0, as the cluster
//! has no other). `rediss://` (TLS) is refused: this build has no TLS.

use std::fmt;

use redis::io::tcp::TcpSettings;
use redis::{ConnectionAddr, ConnectionInfo, IntoConnectionInfo};

pub enum Topology {
    Single(Box<ConnectionInfo>),
    Cluster(Vec<ConnectionInfo>),
}

pub struct Target {
    pub topology: Topology,
    /// The URL as it may be shown: passwords replaced by `***`.
    shown: String,
    passwords: Vec<String>,
}

/// Why a setting is not a Redis location. Its text never contains a password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetError(String);

impl fmt::Display for TargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TargetError {}

impl Target {
    /// The Redis the setting names, or `None` when it is empty (Redis off).
    pub fn parse(setting: &str) -> Result<Option<Self>, TargetError> {
        let setting = setting.trim();
        if setting.is_empty() {
            return Ok(None);
        }
        let refuse = |problem: &str| TargetError(format!("\"{}\" {problem}", redact(setting)));
        let parts: Vec<&str> = setting.split(',').map(str::trim).collect();
        let mut nodes = Vec::with_capacity(parts.len());
        for part in &parts {
            let scheme = part
                .split_once("://")
                .map(|(scheme, _)| scheme.to_ascii_lowercase())
                .ok_or_else(|| refuse("is not a URL (redis://host:port/db or unix:///path)"))?;
            match scheme.as_str() {
                "redis" => {}
                "unix" | "redis+unix" if parts.len() == 1 => {}
                "unix" | "redis+unix" => {
                    return Err(refuse(
                        "lists a unix socket: Redis Cluster nodes are redis://host:port",
                    ))
                }
                "rediss" => {
                    return Err(refuse(
                        "asks for TLS (rediss://), which this build does not support",
                    ))
                }
                _ => return Err(refuse("is not a redis:// or unix:// URL")),
            }
            let info = part
                .into_connection_info()
                .map_err(|_| refuse("is not a valid Redis URL"))?;
            let info = info.set_tcp_settings(TcpSettings::default().set_nodelay(true));
            let redis = info.redis_settings().clone().set_skip_set_lib_name();
            nodes.push(info.set_redis_settings(redis));
        }
        if nodes.len() > 1 && nodes.iter().any(|n| n.redis_settings().db() != 0) {
            return Err(refuse(
                "names a database other than 0: Redis Cluster has only 0",
            ));
        }
        let shown = nodes.iter().map(show).collect::<Vec<_>>().join(",");
        let passwords = nodes
            .iter()
            .filter_map(|n| n.redis_settings().password())
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        let topology = if nodes.len() == 1 {
            Topology::Single(Box::new(nodes.remove(0)))
        } else {
            Topology::Cluster(nodes)
        };
        Ok(Some(Self {
            topology,
            shown,
            passwords,
        }))
    }

    pub fn is_cluster(&self) -> bool {
        matches!(self.topology, Topology::Cluster(_))
    }

    /// Where Redis is, without any password.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// `text` (an error from the client) with every password of the URL replaced by `***`.
    pub fn scrub(&self, text: &str) -> String {
        self.passwords
            .iter()
            .fold(text.to_owned(), |text, password| {
                text.replace(password, "***")
            })
    }
}

fn show(info: &ConnectionInfo) -> String {
    let settings = info.redis_settings();
    let password = settings.password().is_some();
    match info.addr() {
        ConnectionAddr::Unix(path) => {
            let mut shown = format!("unix://{}", path.display());
            if settings.db() != 0 || password {
                shown.push_str(&format!("?db={}", settings.db()));
            }
            if let Some(user) = settings.username() {
                shown.push_str(&format!("&user={user}"));
            }
            if password {
                shown.push_str("&pass=***");
            }
            shown
        }
        addr => {
            let user = match (settings.username(), password) {
                (Some(user), true) => format!("{user}:***@"),
                (None, true) => ":***@".to_owned(),
                (Some(user), false) => format!("{user}@"),
                (None, false) => String::new(),
            };
            format!("redis://{user}{addr}/{}", settings.db())
        }
    }
}

/// A setting that did not parse, with anything that could be a password replaced by `***`:
/// the user information of each URL and `pass`/`password` query values.
pub fn redact(setting: &str) -> String {
    setting
        .split(',')
        .map(|part| {
            let Some((scheme, rest)) = part.split_once("://") else {
                return part.to_owned();
            };
            let (authority, path) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
            let authority = match authority.rfind('@') {
                Some(at) => format!("***{}", &authority[at..]),
                None => authority.to_owned(),
            };
            let path = match path.split_once('?') {
                Some((path, query)) => format!("{path}?{}", redact_query(query)),
                None => path.to_owned(),
            };
            format!("{scheme}://{authority}{path}")
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if name.to_ascii_lowercase().starts_with("pass") => {
                format!("{name}=***")
            }
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(setting: &str) -> Target {
        Target::parse(setting).unwrap().unwrap()
    }

    fn refused(setting: &str) -> String {
        Target::parse(setting).err().unwrap().to_string()
    }

    #[test]
    fn empty_means_off() {
        assert!(Target::parse("").unwrap().is_none());
        assert!(Target::parse("  ").unwrap().is_none());
    }

    #[test]
    fn one_url_is_one_redis() {
        let target = parsed("redis://127.0.0.1:6380/2");
        assert!(!target.is_cluster());
        assert_eq!(target.shown(), "redis://127.0.0.1:6380/2");
        assert_eq!(
            parsed("redis://localhost").shown(),
            "redis://localhost:6379/0"
        );
        assert_eq!(
            parsed("unix:///run/redis.sock").shown(),
            "unix:///run/redis.sock"
        );
        assert_eq!(
            parsed("redis://[::1]:6380").shown(),
            "redis://::1:6380/0",
            "the client's own address form"
        );
    }

    #[test]
    fn a_list_is_a_cluster() {
        let target =
            parsed("redis://127.0.0.1:7000, redis://127.0.0.1:7001,redis://127.0.0.1:7002");
        assert!(target.is_cluster());
        assert_eq!(
            target.shown(),
            "redis://127.0.0.1:7000/0,redis://127.0.0.1:7001/0,redis://127.0.0.1:7002/0"
        );
        assert!(refused("redis://a:1/1,redis://b:2/1").contains("database other than 0"));
        assert!(refused("redis://a:1,unix:///x.sock").contains("unix socket"));
    }

    #[test]
    fn passwords_are_never_shown() {
        let target = parsed("redis://admin:s3cret@127.0.0.1:6380/0");
        assert_eq!(target.shown(), "redis://admin:***@127.0.0.1:6380/0");
        assert_eq!(target.scrub("auth s3cret failed"), "auth *** failed");
        assert_eq!(parsed("redis://:s3cret@h:1").shown(), "redis://:***@h:1/0");
        assert_eq!(
            parsed("unix:///x.sock?db=1&pass=s3cret").shown(),
            "unix:///x.sock?db=1&pass=***"
        );
        for bad in [
            "redis://admin:s3cret@h:99999",
            "rediss://admin:s3cret@h:1",
            "http://admin:s3cret@h/",
            "redis://h:1,redis://u:s3cret@h:notaport",
            "unix:///x?pass=s3cret&db=x",
        ] {
            let error = refused(bad);
            assert!(!error.contains("s3cret"), "{error}");
            assert!(error.contains("***"), "{error}");
        }
    }

    #[test]
    fn what_is_not_a_redis_url_is_refused() {
        assert!(refused("127.0.0.1:6379").contains("is not a URL"));
        assert!(refused("http://h/").contains("not a redis://"));
        assert!(refused("rediss://h:1").contains("TLS"));
        assert!(refused("redis://h:1,").contains("is not a URL"));
        assert!(refused("redis://h:notaport").contains("not a valid Redis URL"));
    }
}
