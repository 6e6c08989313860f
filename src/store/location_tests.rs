use proptest::prelude::*;

use super::*;

#[test]
fn server_sapis_default_to_a_file_per_user_in_dev_shm() {
    for sapi in SERVER_SAPIS {
        assert_eq!(
            table_location("", sapi, 33),
            TableLocation::ServerDefault(PathBuf::from("/dev/shm/login_ratelimit.33"))
        );
    }
    assert_eq!(
        table_location("  ", "fpm-fcgi", 0),
        TableLocation::ServerDefault(PathBuf::from("/dev/shm/login_ratelimit.0"))
    );
}

#[test]
fn other_sapis_default_to_anonymous_memory() {
    for sapi in ["cli", "cli-server", "phpdbg", "embed", "", "FPM-FCGI"] {
        assert_eq!(
            table_location("", sapi, 0),
            TableLocation::Anonymous,
            "{sapi}"
        );
    }
}

#[test]
fn anonymous_is_honoured_everywhere() {
    for sapi in ["cli", "fpm-fcgi", "apache2handler", "cgi-fcgi"] {
        for value in ["anonymous", " Anonymous ", "ANONYMOUS"] {
            assert_eq!(table_location(value, sapi, 33), TableLocation::Anonymous);
        }
    }
}

#[test]
fn a_configured_path_wins_in_every_sapi() {
    for sapi in ["cli", "fpm-fcgi", "apache2handler"] {
        assert_eq!(
            table_location(" /run/lrl/table ", sapi, 33),
            TableLocation::Configured(PathBuf::from("/run/lrl/table"))
        );
    }
}

proptest! {
    #[test]
    fn each_user_has_a_file_of_its_own(a in any::<u32>(), b in any::<u32>()) {
        prop_assert_eq!(default_path(a) == default_path(b), a == b);
        prop_assert!(default_path(a).starts_with(DEFAULT_DIR));
    }
}
