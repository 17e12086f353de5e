//! The diagnosis scored on 60 hand-made mistakes over SMTP, IMAP and
//! POP3, each made as the command that makes it would (the bytes are
//! written here by hand, not taken from saslenc). Correct: the mistake
//! made is named, alone. Vague: no entry is named, only what is certain
//! (the expected outcome for a mistake outside the catalogue). Wrong:
//! another entry is named. None: no diagnosis at all. Run with
//! `--nocapture` to see the score.

use super::entry_tests::{b64, challenge_of, fixed, hmac, md5};
use crate::protocol::Protocol;
use crate::serve::accounts::Accounts;
use crate::serve::{Config, Session};
use crate::Secret;

type Line = Box<dyn Fn(&[u8]) -> Vec<u8>>;

struct Case {
    protocol: Protocol,
    user: &'static str,
    password: &'static str,
    lines: Vec<Line>,
    /// The entry to name; `None` for a mistake outside the catalogue.
    expect: Option<&'static str>,
}

fn line(text: impl Into<Vec<u8>>) -> Line {
    let text: Vec<u8> = text.into();
    Box::new(fixed(text))
}

fn smtp_plain(password: &'static str, message: &[u8], expect: Option<&'static str>) -> Case {
    let auth = format!("AUTH PLAIN {}", b64(message));
    Case {
        protocol: Protocol::Smtp,
        user: "alice",
        password,
        lines: vec![line("EHLO x"), line(auth)],
        expect,
    }
}

fn with(
    protocol: Protocol,
    password: &'static str,
    lines: Vec<Line>,
    expect: Option<&'static str>,
) -> Case {
    Case {
        protocol,
        user: "alice",
        password,
        lines,
        expect,
    }
}

fn cram(protocol: Protocol, digest: fn(&[u8]) -> String, expect: &'static str) -> Case {
    let answer: Line =
        Box::new(move |c: &[u8]| b64(format!("alice {}", digest(c)).as_bytes()).into_bytes());
    let lines = match protocol {
        Protocol::Smtp => vec![line("EHLO x"), line("AUTH CRAM-MD5"), answer],
        Protocol::Imap => vec![line("a AUTHENTICATE CRAM-MD5"), answer],
        Protocol::Pop3 => vec![line("AUTH CRAM-MD5"), answer],
    };
    with(protocol, "pencil", lines, Some(expect))
}

fn apop(digest: fn(&[u8]) -> String, expect: Option<&'static str>) -> Case {
    let line: Line = Box::new(move |ts: &[u8]| format!("APOP alice {}", digest(ts)).into_bytes());
    with(Protocol::Pop3, "pencil", vec![line], expect)
}

