//! DIGEST-MD5 (RFC 2831) against the real peers: `saslenc connect`
//! logging in to Dovecot over IMAP, POP3 and submission, with its
//! plaintext passdb and with `{DIGEST-MD5}` stored (made by `doveadm pw`),
//! right and wrong passwords, and gsasl's own client against the same
//! Dovecot, whose verdicts must agree with saslenc's.
//!
//! Dovecot's quirks are on the wire here: it quotes `algorithm="md5-sess"`
//! and, with no `auth_realms`, sends `realm=""`; with a realm it looks the
//! user up as `user@realm`.

use std::process::{Command, Stdio};

use crate::dovecot::{self, Dovecot, Listener, Service, Setup};
use crate::saslenc::{binary, PASS_ENV};
use crate::{concurrent, dovecot_tests, gsasl, peers};

const WORKERS: usize = 8;

/// The realm of the second server (`auth_realms`).
const REALM: &str = "example.org";

/// What saslenc's exit status must be for a right (0) or wrong (1)
/// password, and what it was.
pub(crate) struct Outcome {
    pub(crate) code: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

pub(crate) fn scheme(service: Service, listener: Listener) -> &'static str {
    match (service, listener) {
        (Service::Imap, Listener::Cleartext) => "imap",
        (Service::Imap, Listener::ImplicitTls) => "imaps",
        (Service::Pop3, Listener::Cleartext) => "pop3",
        (Service::Pop3, Listener::ImplicitTls) => "pop3s",
        (Service::Submission, Listener::Cleartext) => "submission",
        (Service::Submission, Listener::ImplicitTls) => "submissions",
    }
}

