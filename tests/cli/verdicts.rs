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

/// A mechanism whose AUTH line carries the whole exchange has nothing
/// left to send, yet a POP3 `+OK` (or an IMAP OK of no known tag) before
/// the server asked for anything may be the greeting: never a verdict.
#[test]
fn a_greeting_is_no_verdict_for_a_one_message_mechanism() {
    for protocol in [Some("pop3"), None] {
        for line in ["+OK Dovecot ready.", "A0 OK CAPABILITY completed"] {
            if protocol == Some("pop3") && line.starts_with("A0") {
                continue;
            }
            for mechanism in ["xoauth2", "oauthbearer"] {
                let mut cmd = saslenc();
                cmd.args([mechanism, "--user", "user", "--interactive"])
                    .args(["--token-env", "TOKEN"])
                    .env("TOKEN", "ya29.token");
                if let Some(protocol) = protocol {
                    cmd.args(["--protocol", protocol]);
                }
                cmd.write_stdin(format!("{line}\n"))
                    .assert()
                    .code(3)
                    .stderr(predicate::str::contains("ignored: "))
                    .stderr(predicate::str::contains("greeting"))
                    .stderr(predicate::str::contains("no reply to the AUTH command"))
                    .stderr(predicate::str::contains("succeeded").not());
            }
        }
    }
}

/// How each protocol frames the lines of an exchange, for the agreement
/// property below; `{tag}` is the AUTHENTICATE command's tag.
struct Framing {
    scheme: &'static str,
    greeting: &'static str,
    /// The capability command's reply, `{mech}` the mechanism offered.
    capabilities: &'static str,
    challenge: &'static str,
    success: &'static str,
    failure: &'static str,
    cancelled: &'static str,
    bye: &'static str,
}

static FRAMINGS: [Framing; 3] = [
    Framing {
        scheme: "smtp",
        greeting: "220 fake.invalid ESMTP\r\n",
        capabilities: "250-fake.invalid\r\n250 AUTH {mech}\r\n",
        challenge: "334 ",
        success: "235 2.7.0 Authentication successful",
        failure: "535 5.7.8 Authentication credentials invalid",
        cancelled: "501 5.7.0 cancelled\r\n",
        bye: "221 2.0.0 Bye\r\n",
    },
    Framing {
        scheme: "imap",
        greeting: "* OK fake ready\r\n",
        capabilities: "* CAPABILITY IMAP4rev1 SASL-IR AUTH={mech}\r\n{tag} OK done\r\n",
        challenge: "+ ",
        success: "{tag} OK Logged in",
        failure: "{tag} NO [AUTHENTICATIONFAILED] Authentication failed.",
        cancelled: "{tag} BAD cancelled\r\n",
        bye: "* BYE bye\r\n{tag} OK bye\r\n",
    },
    Framing {
        scheme: "pop3",
        greeting: "+OK fake ready\r\n",
        capabilities: "+OK\r\nSASL {mech}\r\n.\r\n",
        challenge: "+ ",
        success: "+OK Logged in.",
        failure: "-ERR [AUTH] Authentication failed.",
        cancelled: "-ERR cancelled\r\n",
        bye: "+OK Bye\r\n",
    },
];

/// The server's side of an exchange: `C:x` a challenge with payload `x`,
/// `OK` the success, `NO` the failure.
const EXCHANGES: &[(&str, &[&str])] = &[
    ("OAUTHBEARER", &["OK"]),
    ("OAUTHBEARER", &["NO"]),
    ("OAUTHBEARER", &["C:!!", "NO"]),
    ("OAUTHBEARER", &["C:YQ==", "OK"]),
    ("LOGIN", &["C:VXNlcm5hbWU6", "C:UGFzc3dvcmQ6", "OK"]),
    ("LOGIN", &["C:VXNlcm5hbWU6", "C:UGFzc3dvcmQ6", "NO"]),
    ("LOGIN", &["C:VXNlcm5hbWU6", "OK"]),
    ("LOGIN", &["OK"]),
    ("LOGIN", &["NO"]),
    ("LOGIN", &["C:%%%"]),
    (
        "CRAM-MD5",
        &[
            "C:PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+",
            "OK",
        ],
    ),
    (
        "CRAM-MD5",
        &[
            "C:PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+",
            "NO",
        ],
    ),
    ("CRAM-MD5", &["C:", "OK"]),
    ("CRAM-MD5", &["OK"]),
    (
        "CRAM-MD5",
        &[
            "C:PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+",
            "C:PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+",
        ],
    ),
    ("XOAUTH2", &["OK"]),
    ("XOAUTH2", &["NO"]),
    (
        "XOAUTH2",
        &["C:eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiQmVhcmVyIn0=", "NO"],
    ),
];