fn cases() -> Vec<Case> {
    use Protocol::{Imap, Pop3, Smtp};
    let long = "a-password-long-enough-that-its-plain-message-passes-76-columns";
    let wrapped = b64(format!("\0alice\0{long}").as_bytes())[..76].to_owned();
    vec![
        // SMTP
        smtp_plain("pencil", b"\0alice\0pencil\n", Some("echo-newline")),
        smtp_plain("pencil", b"\0alice\0pencil\r\n", Some("crlf")),
        smtp_plain("pencil", b"\\0alice\\0pencil", Some("plain-backslash-zero")),
        smtp_plain(
            "pencil",
            b"\\0alice\\0pencil\n",
            Some("plain-backslash-zero-newline"),
        ),
        smtp_plain("pencil", b"-ne \0alice\0pencil\n", Some("dash-echo-ne")),
        smtp_plain("pencil", b"alice\0pencil", Some("plain-no-leading-nul")),
        smtp_plain("pencil", b"\0pencil\0alice", Some("user-password-swapped")),
        Case {
            user: "pct",
            ..smtp_plain("100%safe", b"\0pct\x080afe", Some("printf-plain"))
        },
        smtp_plain("pa$$word", b"\0alice\0pa12345word", Some("shell-dollar")),
        smtp_plain("a%dz", b"\0alice\0a0z", Some("printf-plain")),
        with(
            Smtp,
            long,
            vec![line("EHLO x"), line(format!("AUTH PLAIN {wrapped}"))],
            Some("base64-wrapped"),
        ),
        with(
            Smtp,
            "pencil",
            vec![
                line("EHLO x"),
                line(format!("AUTH PLAIN {}", b64(b"AGFsaWNlAHBlbmNpbA=="))),
            ],
            Some("double-base64"),
        ),
        with(
            Smtp,
            "p>>?",
            vec![line("EHLO x"), line("AUTH PLAIN AGFsaWNlAHA-Pj8=")],
            Some("base64url"),
        ),
        smtp_plain("pässword", b"\0alice\0p\xe4ssword", Some("latin1")),
        with(
            Smtp,
            "pencil",
            vec![
                line("EHLO x"),
                line("AUTH LOGIN"),
                line("YWxpY2UK"),
                line("cGVuY2ls"),
            ],
            Some("user-newline"),
        ),
        with(
            Smtp,
            "pencil",
            vec![
                line("EHLO x"),
                line("AUTH LOGIN"),
                line("alice"),
                line("pencil"),
            ],
            Some("login-plain-text"),
        ),
        with(
            Smtp,
            "pencil",
            vec![
                line("EHLO x"),
                line("AUTH LOGIN"),
                line("AGFsaWNlAHBlbmNpbA=="),
                line("cGVuY2ls"),
            ],
            Some("plain-at-login-prompt"),
        ),
        cram(
            Smtp,
            |c| hmac(b"pencil", c).to_uppercase(),
            "cram-upper-case",
        ),
        cram(
            Smtp,
            |c| hmac(b"pencil", &[c, b"\n"].concat()),
            "cram-challenge-newline",
        ),
        cram(Smtp, |c| md5(&[b"pencil", c].concat()), "cram-md5-concat"),
        cram(Smtp, |c| hmac(c, b"pencil"), "cram-key-data-swapped"),
        cram(Smtp, |c| hmac(b"pencil\n", c), "cram-key-newline"),
        cram(
            Smtp,
            |c| hmac(b"pencil", b64(c).as_bytes()),
            "cram-base64-challenge",
        ),
        smtp_plain("pencil", b"\0alice \0pencil", Some("user-trailing-space")),
        smtp_plain("pencil", b"\0alice\0crayon", None),
        smtp_plain("pencil", b"\0alice\0pencil \n", None),
        with(
            Smtp,
            "pencil",
            vec![
                line("EHLO x"),
                line("AUTH LOGIN"),
                line("cGVuY2ls"),
                line("YWxpY2U="),
            ],
            Some("user-password-swapped"),
        ),
        // IMAP
        with(
            Imap,
            "pencil",
            vec![line("a LOGIN alice \"pencil \"")],
            Some("trailing-space"),
        ),
        with(
            Imap,
            "pässword",
            vec![line(&b"a LOGIN alice p\xe4ssword"[..])],
            Some("latin1"),
        ),
        with(
            Imap,
            "pencil",
            vec![line("a AUTHENTICATE PLAIN AGFsaWNlAHBlbmNpbAo=")],
            Some("echo-newline"),
        ),
        with(
            Imap,
            "pencil",
            vec![line("a AUTHENTICATE PLAIN YWxpY2UAcGVuY2lsAA==")],
            Some("plain-nul-at-end"),
        ),
        with(
            Imap,
            "pencil",
            vec![line("a LOGIN pencil alice")],
            Some("user-password-swapped"),
        ),
        with(
            Imap,
            "pencil",
            vec![line("a LOGIN \"alice \" pencil")],
            Some("user-trailing-space"),
        ),
        with(
            Imap,
            "a b",
            vec![line(format!(
                "a AUTHENTICATE PLAIN {}",
                b64("\0alice\0a\u{a0}b".as_bytes())
            ))],
            Some("unprepared"),
        ),
        with(
            Imap,
            "pässword",
            vec![line("a LOGIN alice \"pÃ¤ssword\"")],
            Some("mojibake"),
        ),
        with(
            Imap,
            "pencil",
            vec![line(format!(
                "a AUTHENTICATE PLAIN {}",
                b64(b"AGFsaWNlAHBlbmNpbA==")
            ))],
            Some("double-base64"),
        ),
        with(Imap, "pencil", vec![line("a LOGIN alice crayon")], None),
        with(Imap, "pencil", vec![line("a LOGIN bob pencil")], None),
        with(
            Imap,
            "pencil",
            vec![
                line("a AUTHENTICATE LOGIN"),
                line("YWxpY2U="),
                line("cGVuY2lsCg=="),
            ],
            Some("echo-newline"),
        ),
        with(
            Imap,
            "pencil",
            vec![line(format!(
                "a AUTHENTICATE PLAIN {}",
                b64(b"\\0alice\\0pencil")
            ))],
            Some("plain-backslash-zero"),
        ),
        // POP3
        with(
            Pop3,
            "pencil",
            vec![line("USER alice"), line("PASS pencil ")],
            Some("trailing-space"),
        ),
        with(
            Pop3,
            "pässword",
            vec![line("USER alice"), line(&b"PASS p\xe4ssword"[..])],
            Some("latin1"),
        ),
        with(
            Pop3,
            "pencil",
            vec![line("USER pencil"), line("PASS alice")],
            Some("user-password-swapped"),
        ),
        apop(|ts| md5(&[ts, b"pencil\n"].concat()), Some("apop-newline")),
        apop(|_| md5(b"pencil"), Some("apop-no-timestamp")),
        with(
            Pop3,
            "pencil",
            vec![line("AUTH PLAIN AGFsaWNlAHBlbmNpbAo=")],
            Some("echo-newline"),
        ),
        with(
            Pop3,
            "pencil",
            vec![line("AUTH PLAIN YWxpY2UAcGVuY2ls")],
            Some("plain-no-leading-nul"),
        ),
        with(
            Pop3,
            "p%dss",
            vec![line("AUTH LOGIN"), line("YWxpY2U="), line("cDBzcw==")],
            Some("printf-password"),
        ),
        with(
            Pop3,
            "x\\0101",
            vec![line("AUTH LOGIN"), line("YWxpY2U="), line("eEE=")],
            Some("echo-escapes"),
        ),
        apop(|ts| md5(&[ts, b"crayon"].concat()), None),
        with(
            Pop3,
            "a\u{a0}b",
            vec![line(format!("AUTH PLAIN {}", b64(b"\0alice\0a b")))],
            Some("client-saslprep"),
        ),
        cram(
            Pop3,
            |c| hmac(b"pencil", c).to_uppercase(),
            "cram-upper-case",
        ),
        with(
            Pop3,
            "pencil",
            vec![line("AUTH PLAIN AHBlbmNpbABhbGljZQ==")],
            Some("user-password-swapped"),
        ),
        with(
            Pop3,
            "pencil",
            vec![line("USER alice"), line("PASS crayon")],
            None,
        ),
        // More of each protocol.
        cram(Imap, |c| hmac(b"pencil\n", c), "cram-key-newline"),
        with(
            Imap,
            long,
            vec![line(format!("a AUTHENTICATE PLAIN {wrapped}"))],
            Some("base64-wrapped"),
        ),
        with(
            Imap,
            "pencil",
            vec![line(format!(
                "a AUTHENTICATE PLAIN {}",
                b64(b"-ne \0alice\0pencil\n")
            ))],
            Some("dash-echo-ne"),
        ),
        with(
            Smtp,
            "pencil",
            vec![
                line("EHLO x"),
                line("AUTH LOGIN"),
                line("YWxpY2U="),
                line("cGVuY2lsDQo="),
            ],
            Some("crlf"),
        ),
        with(
            Pop3,
            "pässword",
            vec![line("USER alice"), line("PASS pÃ¤ssword")],
            Some("mojibake"),
        ),
        with(
            Pop3,
            "pencil",
            vec![line(format!("AUTH PLAIN {}", b64(b"\\0alice\\0pencil\n")))],
            Some("plain-backslash-zero-newline"),
        ),
    ]
}

