use proptest::prelude::*;

use super::*;
use crate::client::parse_client;

fn excluded(client: &str, list: &str) -> bool {
    ExcludeList::parse(list)
        .unwrap()
        .matches(parse_client(client.as_bytes()).unwrap())
}

#[test]
fn typo3_cmpip_answers_on_well_formed_lists() {
    let cases: serde_json::Value =
        serde_json::from_str(include_str!("../testdata/typo3-cmpip-cases.json")).unwrap();
    let mut checked = 0;
    for case in cases["cases"].as_array().unwrap() {
        let (client, list, expected) = (
            case[0].as_str().unwrap(),
            case[1].as_str().unwrap(),
            case[2].as_bool().unwrap(),
        );
        assert_eq!(excluded(client, list), expected, "{client} in {list:?}");
        checked += 1;
    }
    assert_eq!(checked, 628);
    for case in cases["project_rules"].as_array().unwrap() {
        let (client, list) = (case[0].as_str().unwrap(), case[1].as_str().unwrap());
        assert_eq!(
            excluded(client, list),
            case[2].as_bool().unwrap(),
            "{client} in {list}"
        );
    }
    for entry in cases["malformed_entries"].as_array().unwrap() {
        let entry = entry.as_str().unwrap();
        assert!(ExcludeList::parse(entry).is_err(), "{entry}");
        assert!(
            ExcludeList::parse(&format!("10.0.0.1, {entry}")).is_err(),
            "{entry}"
        );
    }
}

#[test]
fn left_anchored_ipv4_patterns() {
    for list in [
        "192.168",
        "192.168.*",
        "192.168.*.*",
        "*.168",
        "*.*.*.*",
        "192.168.1.5",
        "*",
    ] {
        assert!(excluded("192.168.1.5", list), "{list}");
    }
    for list in ["192.169", "*.*.*.6", "10", "192.168.1.50"] {
        assert!(!excluded("192.168.1.5", list), "{list}");
    }
}

#[test]
fn everyone_and_no_one() {
    assert!(ExcludeList::parse(" * ").unwrap().excludes_everyone());
    assert!(excluded("2001:db8::1", "*"));
    assert!(!excluded("1.2.3.4", ""));
    assert!(!excluded("1.2.3.4", " , ,"));
    // `*` as one entry of several is an IPv4 pattern, as in TYPO3.
    assert!(excluded("1.2.3.4", "10.0.0.1, *"));
    assert!(!excluded("2001:db8::1", "10.0.0.1, *"));
}

#[test]
fn prefixes_of_both_families() {
    assert!(excluded("1.2.3.4", "0.0.0.0/0"));
    assert!(excluded("10.200.3.4", "10.0.0.0/8"));
    assert!(excluded("10.200.3.4", "10.99.99.99/8"));
    assert!(!excluded("11.0.0.1", "10.0.0.0/8"));
    assert!(excluded("2001:db8::abcd", "2001:DB8::/32"));
    assert!(excluded("2001:db8::1", "2001:0db8:0000::1"));
    assert!(excluded("2001:db8::1", "::/0"));
    assert!(!excluded("2001:db8::1", "0.0.0.0/0"));
    assert!(!excluded("1.2.3.4", "::/0"));
}

#[test]
fn mapped_clients_and_entries_are_ipv4() {
    assert!(excluded("::ffff:10.1.2.3", "10.0.0.0/8"));
    assert!(excluded("10.1.2.3", "::ffff:10.1.2.3"));
    assert!(excluded("10.1.2.3", "::ffff:10.0.0.0/104"));
}

#[test]
fn malformed_entries_are_named_in_the_error() {
    for (list, entry) in [
        ("10.0.0.1, 192.168.1.05", "192.168.1.05"),
        ("1.2.3.4/", "1.2.3.4/"),
        ("1.2.3.4/x", "1.2.3.4/x"),
        ("1.2.*.4/8", "1.2.*.4/8"),
        ("1.2.3.4.5", "1.2.3.4.5"),
        ("1..2", "1..2"),
        ("fe80::1%eth0", "fe80::1%eth0"),
        ("bad\0entry", "bad\\x00entry"),
    ] {
        let error = ExcludeList::parse(list).unwrap_err();
        assert_eq!(error.entry, entry, "{list}");
    }
}

proptest! {
    #[test]
    fn any_list_gives_an_answer_not_a_panic(list in "\\PC{0,60}") {
        if let Ok(parsed) = ExcludeList::parse(&list) {
            let _ = parsed.matches("1.2.3.4".parse().unwrap());
        }
    }

    #[test]
    fn a_prefix_matches_exactly_its_addresses(net in any::<u32>(), len in 0u8..=32, client in any::<u32>()) {
        let network = std::net::Ipv4Addr::from(net);
        let list = ExcludeList::parse(&format!("{network}/{len}")).unwrap();
        let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
        let expected = client & mask == net & mask;
        prop_assert_eq!(list.matches(IpAddr::V4(client.into())), expected);
    }
}
