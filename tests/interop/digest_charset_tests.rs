//! RFC 2831 section 2.1.2.1's ISO 8859-1 rule against the real peers:
//! with `charset=utf-8`, a user name, realm or password that ISO 8859-1
//! can hold is to be converted to it before hashing. Peers differ (from
//! their sources, see `saslenc::mech::digest_md5::Hashing`): Dovecot's
//! server hashes UTF-8 only, GNU SASL converts the password only, curl
//! hashes UTF-8. A password ISO 8859-1 can hold ("pässwörd"), one it
//! cannot ("пароль"), and a user name it can hold ("jörg") tell them
//! apart:
//!
//! - against Dovecot, `saslenc connect` logs in hashing UTF-8 (its
//!   default) and is refused hashing ISO 8859-1 wherever the conversion
//!   changes a byte; gsasl's client is refused with "pässwörd" (Dovecot
//!   and gsasl do not agree), and logs in with "пароль";
//! - against `serve --mech DIGEST-MD5`, gsasl, curl and `saslenc connect`
//!   each way log in with the right password, serve's verdict naming the
//!   way where the bytes tell it, and are refused with a wrong one;
//! - `saslenc secret digest-md5` is `doveadm pw -s DIGEST-MD5`, UTF-8,
//!   for these passwords too.

use std::process::{Command, Stdio};

use crate::dovecot::{Dovecot, Listener, Service, Setup};
use crate::legacy_tests::gsasl_login;
use crate::saslenc::{binary, PASS_ENV};
use crate::serve_tests::{run, tally, tool, Serve};
use crate::{dovecot_tests, gsasl, peers};

/// (user, password): ISO 8859-1 holds the password, not the password,
/// and both the user name and the password.
const USERS: [(&str, &str); 3] = [
    ("latin", "pässwörd"),
    ("cyril", "пароль"),
    ("jörg", "pässwörd"),
];

/// `saslenc connect --mech DIGEST-MD5 URL` with `encoding`; its exit
/// status and output.
fn connect(
    url: &str,
    ca: &std::path::Path,
    user: &str,
    password: &str,
    encoding: &str,
) -> (i32, String) {
    run(Command::new(binary())
        .args(["connect", url, "--mech", "DIGEST-MD5", "--user", user])
        .args(["--digest-encoding", encoding])
        .arg("--cafile")
        .arg(ca)
        .args(["--pass-env", PASS_ENV])
        .env(PASS_ENV, password))
}

/// Whether the conversion to ISO 8859-1 changes a byte of what `encoding`
/// converts for `user` and `password`: then Dovecot, hashing UTF-8,
/// refuses it.
fn converted(user: &str, password: &str, encoding: &str) -> bool {
    let latin = |s: &str| !s.is_ascii() && s.chars().all(|c| u32::from(c) <= 0xff);
    match encoding {
        "iso-8859-1" => latin(user) || latin(password),
        "iso-8859-1-password" => latin(password),
        _ => false,
    }
}

#[test]
fn digest_md5_charsets_against_dovecot() {
    if !dovecot_tests::available() {
        return;
    }
    let lines: Vec<String> = USERS
        .iter()
        .map(|(user, password)| format!("{user}:{{PLAIN}}{password}::::::"))
        .collect();
    let server = Dovecot::start_with(Setup {
        digest_md5: Some(""),
        passwd_lines: &lines,
        ..Setup::default()
    })
    .unwrap_or_else(|e| panic!("cannot start Dovecot: {e}"));
    let url = format!(
        "imap://127.0.0.1:{}",
        server.port(Service::Imap, Listener::Cleartext)
    );
    let mut problems = Vec::new();
    let mut total = 0;
    for (user, password) in USERS {
        for encoding in ["utf-8", "iso-8859-1", "iso-8859-1-password"] {
            let want = if converted(user, password, encoding) {
                1
            } else {
                0
            };
            total += 1;
            let (code, out) = connect(&url, server.ca_cert(), user, password, encoding);
            if code != want {
                problems.push(format!(
                    "saslenc {encoding} {user}: exit {code}, want {want}\n{out}"
                ));
            }
        }
        // A wrong password is refused whatever the way.
        total += 1;
        let (code, out) = connect(&url, server.ca_cert(), user, "pässwort", "utf-8");
        if code != 1 {
            problems.push(format!("saslenc wrong {user}: exit {code}\n{out}"));
        }
    }
    let mut gsasl_total = 0;
    let mut gsasl_problems = Vec::new();
    if peers::available("gsasl", gsasl::availability()) {
        for (user, password) in USERS {
            // gsasl converts the password: Dovecot refuses it wherever
            // that changes a byte.
            let want = !converted(user, password, "iso-8859-1-password");
            gsasl_total += 1;
            match gsasl_login(&server, "DIGEST-MD5", Service::Imap, user, password, "") {
                Ok(accepted) if accepted == want => {}
                other => gsasl_problems.push(format!("gsasl {user}: {other:?}, want {want}")),
            }
        }
    }
    // saslenc secret digest-md5 is doveadm pw's {DIGEST-MD5}.
    for (user, password) in USERS {
        total += 1;
        let ours = run(Command::new(binary())
            .args([
                "secret",
                "digest-md5",
                "--user",
                user,
                "--pass-env",
                PASS_ENV,
            ])
            .env(PASS_ENV, password));
        let doveadm = run(Command::new("doveadm")
            .args(["pw", "-s", "DIGEST-MD5", "-u", user, "-p", password])
            .stdin(Stdio::null()));
        if ours.0 != 0 || ours.1.trim() != format!("{user}:{}", doveadm.1.trim()) {
            problems.push(format!("secret {user}: {ours:?} vs doveadm {doveadm:?}"));
        }
    }
    peers::summary(
        "dovecot digest-md5 charsets",
        total - problems.len(),
        problems.len(),
        "saslenc connect --digest-encoding utf-8, iso-8859-1, iso-8859-1-password with \
         pässwörd, пароль and the user jörg; secret digest-md5 against doveadm pw",
    );
    peers::summary(
        "gsasl digest-md5 charsets vs dovecot",
        gsasl_total - gsasl_problems.len(),
        gsasl_problems.len(),
        "gsasl converts the password to ISO 8859-1, Dovecot hashes UTF-8: pässwörd refused, \
         пароль accepted",
    );
    assert!(
        problems.is_empty() && gsasl_problems.is_empty(),
        "{}\n{}\n--- dovecot log ---\n{}",
        problems.join("\n"),
        gsasl_problems.join("\n"),
        server.log()
    );
}

