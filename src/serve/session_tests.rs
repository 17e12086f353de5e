//! Every attempt on record, and limits like a real server's: the
//! session's answers to the cases issue 25 lists, with no socket.

use super::*;
use crate::Secret;

fn alice() -> Accounts {
    Accounts::single("alice", Some(Secret::new(b"pencil".to_vec())), None)
}

fn session<'a>(config: &'a Config, accounts: &'a Accounts, tls: bool) -> Session<'a> {
    let mut session = Session::new(config, accounts, tls);
    session.greeting();
    session
}

fn cleartext(protocol: Protocol, accounts: &dyn Directory) -> Config {
    let mut config = Config::new(protocol, accounts);
    config.allow_cleartext = true;
    config
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.reply).into_owned()
}

#[test]
fn an_imap_command_with_8_bit_bytes_gets_a_tagged_reply() {
    let a = alice();
    let config = cleartext(Protocol::Imap, &a);
    let mut s = session(&config, &a, true);
    let out = s.line(b"a7 SELECT Entw\xfcrfe", false);
    assert_eq!(text(&out), "a7 BAD Command is not UTF-8\r\n");
    let out = s.line(b"a8 LOGIN alice \"p\xe9ncil\"", false);
    assert!(
        text(&out).starts_with("a8 NO [AUTHENTICATIONFAILED]"),
        "{}",
        text(&out)
    );
    assert_eq!(s.logins().len(), 1);
}

#[test]
fn auth_after_starttls_without_a_new_ehlo_is_a_login_tried() {
    let a = alice();
    let config = Config::new(Protocol::Smtp, &a);
    let mut s = session(&config, &a, false);
    s.line(b"EHLO x", false);
    assert!(s.line(b"STARTTLS", false).start_tls);
    s.tls_started();
    let out = s.line(b"AUTH PLAIN AGFsaWNlAHBlbmNpbA==", false);
    assert_eq!(text(&out), "503 5.5.1 Send EHLO first\r\n");
    let verdict = s.verdict();
    assert_eq!(verdict.outcome, Outcome::Refused);
    assert_eq!(verdict.mechanism.as_deref(), Some("PLAIN"));
    assert!(verdict.diagnosis[0].contains("after STARTTLS without a new EHLO"));
}

#[test]
fn a_client_that_hangs_up_at_the_oauth_error_challenge_is_refused() {
    let a = Accounts::single("alice", None, Some(Secret::new(b"right-token".to_vec())));
    let config = cleartext(Protocol::Smtp, &a);
    let mut s = session(&config, &a, true);
    s.line(b"EHLO x", false);
    let message = b"user=alice\x01auth=Bearer wrong-token\x01\x01";
    let line = format!("AUTH XOAUTH2 {}", &*encoding::encode(message));
    assert!(text(&s.line(line.as_bytes(), false)).starts_with("334 "));
    assert_eq!(s.verdict().outcome, Outcome::NoAuth);
    s.hang_up();
    let verdict = s.verdict();
    assert_eq!(verdict.outcome, Outcome::Refused);
    assert!(verdict
        .diagnosis
        .iter()
        .any(|d| d.contains("at the error challenge")));
}

/// Ten refused logins of any kind, then the right password: the
/// connection is closed, not logged in.
#[test]
fn the_failure_limit_covers_every_kind_of_login() {
    let a = alice();
    type Try = (Protocol, &'static [&'static [u8]], &'static [&'static [u8]]);
    let cases: [Try; 3] = [
        (
            Protocol::Imap,
            &[b"a LOGIN alice wrong"],
            &[b"a LOGIN alice pencil"],
        ),
        (
            Protocol::Pop3,
            &[b"USER alice", b"PASS wrong"],
            &[b"USER alice", b"PASS pencil"],
        ),
        (
            Protocol::Pop3,
            &[b"APOP alice 00000000000000000000000000000000"],
            &[b"USER alice", b"PASS pencil"],
        ),
    ];
    for (protocol, wrong, right) in cases {
        let config = cleartext(protocol, &a);
        let mut s = session(&config, &a, true);
        for _ in 0..MAX_LOGINS {
            for line in wrong {
                assert!(!s.line(line, false).close);
            }
        }
        let mut closed = false;
        for line in right {
            closed |= s.line(line, false).close;
        }
        assert!(closed, "{protocol:?}");
        assert_eq!(s.logins().len(), MAX_LOGINS);
        assert_eq!(s.verdict().outcome, Outcome::Refused);
    }
}