impl Framing {
    fn line(&self, step: &str, tag: &str) -> String {
        let line = match step {
            "OK" => self.success.to_owned(),
            "NO" => self.failure.to_owned(),
            _ => format!(
                "{}{}",
                self.challenge,
                step.strip_prefix("C:").expect("a challenge")
            ),
        };
        line.replace("{tag}", tag)
    }
}

/// The pasted conversation: `steps` as the server's lines, tagged as the
/// conversation tags its command (A1).
fn pasted(framing: &Framing, mechanism: &str, steps: &[&str]) -> std::process::Output {
    let input: String = steps
        .iter()
        .map(|step| format!("{}\n", framing.line(step, "A1")))
        .collect();
    let mut cmd = saslenc();
    cmd.arg(mechanism.to_ascii_lowercase())
        .args(["--user", "tim", "--protocol", framing.scheme]);
    match mechanism {
        "XOAUTH2" | "OAUTHBEARER" => {
            cmd.args(["--token-env", "TOKEN", "--interactive"])
                .env("TOKEN", "ya29.token");
        }
        "CRAM-MD5" => {
            cmd.args(["--pass", "tanstaaftanstaaf"]);
        }
        _ => {
            cmd.args(["--pass", "tanstaaftanstaaf", "--interactive"]);
        }
    }
    cmd.write_stdin(input).output().expect("saslenc runs")
}

/// `saslenc connect` against a fake server that answers each client line
/// of the exchange with the next of `steps`.
fn live(
    framing: &'static Framing,
    mechanism: &'static str,
    steps: &'static [&'static str],
) -> std::process::Output {
    let (port, server) = crate::connect::fake(move |peer| {
        peer.send(framing.greeting.as_bytes());
        let asked = peer.line();
        let tag = asked.split(' ').next().unwrap_or_default().to_owned();
        peer.send(
            framing
                .capabilities
                .replace("{mech}", mechanism)
                .replace("{tag}", &tag)
                .as_bytes(),
        );
        let auth = peer.line();
        let tag = auth.split(' ').next().unwrap_or_default().to_owned();
        for step in steps {
            peer.send(format!("{}\r\n", framing.line(step, &tag)).as_bytes());
            let next = peer.line();
            let upper = next.to_ascii_uppercase();
            if next.is_empty() && step.starts_with('C') && mechanism == "XOAUTH2" {
                // XOAUTH2's empty answer to the error report.
                continue;
            }
            if next == "*" {
                peer.send(framing.cancelled.replace("{tag}", &tag).as_bytes());
                break;
            }
            if upper == "QUIT" || upper.ends_with(" LOGOUT") {
                let tag = next.split(' ').next().unwrap_or_default();
                peer.send(framing.bye.replace("{tag}", tag).as_bytes());
                break;
            }
            if next.is_empty() {
                break;
            }
        }
        peer.drain();
    });
    let mut cmd = saslenc();
    cmd.args(["connect", &format!("{}://127.0.0.1:{port}", framing.scheme)])
        .args(["--no-tls", "--allow-cleartext", "--mech", mechanism])
        .args(["--user", "tim", "--timeout", "10"]);
    match mechanism {
        "XOAUTH2" | "OAUTHBEARER" => {
            cmd.args(["--token-env", "TOKEN"])
                .env("TOKEN", "ya29.token");
        }
        _ => {
            cmd.args(["--pass", "tanstaaftanstaaf"]);
        }
    }
    let out = cmd.output().expect("saslenc runs");
    server.join().expect("server thread");
    out
}