/// `saslenc connect --mech MECHANISM` to one of Dovecot's listeners.
pub(crate) fn connect(
    dovecot: &Dovecot,
    mechanism: &str,
    service: Service,
    listener: Listener,
    user: &str,
    password: &str,
) -> Outcome {
    let url = format!(
        "{}://127.0.0.1:{}",
        scheme(service, listener),
        dovecot.port(service, listener)
    );
    let output = Command::new(binary())
        .args(["connect", &url, "--mech", mechanism, "--user", user])
        .arg("--cafile")
        .arg(dovecot.ca_cert())
        .args(["--pass-env", PASS_ENV])
        .env(PASS_ENV, password)
        .stdin(Stdio::null())
        .output()
        .expect("saslenc runs");
    Outcome {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// gsasl's client logs in to Dovecot over IMAP or SMTP submission (no
/// TLS) with `mechanism`: `Ok(true)` accepted, `Ok(false)` refused.
pub(crate) fn gsasl_login(
    dovecot: &Dovecot,
    mechanism: &str,
    service: Service,
    user: &str,
    password: &str,
    realm: &str,
) -> Result<bool, String> {
    let addr = dovecot.addr(service, Listener::Cleartext);
    let (flag, name) = match service {
        Service::Imap => ("--imap", "imap"),
        Service::Submission => ("--smtp", "smtp"),
        Service::Pop3 => return Err("gsasl speaks IMAP and SMTP only".into()),
    };
    let mut command = Command::new("gsasl");
    command
        .arg(format!("--connect={addr}"))
        .args([flag, "--no-starttls", "--quiet", "-m", mechanism])
        .args(["-a", user, "--service", name, "--hostname", "127.0.0.1"])
        .arg(format!("--password={password}"))
        .stdin(Stdio::null());
    if !realm.is_empty() {
        command.arg(format!("--realm={realm}"));
    }
    let out = command
        .output()
        .map_err(|e| format!("cannot run gsasl: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The server's refusal: IMAP's tagged NO, SMTP's 535.
    let refused = stdout.contains("NO [AUTHENTICATIONFAILED]") || stdout.contains("\n535 ");
    // Dovecot's submission closes after 235 when its relay is away, and
    // gsasl may then die writing QUIT (SIGPIPE): the 235 is the verdict.
    let accepted = stdout.contains("\n235 ");
    match out.status.code() {
        Some(0) => Ok(true),
        _ if accepted => Ok(true),
        Some(_) if refused => Ok(false),
        _ => Err(format!("gsasl exited {}: {stdout}{stderr}", out.status)),
    }
}

/// `doveadm pw -s DIGEST-MD5 -u user[@realm]`: Dovecot's own stored form.
fn doveadm_digest(user: &str, password: &str) -> String {
    let out = Command::new("doveadm")
        .args(["pw", "-s", "DIGEST-MD5", "-u", user, "-p", password])
        .stdin(Stdio::null())
        .output()
        .expect("doveadm runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

struct Case {
    service: Service,
    listener: Listener,
    user: &'static str,
    password: &'static str,
    right: bool,
}

fn run_cases(dovecot: &Dovecot, cases: &[Case]) -> Vec<String> {
    concurrent::map(cases, WORKERS, |case| {
        let password = if case.right {
            case.password.to_owned()
        } else {
            format!("{}-wrong", case.password)
        };
        let run = connect(
            dovecot,
            "DIGEST-MD5",
            case.service,
            case.listener,
            case.user,
            &password,
        );
        let expected = if case.right { 0 } else { 1 };
        let mut problems = Vec::new();
        if run.code != Some(expected) {
            problems.push(format!("expected exit {expected}"));
        }
        if run.stdout.contains(&password) {
            problems.push("the password is in the transcript".into());
        }
        // The response digest is masked in the transcript.
        if run.stdout.contains("response=") && !run.stdout.contains("response=***") {
            problems.push("the response digest is shown".into());
        }
        if case.right && !run.stdout.contains("rspauth=***") {
            problems.push("the server's rspauth is not shown masked".into());
        }
        if problems.is_empty() {
            String::new()
        } else {
            format!(
                "{} {:?} {:?} {}: {}\nexit {:?}\n{}{}",
                case.service,
                case.listener,
                case.user,
                if case.right { "right" } else { "wrong" },
                problems.join("; "),
                run.code,
                run.stdout,
                run.stderr
            )
        }
    })
    .into_iter()
    .filter(|p| !p.is_empty())
    .collect()
}

/// saslenc connect logs in with DIGEST-MD5 to Dovecot (realm "") over
/// every service and listener, plaintext and `{DIGEST-MD5}` stored, and
/// is refused with a wrong password; gsasl's client against the same
/// server reaches the same verdicts.
#[test]
fn digest_md5_against_dovecot() {
    if !dovecot_tests::available() {
        return;
    }
    let stored = format!(
        "stored-digest:{}::::::",
        doveadm_digest("stored-digest", "crayon")
    );
    let stored_lines = [stored];
    let server = Dovecot::start_with(Setup {
        digest_md5: Some(""),
        passwd_lines: &stored_lines,
        ..Setup::default()
    })
    .unwrap_or_else(|e| panic!("cannot start Dovecot: {e}"));
    let users = [
        (dovecot::ASCII_USER.name, dovecot::ASCII_USER.password),
        (dovecot::UTF8_USER.name, dovecot::UTF8_USER.password),
        (
            dovecot::SHELL_HOSTILE_USER.name,
            dovecot::SHELL_HOSTILE_USER.password,
        ),
        ("stored-digest", "crayon"),
    ];
    let mut cases = Vec::new();
    for service in Service::ALL {
        for listener in [Listener::Cleartext, Listener::ImplicitTls] {
            for (user, password) in users {
                for right in [true, false] {
                    cases.push(Case {
                        service,
                        listener,
                        user,
                        password,
                        right,
                    });
                }
            }
        }
    }
    let failures = run_cases(&server, &cases);
    let total = cases.len();

    // gsasl against the same server, over IMAP and submission.
    let mut gsasl_checked = 0;
    let mut gsasl_failures = Vec::new();
    if peers::available("gsasl", gsasl::availability()) {
        for service in [Service::Imap, Service::Submission] {
            for (user, password) in users {
                for right in [true, false] {
                    let password = if right {
                        password.to_owned()
                    } else {
                        format!("{password}-wrong")
                    };
                    let ours = connect(
                        &server,
                        "DIGEST-MD5",
                        service,
                        Listener::Cleartext,
                        user,
                        &password,
                    );
                    let theirs = gsasl_login(&server, "DIGEST-MD5", service, user, &password, "");
                    gsasl_checked += 1;
                    match theirs {
                        Ok(accepted) if accepted == right && ours.code == Some(if right { 0 } else { 1 }) => {}
                        other => gsasl_failures.push(format!(
                            "{service} {user:?} right={right}: gsasl {other:?}, saslenc exit {:?}\n{}",
                            ours.code, ours.stdout
                        )),
                    }
                }
            }
        }
    }
    peers::summary(
        "dovecot digest-md5",
        total - failures.len(),
        failures.len(),
        "saslenc connect --mech DIGEST-MD5: IMAP, POP3, submission, STARTTLS and implicit TLS, \
         plaintext and {DIGEST-MD5} passdb, right and wrong passwords",
    );
    peers::summary(
        "gsasl digest-md5 vs dovecot",
        gsasl_checked - gsasl_failures.len(),
        gsasl_failures.len(),
        "gsasl --mechanism DIGEST-MD5 and saslenc connect agree on Dovecot's verdict",
    );
    assert!(
        failures.is_empty() && gsasl_failures.is_empty(),
        "{}\n{}\n--- dovecot log ---\n{}",
        failures.join("\n"),
        gsasl_failures.join("\n"),
        server.log()
    );
}

/// With `auth_realms`, Dovecot names its realm in the challenge and looks
/// the user up as `user@realm`: saslenc answers with that realm, and a
/// `{DIGEST-MD5}` stored for `user@realm` (`doveadm pw -u user@realm`,
/// MD5 of `user:realm:password`) logs it in.
#[test]
fn digest_md5_with_a_realm() {
    if !dovecot_tests::available() {
        return;
    }
    let lines = [
        format!("alice@{REALM}:{{PLAIN}}pencil::::::"),
        format!(
            "bob@{REALM}:{}::::::",
            doveadm_digest(&format!("bob@{REALM}"), "crayon")
        ),
    ];
    let server = Dovecot::start_with(Setup {
        digest_md5: Some(REALM),
        passwd_lines: &lines,
        ..Setup::default()
    })
    .unwrap_or_else(|e| panic!("cannot start Dovecot: {e}"));
    let mut problems = Vec::new();
    let mut total = 0;
    for (user, password) in [("alice", "pencil"), ("bob", "crayon")] {
        for right in [true, false] {
            let password = if right {
                password.to_owned()
            } else {
                format!("{password}!")
            };
            total += 1;
            let run = connect(
                &server,
                "DIGEST-MD5",
                Service::Imap,
                Listener::ImplicitTls,
                user,
                &password,
            );
            let expected = if right { 0 } else { 1 };
            if run.code != Some(expected) || !run.stdout.contains(&format!("realm=\"{REALM}\"")) {
                problems.push(format!(
                    "{user} right={right}: exit {:?}\n{}{}",
                    run.code, run.stdout, run.stderr
                ));
            }
        }
    }
    peers::summary(
        "dovecot digest-md5 realm",
        total - problems.len(),
        problems.len(),
        "auth_realms set: plaintext and {DIGEST-MD5} for user@realm",
    );
    assert!(
        problems.is_empty(),
        "{}\n--- dovecot log ---\n{}",
        problems.join("\n"),
        server.log()
    );
}