#[test]
fn ehlo_lists_starttls_and_auth_before_its_last_line() {
    let a = alice();
    let mut config = Config::new(Protocol::Smtp, &a);
    config.allow_cleartext = true;
    let mut s = session(&config, &a, false);
    let reply = text(&s.line(b"EHLO x", false));
    assert!(reply.contains("\r\n250-STARTTLS\r\n250-AUTH "), "{reply}");
    assert!(reply.ends_with("\r\n250 SIZE 33554432\r\n"), "{reply}");
}

#[test]
fn starttls_after_login_is_refused() {
    let a = alice();
    let config = cleartext(Protocol::Smtp, &a);
    let mut s = session(&config, &a, false);
    s.line(b"EHLO x", false);
    s.line(b"AUTH PLAIN AGFsaWNlAHBlbmNpbA==", false);
    let out = s.line(b"STARTTLS", false);
    assert_eq!(text(&out), "503 5.5.1 Already authenticated\r\n");
    assert!(!out.start_tls);
    let config = cleartext(Protocol::Imap, &a);
    let mut s = session(&config, &a, false);
    s.line(b"a LOGIN alice pencil", false);
    let out = s.line(b"b STARTTLS", false);
    assert_eq!(text(&out), "b BAD Already authenticated\r\n");
    let config = cleartext(Protocol::Pop3, &a);
    let mut s = session(&config, &a, false);
    s.line(b"USER alice", false);
    s.line(b"PASS pencil", false);
    let out = s.line(b"STLS", false);
    assert!(
        !out.start_tls && text(&out).starts_with("-ERR"),
        "{}",
        text(&out)
    );
}

#[test]
fn an_over_long_line_gets_a_line_too_long_reply() {
    let a = alice();
    for (protocol, want) in [
        (Protocol::Smtp, "500 5.5.6 Line too long\r\n"),
        (Protocol::Imap, "* BYE Line too long\r\n"),
        (Protocol::Pop3, "-ERR Line too long\r\n"),
    ] {
        let config = Config::new(protocol, &a);
        let mut s = session(&config, &a, false);
        let out = s.line_too_long();
        assert_eq!(text(&out), want);
        assert!(out.close);
    }
}

#[test]
fn cr_cr_lf_lines_are_taken_with_a_note() {
    let a = alice();
    let config = cleartext(Protocol::Smtp, &a);
    let mut s = session(&config, &a, true);
    s.line(b"EHLO x\r", false);
    let out = s.line(b"AUTH PLAIN AGFsaWNlAHBlbmNpbA==\r", false);
    assert_eq!(text(&out), "235 2.7.0 Authentication successful\r\n");
    let notes: Vec<String> = s.take_entries().into_iter().map(|e| e.text).collect();
    assert_eq!(
        notes.iter().filter(|n| n.contains("CR CR LF")).count(),
        1,
        "{notes:?}"
    );
}

#[test]
fn counts_agree_with_their_nouns() {
    assert_eq!(plural(1, "byte"), "1 byte");
    assert_eq!(plural(0, "login"), "0 logins");
    assert_eq!(plural(2, "connection"), "2 connections");
}

