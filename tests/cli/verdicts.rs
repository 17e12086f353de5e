//! A verdict only when the exchange is over: lines that are no reply to
//! AUTH are reported as such, and a success before the mechanism's last
//! response is an error, never exit 0.

use predicates::prelude::*;

use crate::common::saslenc;

const USER_PROMPT: &str = "334 VXNlcm5hbWU6";
const PASS_PROMPT: &str = "334 UGFzc3dvcmQ6";
/// RFC 2195 section 2.
const CHALLENGE: &str = "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+";

fn login(protocol: Option<&str>) -> assert_cmd::Command {
    let mut cmd = saslenc();
    cmd.args(["login", "-u", "user", "--pass", "pencil", "-i"]);
    if let Some(protocol) = protocol {
        cmd.args(["-P", protocol]);
    }
    cmd
}

fn cram(protocol: Option<&str>) -> assert_cmd::Command {
    let mut cmd = saslenc();
    cmd.args(["cram-md5", "-u", "tim", "--pass", "tanstaaftanstaaf"]);
    if let Some(protocol) = protocol {
        cmd.args(["-P", protocol]);
    }
    cmd
}

/// Each line that is pasted instead of the verdict, with what saslenc must
/// say it is.
const NOT_VERDICTS: &[(Option<&str>, &str, &str)] = &[
    (None, "220 mail.example.com ESMTP", "greeting"),
    (Some("smtp"), "220 mail.example.com ESMTP", "greeting"),
    (None, "250-mail.example.com", "multi-line 250 reply"),
    (None, "250-AUTH PLAIN LOGIN CRAM-MD5", "EHLO"),
    (Some("smtp"), "250 2.0.0 OK", "reply to another command"),
    (None, "* OK [CAPABILITY IMAP4rev1] ready", "untagged"),
    (
        Some("imap"),
        "* OK [CAPABILITY IMAP4rev1] ready",
        "untagged",
    ),
    (Some("imap"), "A0 OK CAPABILITY completed", "tag A0"),
    (Some("imap"), "a1 OK done", "tag a1"),
    (
        None,
        "+OK Dovecot ready.",
        "greeting or the reply to an earlier command",
    ),
    (
        Some("pop3"),
        "+OK Dovecot ready.",
        "greeting or the reply to an earlier command",
    ),
    (
        None,
        "A0 OK CAPABILITY completed",
        "greeting or the reply to an earlier command",
    ),
    (Some("smtp"), "+OK Logged in.", "form of POP3"),
    (
        Some("pop3"),
        "235 2.7.0 Authentication successful",
        "form of SMTP",
    ),
];

/// Before the exchange starts, none of these is taken as the verdict:
/// each is named, and the input then ends without a verdict (3).
#[test]
fn lines_that_are_no_reply_to_auth_are_named_not_taken() {
    for &(protocol, line, what) in NOT_VERDICTS {
        for mut cmd in [login(protocol), cram(protocol)] {
            cmd.write_stdin(format!("{line}\r\n"))
                .assert()
                .code(3)
                .stderr(predicate::str::contains("ignored: "))
                .stderr(predicate::str::contains(what))
                .stderr(predicate::str::contains("no verdict"))
                .stderr(predicate::str::contains("succeeded").not());
        }
    }
}

/// The same lines pasted around a whole exchange change nothing: the real
/// verdict still decides.
#[test]
fn the_real_verdict_decides_around_noise() {
    let noise = |protocol: Option<&str>| -> String {
        NOT_VERDICTS
            .iter()
            .filter(|(p, ..)| *p == protocol || p.is_none() && protocol.is_none())
            .map(|(_, line, _)| format!("{line}\n"))
            .collect()
    };
    for (protocol, success, failure) in [
        (
            None,
            "235 2.7.0 Authentication successful",
            "535 5.7.8 failed",
        ),
        (
            Some("smtp"),
            "235 2.7.0 Authentication successful",
            "535 5.7.8 failed",
        ),
        (
            Some("imap"),
            "A1 OK Logged in",
            "A1 NO [AUTHENTICATIONFAILED] failed",
        ),
        (Some("pop3"), "+OK Logged in.", "-ERR [AUTH] failed"),
    ] {
        let input = |verdict: &str| {
            format!(
                "{}{USER_PROMPT}\n{}{PASS_PROMPT}\n{verdict}\n",
                noise(protocol),
                // Another command's reply in the middle, in IMAP.
                if protocol == Some("imap") {
                    "A0 OK CAPABILITY completed\n"
                } else {
                    ""
                },
            )
        };
        login(protocol)
            .write_stdin(input(success))
            .assert()
            .success()
            .stderr(predicate::str::contains(
                "verdict: authentication succeeded",
            ));
        login(protocol).write_stdin(input(failure)).assert().code(1);
    }
}

