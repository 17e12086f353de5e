//! NTLM beyond NTLMv2 between curl and serve (`serve_tests.rs`):
//!
//! * `saslenc ntlm`, the pasted NTLM conversation, against servers that
//!   check its NTLMv2 answer themselves: Samba's `ntlm_auth` (Debian's
//!   `winbind` package) as an NTLMSSP server holding the password
//!   (`--helper-protocol=squid-2.5-ntlmssp --username --domain --password`,
//!   which checks locally, with no winbind daemon), and `saslenc serve
//!   --mech NTLM` over SMTP, IMAP and POP3 with saslenc's lines pasted as a
//!   person pastes them;
//! * GNU gsasl's NTLM client, which sends NTLMv1, against `serve --mech
//!   NTLM` with and without `--allow-ntlmv1`.

use std::ffi::OsString;
use std::net::SocketAddr;
use std::process::Command;

use crate::client::{self, Protocol, Security, Target, Verdict};
use crate::peers;
use crate::process::Interactive;
use crate::saslenc::{self, opt, Conversation, PASS_ENV};
use crate::serve_tests::{run, tally, tool, Serve};

const USER: &str = "alice";
const DOMAIN: &str = "WORKGROUP";
const PASS: &str = "pencil";

/// `saslenc ntlm` with `args` and the password.
fn ntlm_args(args: &[&str]) -> Vec<OsString> {
    let mut out: Vec<OsString> = vec!["ntlm".into()];
    out.extend(args.iter().map(OsString::from));
    out.extend([opt("pass-env", PASS_ENV)]);
    out
}

/// One login against `ntlm_auth`: saslenc's NEGOTIATE (from the first
/// line it prints) is handed to Samba as `YR`, Samba's CHALLENGE (`TT`)
/// to `saslenc ntlm --challenge`, and its AUTHENTICATE to Samba as `KK`;
/// Samba answers `AF <user>` (accepted) or `NA <status>` (refused).
fn against_samba(args: &[&str], password: &str) -> Result<String, String> {
    let mut samba = Interactive::spawn(
        "ntlm_auth",
        Command::new("ntlm_auth")
            .arg("--helper-protocol=squid-2.5-ntlmssp")
            .arg(format!("--username={USER}"))
            .arg(format!("--domain={DOMAIN}"))
            .arg(format!("--password={PASS}"))
            // An empty configuration: no smb.conf of the machine's.
            .arg("--configfile=/dev/null"),
    )?;
    let mut first = ntlm_args(args);
    first.extend(["--protocol".into(), "smtp".into()]);
    first.push(opt(
        "challenge",
        "334 TlRMTVNTUAACAAAAAAAAADAAAAABAgAAASNFZ4mrze8AAAAAAAAAAAAAAAAAAAAA",
    ));
    let lines = saslenc::run(&first, Some(password))?;
    let text = String::from_utf8_lossy(&lines.stdout).into_owned();
    let negotiate = text
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("AUTH NTLM "))
        .ok_or_else(|| format!("no AUTH NTLM line: {text:?} {}", lines.stderr))?;
    samba.write_line(&format!("YR {negotiate}"))?;
    let challenge = samba.read_line()?;
    let challenge = challenge
        .strip_prefix("TT ")
        .ok_or_else(|| format!("ntlm_auth sent no challenge: {}", samba.describe()))?
        .to_owned();
    let mut second = ntlm_args(args);
    second.push(opt("challenge", &challenge));
    let answer = saslenc::run(&second, Some(password))?.lines()?;
    let [negotiate_again, authenticate] = answer.as_slice() else {
        return Err(format!("expected two lines, got {answer:?}"));
    };
    if negotiate_again != negotiate {
        return Err("the NEGOTIATE changed between runs".into());
    }
    samba.write_line(&format!("KK {authenticate}"))?;
    let verdict = samba.read_line()?;
    let _ = samba.finish();
    Ok(verdict)
}

/// Samba's NTLMSSP server accepts saslenc's NTLMv2 answer (with the MIC
/// its timestamped CHALLENGE asks for) for the right password, given as
/// `DOMAIN\user` or with --domain, and refuses a wrong one.
#[test]
fn ntlm_verb_against_samba() {
    if !peers::available(
        "samba ntlm_auth",
        tool("ntlm_auth", "--version").map_err(|e| format!("{e} (Debian's winbind package)")),
    ) {
        return;
    }
    let user = format!("{DOMAIN}\\{USER}");
    let cases: [(&[&str], &str, &str); 4] = [
        (&["--user", &user], PASS, "AF "),
        (&["--user", USER, "--domain", DOMAIN], PASS, "AF "),
        (&["--user", &user, "--workstation", "PC1"], PASS, "AF "),
        (&["--user", &user], "wrong", "NA "),
    ];
    let results = cases.iter().map(
        |(args, password, want)| match against_samba(args, password) {
            Ok(verdict) if verdict.starts_with(want) => true,
            other => {
                eprintln!("FAILED ntlm {args:?} password {password}: {other:?}, want {want}");
                false
            }
        },
    );
    let (passed, failed) = tally(results.collect::<Vec<_>>());
    peers::summary(
        "samba ntlm_auth",
        passed,
        failed,
        "saslenc ntlm's NTLMv2 AUTHENTICATE checked by ntlm_auth's NTLMSSP server",
    );
    assert_eq!(failed, 0);
}

