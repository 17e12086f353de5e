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

mod catalogue {
    //! Every entry of the diagnosis catalogue is recognised on random
    //! right credentials, and names exactly the entries that give the
    //! same bytes; a password no entry makes is explained by none.

    use proptest::prelude::*;
    use saslenc::encoding;
    use saslenc::mech::server::Kind;
    use saslenc::protocol::Protocol;
    use saslenc::serve::accounts::Accounts;
    use saslenc::serve::diagnose::{self, Received, Right, Via, CATALOGUE};
    use saslenc::serve::{Config, Session};
    use saslenc::Secret;
    use zeroize::Zeroizing;

    const VIAS: [Via; 8] = [
        Via::Sasl(Kind::Plain),
        Via::Sasl(Kind::Login),
        Via::Sasl(Kind::CramMd5),
        Via::Sasl(Kind::XOAuth2),
        Via::ImapLogin { literal: false },
        Via::ImapLogin { literal: true },
        Via::UserPass,
        Via::Apop,
    ];

    fn accounts(user: &str, password: &str) -> Accounts {
        Accounts::single(
            user,
            Some(Secret::new(password.as_bytes().to_vec())),
            Some(Secret::new(b"ya29.token-of-the-account".to_vec())),
        )
    }

    fn named_ids(found: &[&diagnose::Mistake]) -> Vec<&'static str> {
        let mut ids: Vec<&'static str> = found.iter().map(|m| m.id).collect();
        ids.sort_unstable();
        ids
    }

    /// The ids of every entry whose lines for `right` over `via` are
    /// exactly `lines`.
    fn same_bytes(right: &Right, via: Via, lines: &[Vec<u8>]) -> Vec<&'static str> {
        let mut ids: Vec<&'static str> = CATALOGUE
            .iter()
            .filter(|m| m.apply(right, via).as_deref() == Some(lines))
            .map(|m| m.id)
            .collect();
        ids.sort_unstable();
        ids
    }

    fn password() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z0-9]{1,20}",
            "[a-zA-Z0-9 %$\\\\äé€]{1,24}",
            "[a-z]{60,80}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        #[test]
        fn every_entry_is_named_with_the_entries_that_give_the_same_bytes(
            user in "[a-z]{1,12}",
            password in password(),
            entry in 0..CATALOGUE.len(),
            via in prop::sample::select(VIAS.to_vec()),
            challenge in "<[0-9]{1,10}\\.[0-9]{1,10}@[a-z]{1,8}>",
        ) {
            let accounts = accounts(&user, &password);
            let account = accounts.get(&user).unwrap();
            let states = account.cram_states();
            let right = Right {
                user: &user,
                password: Some(password.as_bytes()),
                cram_states: states.as_deref().map(|s| &s[..]),
                token: account.token(),
                challenge: challenge.as_bytes(),
                authzid_is_user: false,
            };
            let mistake = &CATALOGUE[entry];
            let Some(lines) = mistake.apply(&right, via) else {
                return Ok(());
            };
            let owned: Vec<Zeroizing<Vec<u8>>> =
                lines.iter().cloned().map(Zeroizing::new).collect();
            let received = Received { via, lines: &owned };
            let found = diagnose::search(&accounts, &received, challenge.as_bytes());
            let expected = same_bytes(&right, via, &lines);
            prop_assert!(expected.contains(&mistake.id));
            prop_assert_eq!(named_ids(&found), expected, "{} over {:?}", mistake.id, via);
        }

        #[test]
        fn an_unrelated_wrong_password_is_explained_by_no_entry(
            user in "[a-z]{1,12}",
            password in password(),
            wrong in "[A-Z]{1,20}",
            via in prop::sample::select(VIAS.to_vec()),
        ) {
            let accounts = accounts(&user, &password);
            let right = Right {
                user: &user,
                password: Some(password.as_bytes()),
                cram_states: None,
                token: None,
                challenge: b"<1.2@x>",
                authzid_is_user: false,
            };
            let wrong_right = Right { password: Some(wrong.as_bytes()), ..right };
            let Some(lines) = saslenc::serve::diagnose::catalogue::fields(
                &wrong_right, via, user.as_bytes(), wrong.as_bytes()) else {
                return Ok(());
            };
            let owned: Vec<Zeroizing<Vec<u8>>> =
                lines.iter().cloned().map(Zeroizing::new).collect();
            let received = Received { via, lines: &owned };
            let found = diagnose::search(&accounts, &received, b"<1.2@x>");
            prop_assert!(found.is_empty(), "{:?} explained by {:?}", wrong, named_ids(&found));
        }

        /// Through a whole session: the verdict's diagnosis names the
        /// entry, for PLAIN and LOGIN over SMTP, IMAP LOGIN and POP3
        /// USER/PASS.
        #[test]
        fn a_session_names_the_mistake(
            user in "[a-z]{1,12}",
            password in password(),
            entry in 0..CATALOGUE.len(),
            via in prop::sample::select(vec![
                Via::Sasl(Kind::Plain), Via::Sasl(Kind::Login), Via::ImapLogin { literal: false },
                Via::UserPass,
            ]),
        ) {
            let accounts = accounts(&user, &password);
            let right = Right {
                user: &user,
                password: Some(password.as_bytes()),
                cram_states: None,
                token: None,
                challenge: b"",
                authzid_is_user: false,
            };
            let mistake = &CATALOGUE[entry];
            let Some(lines) = mistake.apply(&right, via) else {
                return Ok(());
            };
            let protocol = match via {
                Via::ImapLogin { .. } => Protocol::Imap,
                Via::UserPass => Protocol::Pop3,
                _ => Protocol::Smtp,
            };
            // Only what the protocol can carry on a line as it is.
            let atom = |b: &[u8]| !b.is_empty() && b.iter().all(|c| c.is_ascii_graphic() && !b"(){%*\"\\]".contains(c));
            let wire: Vec<Vec<u8>> = match via {
                Via::Sasl(Kind::Plain) => vec![b"EHLO x".to_vec(), [&b"AUTH PLAIN "[..], &lines[0]].concat()],
                Via::Sasl(_) => {
                    let mut w = vec![b"EHLO x".to_vec(), b"AUTH LOGIN".to_vec()];
                    w.extend(lines.iter().cloned());
                    w
                }
                Via::ImapLogin { .. } => {
                    if !atom(&lines[0]) || !atom(&lines[1]) {
                        return Ok(());
                    }
                    vec![[&b"a1 LOGIN "[..], &lines[0], b" ", &lines[1]].concat()]
                }
                _ => {
                    if lines.iter().any(|l| l.contains(&b'\n') || l.contains(&b'\r') || l.is_empty() || l.contains(&b' ') && l == &lines[0]) {
                        return Ok(());
                    }
                    vec![[&b"USER "[..], &lines[0]].concat(), [&b"PASS "[..], &lines[1]].concat()]
                }
            };
            if wire.iter().any(|l| l.contains(&b'\n') || l.ends_with(b"\r")) {
                return Ok(());
            }
            let mut config = Config::new(protocol, &accounts);
            config.allow_cleartext = true;
            let mut session = Session::new(&config, &accounts, true);
            session.greeting();
            for line in &wire {
                session.line(line, false);
            }
            let diagnosis = session.verdict().diagnosis;
            let first = diagnosis.first().cloned().unwrap_or_default();
            let expected = same_bytes(&right, via, &lines);
            for id in &expected {
                prop_assert!(first.contains(&format!("[{id}]")), "{} over {:?}: {:?}", id, via, diagnosis);
            }
            prop_assert_eq!(first.matches(" [").count(), expected.len(), "{:?}", diagnosis);
            let _ = encoding::encode(b"");
        }
    }
}