/// The same server lines give the same verdict and exit status through
/// the pasted conversation and through a live session, in each protocol.
/// One case cannot agree, and the property says how: a POP3 `+OK` before
/// the server asked for anything may be its greeting in pasted lines, so
/// the pasted conversation gives no verdict (3), never a contrary one.
#[test]
fn pasted_and_live_sessions_agree() {
    let mut compared = 0;
    for framing in &FRAMINGS {
        for &(mechanism, steps) in EXCHANGES {
            let pasted = pasted(framing, mechanism, steps);
            let live = live(framing, mechanism, steps);
            let (p, l) = (pasted.status.code(), live.status.code());
            let case = format!(
                "{} {mechanism} {steps:?}:\npasted {p:?}: {}\nlive {l:?}: {}{}",
                framing.scheme,
                String::from_utf8_lossy(&pasted.stderr),
                String::from_utf8_lossy(&live.stdout),
                String::from_utf8_lossy(&live.stderr),
            );
            if framing.scheme == "pop3" && steps[0] == "OK" {
                assert_eq!(p, Some(3), "{case}");
                assert!(matches!(l, Some(0 | 9)), "{case}");
                continue;
            }
            assert_eq!(p, l, "{case}");
            // A verdict names the same reply in both.
            if let Some(last @ ("OK" | "NO")) = steps.last().copied() {
                if matches!(p, Some(0 | 1)) {
                    let reply = framing.line(last, "");
                    let reply = reply.trim_start();
                    let text = |o: &std::process::Output| {
                        format!(
                            "{}{}",
                            String::from_utf8_lossy(&o.stdout),
                            String::from_utf8_lossy(&o.stderr)
                        )
                    };
                    let words = reply.split(' ').skip(1).collect::<Vec<_>>().join(" ");
                    assert!(text(&pasted).contains(&words), "{case}");
                    assert!(text(&live).contains(&words), "{case}");
                }
            }
            compared += 1;
        }
    }
    assert!(compared > 40, "{compared}");
}

