//! Properties that define correctness, checked on generated inputs
//! through the library.

use base64::Engine;
use md5::{Digest, Md5};
use proptest::prelude::*;
use saslenc::mech::{login, CramMd5, Login, Messages, Plain};
use saslenc::protocol::{render, Protocol};
use saslenc::Charset;

/// Text without NUL: any Unicode scalar value, including combining marks,
/// emoji, controls and white space.
fn field() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>().prop_filter("no NUL", |c| *c != '\0'), 1..40)
        .prop_map(|chars| chars.into_iter().collect())
}

fn b64decode(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("standard padded base64")
}

/// HMAC-MD5 built from its definition (RFC 2104 section 2) on the md-5
/// crate, independent of the `hmac` crate the library uses.
fn hmac_md5(key: &[u8], text: &[u8]) -> [u8; 16] {
    const BLOCK: usize = 64;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..16].copy_from_slice(&Md5::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    let inner = Md5::new().chain_update(&ipad).chain_update(text).finalize();
    Md5::new()
        .chain_update(&opad)
        .chain_update(inner)
        .finalize()
        .into()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Decoding PLAIN's base64 and splitting on NUL gives the fields back.
    #[test]
    fn plain_round_trips(authzid in proptest::option::of(field()), user in field(), pass in field()) {
        let authzid = authzid.unwrap_or_default();
        let mut plain = Plain::new(&authzid, &user, &pass, Charset::Utf8).unwrap();
        let out = render(&Messages::run(&mut plain, &[]).unwrap(), None);
        prop_assert!(!out.chars().any(char::is_whitespace));
        let bytes = b64decode(&out);
        let parts: Vec<&[u8]> = bytes.split(|&b| b == 0).collect();
        prop_assert_eq!(parts, vec![authzid.as_bytes(), user.as_bytes(), pass.as_bytes()]);
    }

    /// LOGIN prints two lines that decode to the user and the password.
    #[test]
    fn login_lines_decode_to_the_fields(user in field(), pass in field()) {
        let mut login = Login::new(&user, &pass, Charset::Utf8).unwrap();
        let out = render(&Messages::run(&mut login, &login::PROMPTS).unwrap(), None);
        let lines: Vec<&str> = out.split('\n').collect();
        prop_assert_eq!(lines.len(), 2);
        prop_assert!(!lines.iter().any(|l| l.chars().any(char::is_whitespace)));
        prop_assert_eq!(b64decode(lines[0]), user.as_bytes());
        prop_assert_eq!(b64decode(lines[1]), pass.as_bytes());
    }

    /// CRAM-MD5 equals `user SP hex(HMAC-MD5)` computed independently.
    #[test]
    fn cram_md5_matches_an_independent_hmac(
        user in field(),
        // Empty passwords are refused by every mechanism (tested in cli/login.rs).
        pass in proptest::collection::vec(any::<char>().prop_filter("no NUL", |c| *c != '\0'), 1..100)
            .prop_map(|c| c.into_iter().collect::<String>()),
        challenge in proptest::collection::vec(any::<u8>(), 1..200),
    ) {
        let mut cram = CramMd5::new(&user, &pass, Charset::Utf8).unwrap();
        let out = render(&Messages::run(&mut cram, &[&challenge]).unwrap(), None);
        let expected = format!("{user} {}", hex::encode(hmac_md5(pass.as_bytes(), &challenge)));
        prop_assert_eq!(b64decode(&out), expected.into_bytes());
    }

    /// Latin-1 output has one byte a character, equal to its code point.
    #[test]
    fn latin1_is_one_byte_a_character(user in "[\\x01-\\u{ff}]{1,30}", pass in "[\\x01-\\u{ff}]{1,30}") {
        let mut plain = Plain::new("", &user, &pass, Charset::Latin1).unwrap();
        let bytes = b64decode(&render(&Messages::run(&mut plain, &[]).unwrap(), None));
        let expected: Vec<u8> = std::iter::once(0)
            .chain(user.chars().map(|c| c as u8))
            .chain(std::iter::once(0))
            .chain(pass.chars().map(|c| c as u8))
            .collect();
        prop_assert_eq!(bytes, expected);
    }

    /// A protocol line is the command, one space, and the bare base64,
    /// where the line with its CRLF fits the protocol's limit (SMTP 512
    /// octets, RFC 4954 section 4; POP3 255, RFC 5034 section 4; IMAP with
    /// SASL-IR none); past it the command goes alone and the base64 on
    /// the next line.
    #[test]
    fn protocol_lines_wrap_the_bare_base64(user in field(), pass in field()) {
        let mut plain = Plain::new("", &user, &pass, Charset::Utf8).unwrap();
        let exchange = Messages::run(&mut plain, &[]).unwrap();
        let bare = render(&exchange, None);
        let framed = |command: &str, limit: Option<usize>| {
            let inline = format!("{command} {}", &*bare);
            match limit {
                Some(limit) if inline.len() + 2 > limit => format!("{command}\n{}", &*bare),
                _ => inline,
            }
        };
        prop_assert_eq!(&*render(&exchange, Some(Protocol::Smtp)), &framed("AUTH PLAIN", Some(512)));
        prop_assert_eq!(&*render(&exchange, Some(Protocol::Imap)), &framed("A1 AUTHENTICATE PLAIN", None));
        prop_assert_eq!(&*render(&exchange, Some(Protocol::Pop3)), &framed("AUTH PLAIN", Some(255)));
    }
}