#[test]
fn digest_md5_charsets_against_serve() {
    let gsasl_here = peers::available("gsasl", tool("gsasl", "--version"));
    let curl_here = peers::available("serve curl", tool("curl", "--version"));
    let dir = tempfile::tempdir().unwrap();
    let passdb = dir.path().join("passdb");
    let lines: String = USERS
        .iter()
        .map(|(user, password)| format!("{user}:{{PLAIN}}{password}\n"))
        .collect();
    std::fs::write(&passdb, lines).unwrap();
    let passdb_arg = passdb.to_str().unwrap().to_owned();
    // (client, user, password, accepted, what serve's verdict says)
    let mut cases: Vec<(&str, &str, &str, bool, Option<&str>)> = Vec::new();
    for (user, password) in USERS {
        let latin = user != "cyril";
        for way in ["utf-8", "iso-8859-1", "iso-8859-1-password"] {
            let named = match (latin, way, user) {
                (false, _, _) => None,
                (true, "utf-8", _) => Some("hashed as UTF-8"),
                (true, "iso-8859-1-password", "jörg") => {
                    Some("the password converted to ISO 8859-1")
                }
                (true, _, "jörg") => Some("each converted to ISO 8859-1"),
                // With an ASCII user name both ISO 8859-1 ways hash the
                // same bytes: neither is named.
                (true, _, _) => None,
            };
            cases.push((way, user, password, true, named));
        }
        cases.push(("utf-8", user, "pässwort", false, None));
        if gsasl_here {
            let named = match user {
                "cyril" => None,
                "jörg" => Some("the password converted to ISO 8859-1"),
                _ => None,
            };
            cases.push(("gsasl", user, password, true, named));
            cases.push(("gsasl", user, "pässwort", false, None));
        }
        if curl_here {
            let named = (user != "cyril").then_some("hashed as UTF-8");
            cases.push(("curl", user, password, true, named));
        }
    }
    let results =
        crate::concurrent::map(&cases, 8, |&(client, user, password, accepted, named)| {
            let serve = Serve::start(
                &["imap"],
                &["--mech", "DIGEST-MD5", "--passdb", &passdb_arg],
            );
            let out = match client {
                "gsasl" => run(Command::new("gsasl").args([
                    &format!("--connect=127.0.0.1:{}", serve.port(0)),
                    "--imap",
                    "--starttls",
                    &format!("--x509-ca-file={}", serve.cert.display()),
                    "-m",
                    "DIGEST-MD5",
                    "-a",
                    user,
                    "-p",
                    password,
                    "--service",
                    "imap",
                    "--hostname",
                    "localhost",
                    "--realm",
                    "localhost",
                    "--quiet",
                ])),
                "curl" => run(Command::new("curl")
                    .args(["-sS", "--max-time", "20", "--ssl-reqd", "--cacert"])
                    .arg(&serve.cert)
                    .arg("--url")
                    .arg(format!("imap://{}/INBOX?ALL", serve.addrs[0]))
                    .args(["--user", &format!("{user}:{password}")])
                    .args(["--login-options", "AUTH=DIGEST-MD5"])),
                way => connect(
                    &format!("imap://127.0.0.1:{}", serve.port(0)),
                    &serve.cert,
                    user,
                    password,
                    way,
                ),
            };
            let (code, said) = serve.finish();
            let verdict = if accepted {
                "verdict: accepted"
            } else {
                "verdict: refused"
            };
            let mut ok = said.contains(verdict) && code == if accepted { 0 } else { 1 };
            match named {
                Some(words) => ok &= said.contains(words),
                None if accepted => ok &= !said.contains("(RFC 2831 section 2.1.2.1)"),
                None => {}
            }
            if !ok {
                eprintln!(
                    "FAILED {client} {user} {password}: serve exit {code}, want {verdict} naming \
                 {named:?}\n--- serve:\n{said}\n--- client:\n{}",
                    out.1
                );
            }
            ok
        });
    let (passed, failed) = tally(results);
    peers::summary(
        "serve digest-md5 charsets",
        passed,
        failed,
        "saslenc connect each --digest-encoding, gsasl and curl against serve with pässwörd, \
         пароль and the user jörg; the verdict names the way",
    );
    assert_eq!(failed, 0);
}