/// `serve --mech NTLM` accepts the pasted conversation of `saslenc ntlm`
/// over SMTP, IMAP and POP3 (STARTTLS): the first line printed is the
/// command with the NEGOTIATE, each server line is pasted as sent, and
/// saslenc's exit status is the server's verdict; a wrong password is
/// refused by both.
#[test]
fn ntlm_verb_against_serve() {
    let mut results = Vec::new();
    for (scheme, protocol, marker) in [
        ("smtp", Protocol::Smtp, "334"),
        ("imap", Protocol::Imap, "+"),
        ("pop3", Protocol::Pop3, "+"),
    ] {
        for (password, accepted) in [(PASS, true), ("wrong", false)] {
            let serve = Serve::start(
                &[scheme],
                &["--mech", "NTLM", "--user", USER, "--pass-env", "SERVE_PASS"],
            );
            let addr: SocketAddr = format!("127.0.0.1:{}", serve.port(0)).parse().unwrap();
            let target = Target::new(protocol, Security::StartTls, addr);
            let user = format!("{DOMAIN}\\{USER}");
            let args = ntlm_args(&["--user", &user, "--protocol", scheme]);
            let outcome = (|| -> Result<(bool, Option<i32>, String), String> {
                let mut conversation = Conversation::spawn(&args, Some(password), marker)?;
                let first = conversation.read_line()?;
                let negotiate = first
                    .rsplit(' ')
                    .next()
                    .ok_or_else(|| format!("no NEGOTIATE in {first:?}"))?
                    .to_owned();
                let outcome =
                    client::authenticate(&target, "NTLM", Some(&negotiate), &mut conversation);
                // A person sends saslenc's own `A1 AUTHENTICATE` line and
                // pastes the reply tagged A1; this client tags its own.
                let reply = match (protocol, outcome.reply.split_once(' ')) {
                    (Protocol::Imap, Some((_, rest))) => format!("A1 {rest}"),
                    _ => outcome.reply.clone(),
                };
                let exit = conversation.finish(&reply)?;
                Ok((
                    matches!(outcome.verdict, Verdict::Accepted),
                    exit,
                    format!("{}\n{}", outcome.transcript, conversation.describe()),
                ))
            })();
            let (code, serve_out) = serve.finish();
            let ok = match &outcome {
                Ok((verdict, exit, _)) => {
                    *verdict == accepted
                        && *exit == Some(if accepted { 0 } else { 1 })
                        && code == if accepted { 0 } else { 1 }
                }
                Err(_) => false,
            };
            if !ok {
                eprintln!(
                    "FAILED ntlm {scheme} password {password}: {outcome:?}\n--- serve (exit {code}):\n{serve_out}"
                );
            }
            results.push(ok);
        }
    }
    let (passed, failed) = tally(results);
    peers::summary(
        "serve ntlm verb",
        passed,
        failed,
        "saslenc ntlm's pasted conversation against serve --mech NTLM (SMTP, IMAP, POP3)",
    );
    assert_eq!(failed, 0);
}