/// A success before LOGIN sent the password, or before CRAM-MD5 sent its
/// digest, is the server's fault (9), as in a live session: the line
/// answers something else, or the server did not check the credentials.
#[test]
fn a_success_before_the_last_response_is_an_error() {
    for (protocol, success) in [
        (None, "235 2.7.0 Authentication successful"),
        (Some("smtp"), "235 2.7.0 Authentication successful"),
        (Some("imap"), "A1 OK Logged in"),
        (Some("pop3"), "+OK Logged in."),
        (None, "+OK Logged in."),
        (None, "a7 OK done"),
    ] {
        login(protocol)
            .write_stdin(format!("{USER_PROMPT}\n{success}\n"))
            .assert()
            .code(9)
            .stderr(predicate::str::contains(
                "before LOGIN sent its last response",
            ))
            .stderr(predicate::str::contains("succeeded").not());
    }
    // An SMTP 235 answers nothing but AUTH: even as the first line it is
    // an early success, not a greeting.
    for mut cmd in [login(None), cram(Some("smtp"))] {
        cmd.write_stdin("235 2.7.0 Authentication successful\n")
            .assert()
            .code(9)
            .stderr(predicate::str::contains("sent its last response"));
    }
    cram(Some("imap"))
        .write_stdin("A1 OK Logged in\n")
        .assert()
        .code(9)
        .stderr(predicate::str::contains(
            "before CRAM-MD5 sent its last response",
        ));
}

#[test]
fn cram_md5_succeeds_only_after_its_response() {
    cram(Some("pop3"))
        .write_stdin(format!("+OK POP3 ready\n{CHALLENGE}\n+OK Logged in.\n"))
        .assert()
        .success()
        .stdout("AUTH CRAM-MD5\ndGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\n");
}

/// Server text echoed in notes and errors is escaped as decode escapes
/// it (control characters, bidirectional overrides) and cut when long:
/// a hostile server can neither drive the terminal nor flood it.
#[test]
fn server_text_in_notes_is_escaped_and_cut() {
    let rlo = "\u{202e}";
    let long = "x".repeat(5000);
    let input = format!(
        "* OK \x1b[2J{rlo}evil\n{}\n* OK {long}\n535 5.7.8 \x1b]0;title\x07{rlo}no\n",
        // A challenge whose text holds an escape sequence.
        "334 G1sySlVzZXJuYW1lOg=="
    );
    let out = saslenc()
        .args(["login", "-u", "u", "--pass", "p", "-i"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    assert!(!stderr.contains('\x07'), "{stderr:?}");
    assert!(!stderr.contains(rlo), "{stderr:?}");
    assert!(stderr.contains(r"* OK \x1b[2J\xe2\x80\xaeevil"), "{stderr}");
    assert!(
        stderr.contains(r"server sent: \x1b[2JUsername:"),
        "{stderr}"
    );
    assert!(
        stderr.contains(r"535 5.7.8 \x1b]0;title\x07\xe2\x80\xaeno"),
        "{stderr}"
    );
    assert!(stderr.contains("(5005 bytes in all)"), "{stderr}");
    assert!(stderr.lines().all(|line| line.len() < 600), "{stderr}");
    // SCRAM's e= is server text too.
    saslenc()
        .args(["scram-sha-1", "-u", "user", "--pass", "pencil", "--nonce", "fyko+d2lbbFgONRv9qkxdawL"])
        .write_stdin(format!(
            "cj1meWtvK2QybGJiRmdPTlJ2OXFreGRhd0wzcmZjTkhZSlkxWlZ2V1ZzN2oscz1RU1hDUitRNnNlazhiZjkyLGk9NDA5Ng==\n334 {}\n",
            crate::common::b64encode("e=\x1b[31m\u{202e}bad".as_bytes())
        ))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(r"failure: \x1b[31m\xe2\x80\xaebad"));
}
