//! The server session never panics, whatever a client sends: random
//! bytes, and random sequences of real commands with random arguments, in
//! every protocol, before and after TLS.

use proptest::prelude::*;
use saslenc::protocol::Protocol;
use saslenc::serve::accounts::Accounts;
use saslenc::serve::{Config, Session};
use saslenc::Secret;

fn line() -> impl Strategy<Value = Vec<u8>> {
    let words = prop::sample::select(vec![
        "EHLO x",
        "HELO x",
        "AUTH PLAIN",
        "AUTH LOGIN",
        "AUTH CRAM-MD5",
        "AUTH SCRAM-SHA-256",
        "AUTH XOAUTH2",
        "AUTH PLAIN AGFsaWNlAHBlbmNpbA==",
        "AUTH PLAIN =",
        "*",
        "=",
        "MAIL FROM:<a>",
        "RCPT TO:<b>",
        "DATA",
        ".",
        "QUIT",
        "a1 LOGIN alice pencil",
        "a1 LOGIN {5}",
        "a1 LOGIN {3+}",
        "a1 AUTHENTICATE PLAIN",
        "a1 AUTHENTICATE SCRAM-SHA-1 biwsbj1hbGljZSxyPWFiYw==",
        "a1 SELECT INBOX",
        "a1 APPEND INBOX {10}",
        "USER alice",
        "PASS pencil",
        "APOP alice 0123",
        "AUTH",
        "CAPA",
        "STLS",
        "STARTTLS",
        "a STARTTLS",
        "STAT",
        "LIST",
        "biwsbj1hbGljZSxyPWFiYw==",
        "Yz1iaXdzLHI9YWJjLHA9QUFBQQ==",
        "AHUAcA==",
        "dXNlcg==",
        "",
    ]);
    prop_oneof![
        3 => words.prop_map(|w| w.as_bytes().to_vec()),
        1 => prop::collection::vec(any::<u8>().prop_filter("no LF", |b| *b != b'\n'), 0..200),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_server_session_never_panics(
        protocol in prop::sample::select(vec![Protocol::Smtp, Protocol::Imap, Protocol::Pop3]),
        tls in any::<bool>(),
        cleartext in any::<bool>(),
        lines in prop::collection::vec((line(), any::<bool>()), 0..24),
        literal in prop::collection::vec(any::<u8>(), 0..20),
    ) {
        let accounts = Accounts::single("alice", Some(Secret::new(b"pencil".to_vec())), None);
        let mut config = Config::new(protocol, &accounts);
        config.allow_cleartext = cleartext;
        let mut session = Session::new(&config, &accounts, tls);
        session.greeting();
        for (line, bare) in &lines {
            let out = session.line(line, *bare);
            if let Some(size) = out.literal {
                let mut bytes = literal.clone();
                bytes.resize(size.min(64), b'x');
                session.literal(&bytes);
            }
            if out.start_tls {
                session.tls_started();
            }
            session.take_entries();
            if out.close {
                break;
            }
        }
        let _ = session.verdict();
    }
}