/// GNU gsasl's NTLM client (GNU libntlm) sends NTLMv1 (with the extended
/// session security flag echoed, and a plain NTLMv1 response): `serve
/// --mech NTLM` refuses it as weak (exit 3) without `--allow-ntlmv1`;
/// with it, the right password is accepted and diagnosed as weak, naming
/// what a Windows server set to refuse NTLMv1 does, and a wrong one is
/// refused; over IMAP and SMTP, from a password and from an {NTLM} hash.
#[test]
fn gsasl_ntlmv1_against_serve() {
    if !peers::available("gsasl", tool("gsasl", "--version")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let passdb = dir.path().join("passdb");
    let made = Command::new(saslenc::binary())
        .args(["secret", "nt-hash", "--user", USER, "--pass-env", "P"])
        .env("P", PASS)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    std::fs::write(&passdb, &made.stdout).unwrap();
    let passdb = passdb.to_str().unwrap().to_owned();
    let mut results = Vec::new();
    for (scheme, allow, stored, password, want, needles) in [
        (
            "imap",
            false,
            false,
            PASS,
            3,
            &["NTLMv1", "weak", "only when told"][..],
        ),
        ("smtp", false, false, PASS, 3, &["NTLMv1", "weak"][..]),
        (
            "imap",
            true,
            false,
            PASS,
            0,
            &[
                "verdict: accepted",
                "diagnosis: weak: the client sent an NTLMv1 response",
                "Refuse LM & NTLM",
            ][..],
        ),
        (
            "smtp",
            true,
            false,
            PASS,
            0,
            &["verdict: accepted", "weak"][..],
        ),
        (
            "imap",
            true,
            true,
            PASS,
            0,
            &["verdict: accepted", "weak"][..],
        ),
        (
            "imap",
            true,
            false,
            "wrong",
            1,
            &[
                "verdict: refused",
                "the NTLMv1 response is not the one the password's NT hash gives",
            ][..],
        ),
        ("imap", true, true, "wrong", 1, &["verdict: refused"][..]),
    ] {
        let mut args = vec!["--mech", "NTLM"];
        if stored {
            args.extend(["--passdb", passdb.as_str()]);
        } else {
            args.extend(["--user", USER, "--pass-env", "SERVE_PASS"]);
        }
        if allow {
            args.push("--allow-ntlmv1");
        }
        let serve = Serve::start(&[scheme], &args);
        let connect = format!("--connect=127.0.0.1:{}", serve.port(0));
        let ca = format!("--x509-ca-file={}", serve.cert.display());
        let protocol = format!("--{scheme}");
        let client = run(Command::new("gsasl").args([
            connect.as_str(),
            protocol.as_str(),
            "--starttls",
            ca.as_str(),
            "-m",
            "NTLM",
            "-a",
            USER,
            "-p",
            password,
            "--quiet",
        ]));
        let (code, out) = serve.finish();
        let client_ok = (client.0 == 0) == (want == 0);
        let ok = code == want && client_ok && needles.iter().all(|n| out.contains(n));
        if !ok {
            eprintln!(
                "FAILED gsasl {scheme} allow={allow} stored={stored} {password}: serve exit \
                 {code}, want {want}; needles {needles:?}\n--- serve:\n{out}\n--- gsasl (exit \
                 {}):\n{}",
                client.0, client.1
            );
        }
        results.push(ok);
    }
    let (passed, failed) = tally(results);
    peers::summary(
        "serve ntlmv1",
        passed,
        failed,
        "gsasl -m NTLM (NTLMv1) against serve --mech NTLM, refused without --allow-ntlmv1, \
         accepted and named weak with it",
    );
    assert_eq!(failed, 0);
}

/// curl's NTLMv2 (`-u 'DOMAIN\user:password'`) against `serve --mech
/// NTLM --ntlm-domain WORK` over IMAP: the right domain logs in; a wrong
/// domain with the right password is named as only the domain wrong; a
/// wrong password under the right domain is a response that matches the
/// password under no domain tried; a user name in another case is named
/// as the account it spells, because its password reproduces curl's
/// response.
#[test]
fn curl_ntlm_diagnosis() {
    if !peers::available("serve curl", tool("curl", "--version")) {
        return;
    }
    let mut results = Vec::new();
    for (user, password, want, needle) in [
        ("WORK\\alice", PASS, 0, "verdict: accepted"),
        ("work\\alice", PASS, 0, "verdict: accepted"),
        ("WROK\\alice", PASS, 1, "only the domain is wrong"),
        (
            "WROK\\alice",
            "wrong",
            1,
            "the password's for neither domain",
        ),
        (
            "WORK\\alice",
            "wrong",
            1,
            "matches the password under no domain tried",
        ),
        (
            "WORK\\ALICE",
            PASS,
            1,
            "right password's for the account \"alice\"",
        ),
        ("WORK\\bob", PASS, 1, "there is no user \"bob\""),
    ] {
        let serve = Serve::start(
            &["imap"],
            &[
                "--mech",
                "NTLM",
                "--user",
                USER,
                "--pass-env",
                "SERVE_PASS",
                "--ntlm-domain",
                "WORK",
            ],
        );
        let url = format!("imap://127.0.0.1:{}/INBOX?ALL", serve.port(0));
        let userpass = format!("{user}:{password}");
        let client = run(Command::new("curl")
            .args(["-sS", "--max-time", "20", "--cacert"])
            .arg(&serve.cert)
            .args([
                "--url",
                url.as_str(),
                "--ssl-reqd",
                "--user",
                userpass.as_str(),
            ])
            .args(["--login-options", "AUTH=NTLM"]));
        let (code, out) = serve.finish();
        let ok = code == want && out.contains(needle) && !out.contains(PASS);
        if !ok {
            eprintln!(
                "FAILED curl {user} {password}: serve exit {code}, want {want}, needle \
                 {needle:?}\n--- serve:\n{out}\n--- curl (exit {}):\n{}",
                client.0, client.1
            );
        }
        results.push(ok);
    }
    let (passed, failed) = tally(results);
    peers::summary(
        "serve ntlm diagnosis",
        passed,
        failed,
        "curl AUTH=NTLM against serve --ntlm-domain: wrong domain, user and password told apart",
    );
    assert_eq!(failed, 0);
}
