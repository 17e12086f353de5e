//! No input makes a parser of server or client lines panic, and no line
//! makes a conversation report success before the exchange is over.
//!
//! The inputs are arbitrary bytes (invalid UTF-8 included), and arbitrary
//! bytes behind the prefixes the parsers branch on (`+OK`, `334 `, `235`,
//! `250-`, `A1 `, `r=`, `v=`...), since purely random bytes almost never
//! reach the branches past a prefix: `+OK` followed by a multi-byte
//! character once cut a character in half.

use proptest::prelude::*;
use saslenc::decode::decode_line;
use saslenc::exchange::{Exchange, Output, Reporting};
use saslenc::mech::scram::{Prep, Scram, ScramHash};
use saslenc::mech::{CramMd5, Login, Mechanism, OAuthBearer, XOAuth2};
use saslenc::protocol::lines::{self, LineRead};
use saslenc::protocol::pasted;
use saslenc::protocol::reply::{self, Expect};
use saslenc::protocol::Protocol;
use saslenc::Error;

/// The prefixes server and client lines are told apart by.
const PREFIXES: &[&str] = &[
    "",
    "+",
    "+ ",
    "+OK",
    "+OK ",
    "-ERR",
    "-ERR ",
    "334",
    "334 ",
    "235",
    "235 ",
    "220 ",
    "250-",
    "250 ",
    "535 ",
    "4",
    "23",
    "A1 ",
    "A1 OK",
    "A1 NO ",
    "A0 OK ",
    "* ",
    "* OK ",
    "=",
    "AUTH ",
    "AUTH PLAIN ",
    "a AUTHENTICATE ",
    "a AUTHENTICATE PLAIN ",
    "r=",
    "r=abc",
    "s=",
    "i=",
    "v=",
    "e=",
    "c=",
    "n,",
    "n,a=",
    "y,,",
    "p=",
    "user=",
    "{\"status\"",
];

/// Arbitrary bytes, often behind one of [`PREFIXES`].
fn line_bytes() -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::sample::select(PREFIXES),
        proptest::collection::vec(any::<u8>(), 0..40),
        proptest::collection::vec(
            prop_oneof![
                Just("é"),
                Just("\u{202e}"),
                Just("€"),
                Just(" "),
                Just("\r")
            ],
            0..4,
        ),
    )
        .prop_map(|(prefix, tail, chars)| {
            let mut bytes = prefix.as_bytes().to_vec();
            for (i, c) in chars.iter().enumerate() {
                // Characters at the very places a byte index may fall.
                if i % 2 == 0 {
                    bytes.extend_from_slice(c.as_bytes());
                }
            }
            bytes.extend_from_slice(&tail);
            for c in chars.iter().skip(1).step_by(2) {
                bytes.extend_from_slice(c.as_bytes());
            }
            bytes
        })
}

/// The text forms of a byte line: as is where it is UTF-8, and with
/// invalid sequences replaced (which makes multi-byte characters).
fn texts(bytes: &[u8]) -> Vec<String> {
    let mut out = vec![String::from_utf8_lossy(bytes).into_owned()];
    if let Ok(text) = std::str::from_utf8(bytes) {
        out.push(text.to_owned());
    }
    out
}