#[derive(Debug, Default, PartialEq)]
struct Score {
    correct: usize,
    vague: usize,
    wrong: usize,
    none: usize,
}

#[test]
fn the_diagnosis_score_on_hand_made_mistakes() {
    let mut score = Score::default();
    let all = cases();
    for (number, case) in all.iter().enumerate() {
        let accounts = Accounts::single(
            case.user,
            Some(Secret::new(case.password.as_bytes().to_vec())),
            None,
        );
        let mut config = Config::new(case.protocol, &accounts);
        config.allow_cleartext = true;
        let mut session = Session::new(&config, &accounts, true);
        let mut reply = session.greeting().reply;
        for line in &case.lines {
            reply = session.line(&line(&challenge_of(&reply)), false).reply;
        }
        let diagnosis = session.verdict().diagnosis;
        let first = diagnosis.first().cloned().unwrap_or_default();
        let tags = first.matches(" [").count();
        let verdict = match case.expect {
            _ if diagnosis.is_empty() => &mut score.none,
            Some(id) if tags == 1 && first.ends_with(&format!("[{id}]")) => &mut score.correct,
            _ if tags > 0 => &mut score.wrong,
            _ => &mut score.vague,
        };
        *verdict += 1;
        if tags == 0 {
            eprintln!("vague, case {number}: {first}");
        }
        let mistaken = tags > 0
            && case
                .expect
                .is_none_or(|id| !first.ends_with(&format!("[{id}]")));
        assert!(
            !mistaken && !diagnosis.is_empty(),
            "case {number} ({:?}): {diagnosis:?}",
            case.expect
        );
        if case.expect.is_some() {
            assert_eq!(tags, 1, "case {number} ({:?}): {diagnosis:?}", case.expect);
        }
    }
    eprintln!("diagnosis score on {} mistakes: {score:?}", all.len());
    assert!(all.len() >= 50);
    assert_eq!((score.wrong, score.none), (0, 0));
    assert!(score.correct * 10 >= all.len() * 9, "{score:?}");
}