#[test]
fn a_tls_client_hello_on_a_starttls_port_is_named() {
    let a = alice();
    let config = Config::new(Protocol::Smtp, &a);
    let mut s = session(&config, &a, false);
    let out = s.line(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", false);
    assert_eq!(text(&out), "500 5.5.1 TLS on a STARTTLS port\r\n");
    assert!(out.close);
    let verdict = s.verdict();
    assert_eq!(verdict.outcome, Outcome::NoAuth);
    assert!(
        verdict.diagnosis[0].contains("a TLS ClientHello"),
        "{verdict:?}"
    );
    // Once TLS is up, the same bytes are no hello.
    let mut s = session(&config, &a, true);
    assert!(!s.client_hello(b"\x16\x03\x01"));
}

/// A store of a program's own, which checks passwords but hands out no
/// account: it logs clients in, and a refusal is diagnosed only from what
/// it answered, never by a mistake of the catalogue it could not have
/// reproduced.
struct Elsewhere(Accounts);

impl Store for Elsewhere {
    fn password(&self, user: &str, password: &[u8]) -> Check {
        self.0.password(user, password)
    }
    fn scram(
        &self,
        user: &str,
        hash: crate::mech::ScramHash,
    ) -> Option<crate::mech::server::ScramSecret> {
        self.0.scram(user, hash)
    }
    fn cram_md5(&self, user: &str, challenge: &[u8], digest: &[u8; 16]) -> Check {
        self.0.cram_md5(user, challenge, digest)
    }
    fn token(&self, user: &str, token: &[u8]) -> Check {
        self.0.token(user, token)
    }
}

impl Directory for Elsewhere {
    fn can_run(&self, kind: Kind) -> bool {
        self.0.can_run(kind)
    }
}

#[test]
fn a_store_that_keeps_its_accounts_is_diagnosed_by_its_answer_only() {
    let store = Elsewhere(alice());
    let config = cleartext(Protocol::Smtp, &store);
    assert!(config.mechanisms.contains(&Kind::CramMd5));
    let mut s = Session::new(&config, &store, true);
    s.greeting();
    s.line(b"EHLO client", false);
    // PLAIN with the password followed by a line feed: against Accounts
    // the catalogue names the newline; here nothing can be reproduced.
    let wrong = crate::encoding::encode(b"\0alice\0pencil\n");
    let out = s.line(format!("AUTH PLAIN {}", wrong.as_str()).as_bytes(), false);
    assert!(text(&out).starts_with("535 "), "{}", text(&out));
    let out = s.line(b"AUTH PLAIN AGFsaWNlAHBlbmNpbA==", false);
    assert!(text(&out).starts_with("235 "), "{}", text(&out));
    let logins = s.logins();
    assert_eq!(
        logins[0].diagnosis,
        ["the account store answered: wrong password"]
    );
    assert_eq!(logins[1].outcome, Outcome::Accepted);

    // The same line against the accounts themselves names the mistake.
    let a = alice();
    let config = cleartext(Protocol::Smtp, &a);
    let mut s = session(&config, &a, true);
    s.line(b"EHLO client", false);
    s.line(format!("AUTH PLAIN {}", wrong.as_str()).as_bytes(), false);
    assert_ne!(s.logins()[0].diagnosis, logins[0].diagnosis);
}

#[test]
fn apop_needs_a_store_that_hands_out_the_password() {
    let store = Elsewhere(alice());
    let config = cleartext(Protocol::Pop3, &store);
    let mut s = Session::new(&config, &store, true);
    let greeting = text(&s.greeting());
    let stamp = &greeting[greeting.find('<').unwrap()..=greeting.find('>').unwrap()];
    use md5::Digest;
    let digest = hex::encode(md5::Md5::digest(format!("{stamp}pencil").as_bytes()));
    let out = s.line(format!("APOP alice {digest}").as_bytes(), false);
    assert!(text(&out).starts_with("-ERR"), "{}", text(&out));
    assert!(
        s.logins()[0].diagnosis[0].contains("does not hand it out"),
        "{:?}",
        s.logins()[0].diagnosis
    );
}

/// RFC 5802 section 6 in a session: -PLUS is offered only over TLS with
/// binding data; a y from a client that could bind is refused there as a
/// downgrade and diagnosed in words, n is taken.
#[test]
fn plus_is_offered_with_a_channel_and_a_downgrade_is_refused() {
    use crate::mech::{BindingType, ChannelBinding};
    let a = alice();
    let config = Config::new(Protocol::Smtp, &a);
    let mut s = session(&config, &a, true);
    let out = s.line(b"EHLO x", false);
    assert!(!text(&out).contains("-PLUS"), "{}", text(&out));
    let exporter = ChannelBinding::new(BindingType::TlsExporter, vec![9; 32]).unwrap();
    let mut s = session(&config, &a, true);
    s.set_channel(vec![exporter]);
    let out = s.line(b"EHLO x", false);
    assert!(text(&out).contains("AUTH SCRAM-SHA-256-PLUS SCRAM-SHA-1-PLUS SCRAM-SHA-256"));
    // y,,n=alice,r=abc
    let out = s.line(b"AUTH SCRAM-SHA-256 eSwsbj1hbGljZSxyPWFiYw==", false);
    assert!(text(&out).starts_with("535 "), "{}", text(&out));
    let verdict = s.verdict();
    assert_eq!(verdict.outcome, Outcome::Refused);
    assert!(
        verdict.diagnosis[0].contains("a downgrade"),
        "{:?}",
        verdict.diagnosis
    );
    // n,,n=alice,r=abc
    let out = s.line(b"AUTH SCRAM-SHA-256 biwsbj1hbGljZSxyPWFiYw==", false);
    assert!(text(&out).starts_with("334 "), "{}", text(&out));
    // A -PLUS mechanism with n: "n where p= was needed".
    let mut s = session(&config, &a, true);
    s.set_channel(vec![ChannelBinding::new(
        BindingType::TlsExporter,
        vec![9; 32],
    )
    .unwrap()]);
    s.line(b"EHLO x", false);
    let out = s.line(b"AUTH SCRAM-SHA-256-PLUS biwsbj1hbGljZSxyPWFiYw==", false);
    assert!(text(&out).starts_with("535 "), "{}", text(&out));
    assert!(s.verdict().diagnosis[0].contains("n where p= was needed"));
}

/// A client that hangs up in the middle of a login left it unfinished:
/// on record with where it stood, never "never tried to log in".
#[test]
fn a_login_left_in_the_middle_is_on_record_as_unfinished() {
    let a = alice();
    // CRAM-MD5: the challenge unanswered.
    let config = cleartext(Protocol::Smtp, &a);
    let mut s = session(&config, &a, true);
    s.line(b"EHLO x", false);
    assert!(text(&s.line(b"AUTH CRAM-MD5", false)).starts_with("334 "));
    s.hang_up();
    let verdict = s.verdict();
    assert_eq!(verdict.outcome, Outcome::Unfinished);
    assert!(
        verdict.diagnosis[0].contains("at the server's challenge"),
        "{:?}",
        verdict.diagnosis
    );
    // DIGEST-MD5: right response, rspauth unanswered.
    let mut config = cleartext(Protocol::Smtp, &a);
    config.mechanisms = vec![Kind::DigestMd5];
    let mut s = session(&config, &a, true);
    s.line(b"EHLO x", false);
    let challenge = crate::encoding::decode(
        "challenge",
        text(&s.line(b"AUTH DIGEST-MD5", false))
            .trim_end()
            .strip_prefix("334 ")
            .unwrap(),
    )
    .unwrap();
    let mut client = crate::mech::digest_md5::DigestMd5::new(crate::mech::digest_md5::Login {
        user: "alice",
        password: b"pencil",
        authzid: "",
        digest_uri: "smtp/localhost",
        cnonce: "cn",
    })
    .unwrap();
    let response = crate::mech::Mechanism::respond(&mut client, &challenge).unwrap();
    let out = s.line(crate::encoding::encode(&response).as_bytes(), false);
    assert!(text(&out).starts_with("334 "), "{}", text(&out));
    s.hang_up();
    let verdict = s.verdict();
    assert_eq!(verdict.outcome, Outcome::Unfinished);
    assert!(
        verdict.diagnosis[0].contains("at the server's proof (rspauth)"),
        "{:?}",
        verdict.diagnosis
    );
    assert!(
        verdict.diagnosis[0].contains("right for \"alice\""),
        "{:?}",
        verdict.diagnosis
    );
}

/// A quote in a user name cannot close the diagnosis's quotes and make
/// what follows read as the server's own words.
#[test]
fn a_quote_in_a_user_name_stays_inside_its_quotes() {
    let a = alice();
    let config = cleartext(Protocol::Smtp, &a);
    let mut s = session(&config, &a, true);
    s.line(b"EHLO x", false);
    let forged = b"\0bob\"; an account's name differs from it only in case\0x";
    s.line(
        format!("AUTH PLAIN {}", crate::encoding::encode(forged).as_str()).as_bytes(),
        false,
    );
    let diagnosis = &s.verdict().diagnosis[0];
    assert!(
        diagnosis.starts_with(r#"there is no user "bob\"; an account"#),
        "{diagnosis}"
    );
}

/// A connection failed on purpose at the greeting says so, rather than
/// blaming the client's configuration.
#[test]
fn chaos_at_the_greeting_is_named_in_the_verdict() {
    let a = alice();
    let mut config = cleartext(Protocol::Smtp, &a);
    config
        .chaos
        .set(chaos::Step::Greeting, chaos::Failure::Temporary);
    let mut s = Session::new(&config, &a, true);
    assert!(text(&s.greeting()).starts_with("421 "));
    let verdict = s.verdict();
    assert_eq!(verdict.outcome, Outcome::NoAuth);
    assert!(
        verdict.diagnosis[0]
            .starts_with("no login could be tried: a temporary failure at the greeting"),
        "{:?}",
        verdict.diagnosis
    );
}