fn expectations() -> Vec<Expect<'static>> {
    let mut out = vec![
        Expect::default(),
        Expect {
            protocol: None,
            tag: Some("A1"),
        },
    ];
    for protocol in [Protocol::Smtp, Protocol::Imap, Protocol::Pop3] {
        out.push(Expect::for_protocol(Some(protocol)));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn no_line_makes_server_line_panic(bytes in line_bytes()) {
        for text in texts(&bytes) {
            let _ = pasted::parse("input", &text);
            let _ = pasted::payload("challenge", &text);
            let _ = pasted::challenge("challenge", &text);
            for expect in expectations() {
                let _ = reply::classify(&text, expect);
            }
        }
    }

    #[test]
    fn no_line_makes_decode_panic(bytes in line_bytes()) {
        for text in texts(&bytes) {
            let _ = decode_line("input", &text);
        }
        // Bytes of any kind as the decoded payload, too.
        let b64 = saslenc::encoding::encode(&bytes);
        let _ = decode_line("input", &b64);
        let _ = decode_line("input", &format!("334 {}", &*b64));
        let _ = decode_line("input", &format!("AUTH SCRAM-SHA-1 {}", &*b64));
    }

    #[test]
    fn no_server_first_or_final_makes_scram_panic(first in line_bytes(), last in line_bytes()) {
        for hash in [ScramHash::Sha1, ScramHash::Sha256] {
            let mut scram = Scram::new(hash, "", "u", "p", "abc", Prep::SaslPrep).unwrap();
            scram.initial().unwrap();
            let _ = scram.respond(&first);
            // And past the nonce check, with a cheap count.
            let mut scram = Scram::new(hash, "", "u", "p", "abc", Prep::SaslPrep).unwrap();
            scram.initial().unwrap();
            let mut first_ok = b"r=abcd,s=QSXCR+Q6sek8bf92,i=1".to_vec();
            first_ok.extend_from_slice(&first);
            if scram.respond(&first_ok).is_ok() {
                let _ = scram.respond(&last);
                let _ = scram.success(Some(&last));
            }
        }
    }

    /// Whatever lines arrive, a verdict of success comes only after the
    /// mechanism's last response was printed, and the session never panics.
    #[test]
    fn no_success_before_the_exchange_is_over(
        lines in proptest::collection::vec(
            prop_oneof![
                3 => line_bytes(),
                1 => proptest::sample::select(vec![
                    &b"334 VXNlcm5hbWU6"[..], b"+ UGFzc3dvcmQ6", b"334 PDEyQGg+", b"+",
                    b"235 2.7.0 ok", b"+OK", b"A1 OK done", b"a9 OK done", b"* OK ready",
                    b"220 mail ESMTP", b"250-PIPELINING", b"250 AUTH LOGIN",
                ]).prop_map(<[u8]>::to_vec),
            ],
            0..8,
        ),
        protocol in proptest::option::of(prop_oneof![
            Just(Protocol::Smtp), Just(Protocol::Imap), Just(Protocol::Pop3)
        ]),
        which in 0..4usize,
    ) {
        let mut login = Login::new("user", "pencil", Default::default()).unwrap();
        let mut cram = CramMd5::new("user", "pencil", Default::default()).unwrap();
        let mut xoauth2 = XOAuth2::new("user", "tok").unwrap();
        let mut bearer = OAuthBearer::new("user", None, None, "tok").unwrap();
        // (mechanism, lines it prints before it is complete)
        let (mechanism, needed): (&mut dyn Client, usize) = match which {
            0 => (&mut login, 2),
            1 => (&mut cram, 1),
            2 => (&mut xoauth2, 0),
            _ => (&mut bearer, 0),
        };
        let mut out = Vec::new();
        let mut session = Exchange::start(mechanism, protocol, Reporting::default(), &mut out).unwrap();
        let opening = out.iter().filter(|o| matches!(o, Output::Send { .. })).count();
        for line in &lines {
            match session.feed(line, &mut out) {
                Ok(Some(_)) => {
                    let printed = out.iter().filter(|o| matches!(o, Output::Send { .. })).count();
                    prop_assert!(printed >= opening + needed, "success after {printed} lines");
                    prop_assert!(session.is_complete());
                    break;
                }
                Ok(None) => {}
                Err(Error::ExchangeOver) => prop_assert!(false, "fed after the end"),
                Err(_) => break,
            }
        }
    }

    #[test]
    fn bounded_reads_never_hold_more_than_the_limit(
        input in proptest::collection::vec(prop_oneof![Just(b'\n'), any::<u8>()], 0..300),
        limit in 1..20usize,
    ) {
        let mut reader = std::io::BufReader::with_capacity(7, &input[..]);
        let mut buf = Vec::new();
        let mut lines = Vec::new();
        loop {
            match lines::read_line(&mut reader, &mut buf, limit).unwrap() {
                LineRead::End => break,
                LineRead::Line => lines.push(Some(buf.clone())),
                LineRead::TooLong => {
                    prop_assert_eq!(buf.len(), limit);
                    lines::skip_line(&mut reader).unwrap();
                    lines.push(None);
                }
            }
            prop_assert!(buf.len() <= limit);
        }
        // The same lines as a plain split, long ones marked.
        let mut expected: Vec<Option<Vec<u8>>> = input
            .split(|&b| b == b'\n')
            .map(|l| (l.len() <= limit).then(|| l.to_vec()))
            .collect();
        if input.last() == Some(&b'\n') || input.is_empty() {
            expected.pop();
        }
        prop_assert_eq!(lines, expected);
    }
}

/// A mechanism a conversation can hold, as a trait object.
trait Client: Mechanism + saslenc::layout::Explain {}
impl<T: Mechanism + saslenc::layout::Explain> Client for T {}
