use proptest::prelude::*;

use super::*;

fn parse(text: &str) -> Result<IpAddr, AddressError> {
    parse_client(text.as_bytes())
}

#[test]
fn standard_forms_are_accepted_and_normalized() {
    assert_eq!(parse("192.168.1.5").unwrap().to_string(), "192.168.1.5");
    assert_eq!(parse("2001:DB8::1").unwrap().to_string(), "2001:db8::1");
    assert_eq!(
        parse("2001:0db8:0000:0000:0000:0000:0000:0001").unwrap(),
        parse("2001:db8::1").unwrap()
    );
    assert_eq!(parse("::ffff:1.2.3.4").unwrap().to_string(), "1.2.3.4");
    assert_eq!(parse("::ffff:0102:0304").unwrap().to_string(), "1.2.3.4");
}

#[test]
fn anything_but_a_bare_address_is_refused() {
    for text in [
        "",
        " 1.2.3.4",
        "1.2.3.4 ",
        "1.2.3.4\0",
        "1.2.3.4:80",
        "[::1]",
        "fe80::1%eth0",
        "10.0.0.0/8",
        "example.org",
        "192.168.1.05",
        "1.2.3",
        "256.1.1.1",
        "::ffff:1.2.3.4.5",
        &"1".repeat(100),
    ] {
        assert!(parse(text).is_err(), "{text:?}");
    }
    assert!(parse_client(b"\xff\xfe1.2.3.4").is_err());
}

#[test]
fn errors_quote_the_value_printably() {
    let error = parse_client(b"bad\0\xffip").unwrap_err();
    assert_eq!(error.shown, "bad\\x00\\xffip");
    let long = parse(&"x".repeat(200)).unwrap_err();
    assert!(long.shown.ends_with("...") && long.shown.len() < 80);
}

#[test]
fn ipv6_clients_share_a_key_per_prefix() {
    let a = parse("2001:db8:1:2:aaaa::1").unwrap();
    let b = parse("2001:db8:1:2:bbbb::2").unwrap();
    let other = parse("2001:db8:1:3::1").unwrap();
    assert_eq!(client_key(a, 64), client_key(b, 64));
    assert_ne!(client_key(a, 64), client_key(other, 64));
    assert_ne!(client_key(a, 128), client_key(b, 128));
}

#[test]
fn families_never_share_keys() {
    let v4 = parse("0.0.0.1").unwrap();
    let v6 = parse("::1").unwrap();
    assert_ne!(
        client_key(v4, 128).as_bytes(),
        client_key(v6, 128).as_bytes()
    );
    assert_eq!(
        client_key(v4, 64),
        client_key(parse("::ffff:0.0.0.1").unwrap(), 64)
    );
}

proptest! {
    #[test]
    fn any_bytes_give_an_answer_not_a_panic(raw in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = parse_client(&raw);
    }

    #[test]
    fn the_ipv4_fast_path_agrees_with_std(text in "[0-9.]{0,18}") {
        let std_answer = text.parse::<std::net::Ipv4Addr>().ok();
        prop_assert_eq!(parse_dotted_quad(text.as_bytes()), std_answer);
    }

    #[test]
    fn every_ipv4_address_round_trips(octets in any::<[u8; 4]>()) {
        let text = std::net::Ipv4Addr::from(octets).to_string();
        prop_assert_eq!(parse(&text).unwrap().to_string(), text);
    }

    #[test]
    fn every_ipv6_address_round_trips(bits in any::<u128>()) {
        let address = std::net::Ipv6Addr::from(bits);
        prop_assert_eq!(parse(&address.to_string()).unwrap(), normalize(IpAddr::V6(address)));
    }
}