/// The README's exit-status table, walked: one row for each status from 0
/// to 9, and for each, a run that ends with it and the words of the row
/// that name its case.
#[test]
fn the_readme_exit_status_table_is_what_runs_return() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let section = readme
        .split("\n## Exit status\n")
        .nth(1)
        .expect("an Exit status section");
    let rows: Vec<(u8, &str)> = section
        .lines()
        .skip_while(|l| !l.starts_with("| status"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let mut cells = l.trim_matches('|').splitn(2, '|');
            let status = cells.next().unwrap().trim().parse().expect("a status");
            (status, cells.next().unwrap().trim())
        })
        .collect();
    assert_eq!(
        rows.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        (0..=9).collect::<Vec<u8>>()
    );
    let row = |status: u8| rows[usize::from(status)].1;
    let dir = crate::common::tempdir();
    let missing = dir.path().join("missing");
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    // A server for connect that greets, lists `auth`, then answers each
    // line after EHLO with the next of `replies`, all at once when asked.
    let smtp = |auth: &'static str, replies: &'static [&'static str], at_once: bool| {
        crate::connect::fake(move |peer| {
            peer.send(b"220 fake.invalid ESMTP\r\n");
            peer.line();
            peer.send(format!("250-fake.invalid\r\n250 AUTH {auth}\r\n").as_bytes());
            if at_once {
                peer.line();
                peer.send(replies.concat().as_bytes());
            } else {
                for reply in replies {
                    if peer.line().is_empty() {
                        break;
                    }
                    peer.send(reply.as_bytes());
                }
            }
            peer.drain();
        })
    };
    let connect = |url: String, extra: &[&str]| {
        let mut cmd = saslenc();
        cmd.args([
            "connect",
            &url,
            "--user",
            "u",
            "--pass",
            "p",
            "--timeout",
            "5",
        ])
        .args(extra);
        cmd
    };
    let mut cases: Vec<(
        u8,
        &str,
        assert_cmd::Command,
        Option<std::thread::JoinHandle<()>>,
    )> = Vec::new();
    let mut plain = saslenc();
    plain.args(["plain", "--user", "u", "--pass", "p"]);
    cases.push((0, "success", plain, None));
    let mut refused = login(Some("smtp"));
    refused.write_stdin(format!("{USER_PROMPT}\n{PASS_PROMPT}\n535 5.7.8 no\n"));
    cases.push((1, "the server refused the credentials", refused, None));
    let mut usage = saslenc();
    usage.args(["plain", "--user", "u", "--pass", "p", "--bogus"]);
    cases.push((2, "an unexpected argument", usage, None));
    let mut ended = login(Some("smtp"));
    ended.write_stdin(format!("{USER_PROMPT}\n"));
    cases.push((
        3,
        "standard input ended before the server's verdict",
        ended,
        None,
    ));
    let mut unreadable = saslenc();
    unreadable
        .args(["plain", "--user", "u", "--pass-file"])
        .arg(&missing);
    cases.push((4, "missing file", unreadable, None));
    cases.push((
        5,
        "cannot connect",
        connect(format!("smtp://127.0.0.1:{closed}"), &[]),
        None,
    ));
    let (port, server) = crate::connect::fake(|peer| {
        peer.send(b"220 fake.invalid ESMTP\r\n");
        peer.drain();
    });
    cases.push((
        6,
        "TLS handshake or certificate failure",
        connect(format!("smtps://127.0.0.1:{port}"), &[]),
        Some(server),
    ));
    let (port, server) = smtp("DIGEST-MD5", &["221 2.0.0 Bye\r\n"], false);
    cases.push((
        7,
        "no usable mechanism",
        connect(format!("smtp://127.0.0.1:{port}"), &["--no-tls"]),
        Some(server),
    ));
    let (port, server) = smtp(
        "CRAM-MD5",
        &[
            "454 4.7.0 Temporary authentication failure\r\n",
            "221 2.0.0 Bye\r\n",
        ],
        false,
    );
    cases.push((
        8,
        "SMTP 4xx",
        connect(format!("smtp://127.0.0.1:{port}"), &["--no-tls"]),
        Some(server),
    ));
    let (port, server) = smtp(
        "LOGIN",
        &[
            "334 VXNlcm5hbWU6\r\n",
            "334 UGFzc3dvcmQ6\r\n",
            "235 2.7.0 ok\r\n",
        ],
        true,
    );
    cases.push((
        9,
        "a reply that arrived before saslenc's line of the exchange was written",
        connect(
            format!("smtp://127.0.0.1:{port}"),
            &["--no-tls", "--allow-cleartext", "--mech", "LOGIN"],
        ),
        Some(server),
    ));
    // Pasted lines judge a temporary failure as a live login does.
    for (protocol, reply) in [
        (Some("smtp"), "454 4.7.0 Temporary authentication failure"),
        (Some("imap"), "A1 NO [UNAVAILABLE] try later"),
        (Some("pop3"), "-ERR [SYS/TEMP] try later"),
        (None, "454 4.7.0 Temporary authentication failure"),
    ] {
        let mut temporary = login(protocol);
        temporary.write_stdin(format!("{reply}\n"));
        cases.push((8, "the pasted conversation alike", temporary, None));
    }
    let mut refused = login(Some("pop3"));
    refused.write_stdin("-ERR [AUTH] Authentication failed\n");
    cases.push((1, "the server refused the credentials", refused, None));
    let mut early = login(Some("smtp"));
    early.write_stdin(format!("{USER_PROMPT}\n235 2.7.0 ok\n"));
    cases.push((9, "success before the last step", early, None));
    // The server refusing the mechanism, or the command itself, is not a
    // refusal of the credentials, pasted or live.
    for (protocol, reply, status, words) in [
        (
            Some("smtp"),
            "504 5.5.4 Unrecognized authentication type",
            7,
            "the server cannot use the mechanism here",
        ),
        (
            Some("smtp"),
            "538 5.7.11 Encryption required",
            7,
            "SMTP `504`, `530`, `534`, `538`",
        ),
        (
            Some("imap"),
            "A1 NO Unsupported authentication mechanism",
            7,
            "a `NO` naming an unsupported mechanism",
        ),
        (
            Some("imap"),
            "A1 NO [PRIVACYREQUIRED] TLS first",
            7,
            "IMAP `[PRIVACYREQUIRED]`",
        ),
        (
            Some("smtp"),
            "501 5.5.2 Cannot decode response",
            9,
            "a refusal of the command itself",
        ),
        (Some("imap"), "A1 BAD Invalid base64", 9, "IMAP `BAD`"),
        (
            Some("pop3"),
            "-ERR [SYS/PERM] broken",
            9,
            "POP3 `[SYS/PERM]`",
        ),
        (
            None,
            "501 5.5.2 Cannot decode response",
            9,
            "SMTP `500`–`503`",
        ),
    ] {
        let mut cmd = login(protocol);
        cmd.write_stdin(format!("{reply}\n"));
        cases.push((status, words, cmd, None));
    }
    let (port, server) = smtp(
        "PLAIN",
        &[
            "504 5.5.4 Unrecognized authentication type\r\n",
            "221 2.0.0 Bye\r\n",
        ],
        false,
    );
    cases.push((
        7,
        "in `connect` and the pasted conversation alike",
        connect(
            format!("smtp://127.0.0.1:{port}"),
            &["--no-tls", "--allow-cleartext", "--mech", "PLAIN"],
        ),
        Some(server),
    ));
    let (port, server) = smtp(
        "PLAIN",
        &[
            "235-2.7.0 first\r\n535 5.7.8 refused\r\n",
            "221 2.0.0 Bye\r\n",
        ],
        false,
    );
    cases.push((
        9,
        "a multi-line reply whose lines carry different codes",
        connect(
            format!("smtp://127.0.0.1:{port}"),
            &["--no-tls", "--allow-cleartext", "--mech", "PLAIN"],
        ),
        Some(server),
    ));
    for (status, words, mut cmd, server) in cases {
        assert!(
            row(status).contains(words),
            "the README's row {status} does not name {words:?}: {}",
            row(status)
        );
        let out = cmd.output().expect("saslenc runs");
        assert_eq!(
            out.status.code(),
            Some(i32::from(status)),
            "{words}: {out:?}"
        );
        if let Some(server) = server {
            server.join().expect("server thread");
        }
    }
}

