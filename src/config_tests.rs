use super::*;
use crate::exclude::ExcludeList;

fn config(
    login_type: &str,
    limit: ConfigValue<'_>,
    interval: ConfigValue<'_>,
    list: ConfigValue<'_>,
) -> Result<LimiterConfig, ConfigError> {
    LimiterConfig::new(login_type, limit, interval, list)
}

use ConfigValue::{Int, Missing, Other, Text};

#[test]
fn typo3_defaults_per_login_type() {
    let be = config("BE", Missing, Missing, Missing).unwrap();
    assert_eq!((be.limit, be.interval_seconds), (5, 900));
    assert_eq!(be.exclude_list, ExcludeList::Entries(vec![]));
    assert_eq!(config("FE", Missing, Missing, Missing).unwrap().limit, 10);
    assert_eq!(
        config("pw-recovery", Missing, Missing, Missing)
            .unwrap()
            .limit,
        5
    );
}

#[test]
fn limits_as_typo3_reads_them() {
    let limit = |value| config("BE", value, Missing, Missing).map(|c| c.limit);
    assert_eq!(limit(Int(3)), Ok(3));
    assert_eq!(limit(Text("7")), Ok(7));
    assert_eq!(limit(Text(" 8 ")), Ok(8));
    assert_eq!(limit(Int(0)), Ok(0));
    assert_eq!(limit(Int(-4)), Ok(0));
    assert_eq!(limit(Text("-99999999999999999999999")), Ok(0));
    assert!(limit(Text("5abc")).is_err());
    assert!(limit(Text("")).is_err());
    assert!(limit(Other("float")).is_err());
    assert!(limit(Int(65_536)).is_err());
    assert_eq!(limit(Int(65_535)), Ok(65_535));
}

#[test]
fn disabled_when_typo3_would_be() {
    assert!(!config("BE", Int(0), Missing, Missing).unwrap().is_enabled());
    assert!(!config("BE", Missing, Missing, Text("*"))
        .unwrap()
        .is_enabled());
    assert!(config("BE", Missing, Missing, Text("*.*"))
        .unwrap()
        .is_enabled());
}

#[test]
fn errors_name_the_key() {
    let error = config("BE", Missing, Text("tomorrow"), Missing).unwrap_err();
    assert_eq!(error.key, KEY_INTERVAL);
    assert!(error.to_string().contains("tomorrow"));
    assert_eq!(
        config("BE", Missing, Int(900), Missing).unwrap_err().key,
        KEY_INTERVAL
    );
    assert_eq!(
        config("BE", Missing, Missing, Text("1.2.3.4/99"))
            .unwrap_err()
            .key,
        KEY_EXCLUDE_LIST
    );
    assert_eq!(
        config("BE", Other("bool"), Missing, Missing)
            .unwrap_err()
            .key,
        KEY_LIMIT
    );
    // A disabled limiter's settings are still checked.
    assert!(config("BE", Int(0), Text("foo"), Missing).is_err());
}

#[test]
fn login_types() {
    for good in ["BE", "FE", "a", "pw_recovery.v2-x", &"x".repeat(32)] {
        assert!(config(good, Missing, Missing, Missing).is_ok(), "{good}");
    }
    for bad in ["", "B E", "BE\0", "ü", &"x".repeat(33)] {
        assert_eq!(
            config(bad, Missing, Missing, Missing).unwrap_err().key,
            "loginType"
        );
    }
}

#[test]
fn php_sizes() {
    assert_eq!(parse_size("16M"), Some(16 << 20));
    assert_eq!(parse_size("512k"), Some(512 << 10));
    assert_eq!(parse_size("1G"), Some(1 << 30));
    assert_eq!(parse_size("65536"), Some(65536));
    for bad in ["", "M", "16MB", "-1M", "1.5M", "99999999999999999999G"] {
        assert_eq!(parse_size(bad), None, "{bad}");
    }
}

#[test]
fn table_sizes_outside_what_a_table_can_have_are_refused_naming_the_value() {
    assert_eq!(table_size("64K"), Ok(64 << 10));
    assert_eq!(table_size(" 16M "), Ok(16 << 20));
    assert_eq!(table_size("16G"), Ok(16 << 30));
    for (bad, why) in [
        ("0", "\"0\" is outside the supported range 64K to 16G"),
        ("32K", "\"32K\" is outside the supported range 64K to 16G"),
        (
            "65535",
            "\"65535\" is outside the supported range 64K to 16G",
        ),
        ("17G", "\"17G\" is outside the supported range 64K to 16G"),
        ("lots", "\"lots\" is not a size (like 16M)"),
    ] {
        assert_eq!(table_size(bad), Err(why.to_owned()), "{bad}");
    }
}

#[test]
fn ini_switches_read_as_php_reads_them() {
    for on in ["1", "On", "YES", "true", "2", "-1", " 1", "+3x", "007"] {
        assert!(ini_flag(on), "{on:?}");
    }
    for off in [
        "", "0", "off", "no", "false", "none", "x1", " on", "on ", "00", "-0",
    ] {
        assert!(!ini_flag(off), "{off:?}");
    }
}