/// One line of a generated SMTP reply to AUTH: its code (one RFC 4954
/// allows there: 235, 334, 4xx, 5xx) and text.
fn smtp_reply_line() -> impl proptest::strategy::Strategy<Value = (&'static str, &'static str)> {
    (
        proptest::sample::select(vec![
            "235", "334", "454", "432", "535", "534", "504", "538", "530", "501", "500", "503",
        ]),
        proptest::sample::select(vec!["2.7.0 text", "5.7.8 no", "VXNlcm5hbWU6", "x"]),
    )
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Any SMTP reply to LOGIN's last answer the grammar can produce (one
    /// to four lines, each with any of the codes a server sends, the last
    /// with a space after its code, the others with `-`) gets the same
    /// exit status pasted as live.
    #[test]
    fn pasted_and_live_agree_on_any_multi_line_reply(
        lines in proptest::collection::vec(smtp_reply_line(), 1..5),
    ) {
        let count = lines.len();
        let reply: Vec<String> = lines
            .iter()
            .enumerate()
            .map(|(i, (code, text))| {
                format!("{code}{}{text}", if i + 1 == count { ' ' } else { '-' })
            })
            .collect();
        let pasted = login(Some("smtp"))
            .write_stdin(format!("{USER_PROMPT}\n{PASS_PROMPT}\n{}\n", reply.join("\n")))
            .output()
            .expect("saslenc runs");
        let wire: String = reply.iter().map(|l| format!("{l}\r\n")).collect();
        let (port, server) = crate::connect::fake(move |peer| {
            peer.send(b"220 fake.invalid ESMTP\r\n");
            peer.line();
            peer.send(b"250-fake.invalid\r\n250 AUTH LOGIN\r\n");
            peer.line();
            peer.send(format!("{USER_PROMPT}\r\n").as_bytes());
            peer.line();
            peer.send(format!("{PASS_PROMPT}\r\n").as_bytes());
            peer.line();
            peer.send(wire.as_bytes());
            loop {
                let next = peer.line();
                if next.is_empty() {
                    break;
                }
                if next.eq_ignore_ascii_case("QUIT") {
                    peer.send(b"221 2.0.0 Bye\r\n");
                    break;
                }
                peer.send(b"501 5.0.0 cancelled\r\n");
            }
            peer.drain();
        });
        let live = saslenc()
            .args(["connect", &format!("smtp://127.0.0.1:{port}")])
            .args(["--no-tls", "--allow-cleartext", "--mech", "LOGIN"])
            .args(["--user", "tim", "--pass", "tanstaaftanstaaf", "--timeout", "10"])
            .output()
            .expect("saslenc runs");
        server.join().expect("server thread");
        proptest::prop_assert_eq!(
            pasted.status.code(),
            live.status.code(),
            "{:?}\npasted: {}\nlive: {}{}",
            reply,
            String::from_utf8_lossy(&pasted.stderr),
            String::from_utf8_lossy(&live.stdout),
            String::from_utf8_lossy(&live.stderr)
        );
    }
}

/// One meaning per exit status wherever it is written: the README's
/// table, `saslenc --help`, `saslenc connect --help` and docs/connect.md
/// name each case under the same status, and under no other.
#[test]
fn every_exit_status_table_says_the_same() {
    let read = |path: &str| {
        std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).expect(path)
    };
    let help = |args: &[&str]| {
        let out = saslenc().args(args).output().expect("saslenc runs");
        String::from_utf8(out.stdout).expect("UTF-8 help")
    };
    // Each table as (status, its words), from its own layout.
    let markdown = |text: &str| -> Vec<(u8, String)> {
        let section = text
            .split("## Exit status")
            .nth(1)
            .expect("an Exit status section");
        section
            .lines()
            .filter_map(|l| {
                let mut cells = l.trim().trim_matches('|').splitn(2, '|');
                let status = cells.next()?.trim().parse().ok()?;
                Some((status, cells.next()?.to_owned()))
            })
            .collect()
    };
    let plain = |text: &str| -> Vec<(u8, String)> {
        let section = text
            .split("Exit status")
            .last()
            .expect("an Exit status block");
        let mut rows: Vec<(u8, String)> = Vec::new();
        for line in section.lines() {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            match trimmed.split_once("  ") {
                Some((code, words)) if indent == 2 && code.parse::<u8>().is_ok() => {
                    rows.push((code.parse().unwrap(), words.to_owned()))
                }
                _ if indent >= 5 && !rows.is_empty() => {
                    let last = rows.len() - 1;
                    rows[last].1.push(' ');
                    rows[last].1.push_str(trimmed);
                }
                _ => {}
            }
        }
        rows
    };
    let tables = [
        ("README.md", markdown(&read("README.md"))),
        ("docs/connect.md", markdown(&read("docs/connect.md"))),
        ("saslenc --help", plain(&help(&["--help"]))),
        (
            "saslenc connect --help",
            plain(&help(&["connect", "--help"])),
        ),
    ];
    for (name, rows) in &tables {
        let statuses: Vec<u8> = rows.iter().map(|(s, _)| *s).collect();
        assert_eq!(statuses, (0..=9).collect::<Vec<u8>>(), "{name}: {rows:?}");
    }
    // Words that name one case, and the status each table must give it.
    for (words, status) in [
        ("signature", 9),
        ("SYS/PERM", 9),
        ("BAD", 9),
        ("different codes", 9),
        ("504", 7),
        ("PRIVACYREQUIRED", 7),
        ("4xx", 8),
        ("handshake", 6),
        ("timed out", 5),
    ] {
        for (name, rows) in &tables {
            let naming: Vec<u8> = rows
                .iter()
                .filter(|(_, text)| text.contains(words))
                .map(|(s, _)| *s)
                .collect();
            assert!(
                naming.is_empty() || naming == [status],
                "{name} names {words:?} under {naming:?}, not {status}"
            );
        }
    }
}
