//! EXTERNAL with TLS client certificates, against peers nobody here
//! wrote.
//!
//! * Dovecot 2.3 with `ssl_verify_client_cert` and
//!   `auth_ssl_username_from_cert` takes `saslenc connect --cert … --mech
//!   EXTERNAL` over IMAP, POP3 and submission, STARTTLS and implicit TLS,
//!   and refuses a certificate for another user, one from another CA and
//!   one that expired.
//! * `saslenc serve --client-ca` takes curl (`--cert --key`,
//!   `--login-options AUTH=EXTERNAL`), `openssl s_client -cert -key` with
//!   a typed `AUTH EXTERNAL =`, and msmtp (`auth external`,
//!   `tls_cert_file`), and refuses each wrong certificate with the
//!   diagnosis that names why.
//!
//! The certificates are made here with rcgen (tests/shared/pki.rs).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::dovecot::{Dovecot, Listener, Service, Setup};
use crate::peers;
use crate::pki::{Pair, Pki};
use crate::saslenc::binary;

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn scheme(service: Service, listener: Listener) -> &'static str {
    match (service, listener) {
        (Service::Imap, Listener::Cleartext) => "imap",
        (Service::Imap, Listener::ImplicitTls) => "imaps",
        (Service::Pop3, Listener::Cleartext) => "pop3",
        (Service::Pop3, Listener::ImplicitTls) => "pop3s",
        (Service::Submission, Listener::Cleartext) => "submission",
        (Service::Submission, Listener::ImplicitTls) => "submissions",
    }
}

/// `saslenc connect URL --cafile CA --cert … --key … [--user U] --mech EXTERNAL`.
fn connect(url: &str, pki: &Pki, pair: &Pair, user: Option<&str>) -> (Option<i32>, String) {
    let mut command = Command::new(binary());
    command
        .args([
            "connect",
            url,
            "--mech",
            "EXTERNAL",
            "--cafile",
            path(&pki.ca),
        ])
        .args(["--cert", path(&pair.cert), "--key", path(&pair.key)])
        .stdin(Stdio::null());
    if let Some(user) = user {
        command.args(["--user", user]);
    }
    let output = command.output().expect("saslenc runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

#[test]
fn dovecot_takes_external_from_connect_with_a_client_certificate() {
    if !crate::dovecot_tests::available() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let pki = Pki::make(dir.path());
    // EXTERNAL has Dovecot verify an empty password: the accounts it
    // logs in take none (`nopassword`), as Dovecot's documentation sets
    // up certificate logins.
    let passwd = [
        "alice:::::::nopassword".to_owned(),
        "bob:::::::nopassword".to_owned(),
    ];
    let dovecot = Dovecot::start_with(Setup {
        certificate: Some((&pki.server.cert, &pki.server.key)),
        passwd_lines: &passwd,
        client_ca: Some(&pki.ca),
        ..Setup::default()
    })
    .unwrap_or_else(|e| panic!("cannot start Dovecot: {e}"));
    let mut total = 0;
    let mut failures = Vec::new();
    for service in Service::ALL {
        for listener in [Listener::Cleartext, Listener::ImplicitTls] {
            let url = format!(
                "{}://localhost:{}",
                scheme(service, listener),
                dovecot.port(service, listener)
            );
            // (certificate, --user, accepted)
            let cases: [(&Pair, Option<&str>, bool); 6] = [
                (&pki.alice, Some("alice"), true),
                (&pki.alice, None, true),
                (&pki.bob, Some("bob"), true),
                // A certificate for bob, asked to log in as alice.
                (&pki.bob, Some("alice"), false),
                (&pki.stranger, Some("alice"), false),
                (&pki.expired, Some("alice"), false),
            ];
            for (pair, user, accepted) in cases {
                total += 1;
                let (code, out) = connect(&url, &pki, pair, user);
                let ok = if accepted {
                    code == Some(0) && out.contains("verdict: accepted: EXTERNAL")
                } else {
                    // Dovecot finishes the handshake with any certificate
                    // and refuses in SASL: status 1.
                    code == Some(1) && out.contains("verdict: refused")
                };
                if !ok {
                    failures.push(format!(
                        "{url} {:?} --user {user:?}: expected {}\n{out}\n--- dovecot log ---\n{}",
                        pair.cert.file_name().unwrap_or_default(),
                        if accepted { "accepted" } else { "refused" },
                        dovecot.log()
                    ));
                }
            }
        }
    }
    // Without --mech: Dovecot offers EXTERNAL among its password
    // mechanisms, and the certificate makes it the choice.
    for service in Service::ALL {
        total += 1;
        let url = format!(
            "{}://localhost:{}",
            scheme(service, Listener::Cleartext),
            dovecot.port(service, Listener::Cleartext)
        );
        let output = Command::new(binary())
            .args([
                "connect",
                &url,
                "--cafile",
                path(&pki.ca),
                "--user",
                "alice",
            ])
            .args([
                "--cert",
                path(&pki.alice.cert),
                "--key",
                path(&pki.alice.key),
            ])
            .stdin(Stdio::null())
            .output()
            .expect("saslenc runs");
        let out = String::from_utf8_lossy(&output.stdout);
        let said = "mechanism: EXTERNAL: EXTERNAL logs in with the certificate of --cert";
        if !output.status.success() || !out.contains(said) {
            failures.push(format!("{url} without --mech: expected {said:?}\n{out}"));
        }
    }
    // --probe, with no certificate: Dovecot asks, naming the CA of ssl_ca.
    for service in Service::ALL {
        total += 1;
        let url = format!(
            "{}://localhost:{}",
            scheme(service, Listener::ImplicitTls),
            dovecot.port(service, Listener::ImplicitTls)
        );
        let output = Command::new(binary())
            .args(["connect", &url, "--probe", "--cafile", path(&pki.ca)])
            .stdin(Stdio::null())
            .output()
            .expect("saslenc runs");
        let out = String::from_utf8_lossy(&output.stdout);
        let said = "client certificate: the server asked for one, from CN=saslenc test CA; none \
                    sent (no --cert)";
        if !output.status.success() || !out.contains(said) {
            failures.push(format!("{url} --probe: expected {said:?}\n{out}"));
        }
    }
    peers::summary(
        "dovecot external",
        total - failures.len(),
        failures.len(),
        "saslenc connect --cert --mech EXTERNAL: IMAP, POP3, submission x STARTTLS, implicit \
         TLS x alice, bob, another user, another CA, expired; EXTERNAL chosen without --mech; --probe names the CA",
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `saslenc serve URL --user alice --client-ca CA --cert … --key …
/// --once`, and the address it listens on.
struct Serve {
    child: Child,
    lines: mpsc::Receiver<String>,
    addr: String,
}

fn serve(url: &str, pki: &Pki) -> Serve {
    let mut child = Command::new(binary())
        .args(["serve", url, "--user", "alice", "--pass-env", "PASS"])
        .args(["--client-ca", path(&pki.ca)])
        .args([
            "--cert",
            path(&pki.server.cert),
            "--key",
            path(&pki.server.key),
        ])
        .args(["--once", "--timeout", "30"])
        .env("PASS", "alice-pw")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("saslenc serve runs");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let first = lines
        .recv_timeout(Duration::from_secs(20))
        .expect("a listening line");
    let url = first
        .strip_prefix("listening ")
        .and_then(|rest| rest.split(' ').next())
        .expect("listening first");
    let addr = url.split_once("://").expect("a URL").1.to_owned();
    Serve { child, lines, addr }
}

impl Serve {
    /// The exit status and everything printed, once the one connection
    /// is over.
    fn wait(mut self) -> (Option<i32>, String) {
        let mut status = None;
        for _ in 0..300 {
            if let Some(s) = self.child.try_wait().expect("wait") {
                status = Some(s);
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        if status.is_none() {
            let _ = self.child.kill();
            status = self.child.wait().ok();
        }
        let mut out = String::new();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_millis(300)) {
            out.push_str(&line);
            out.push('\n');
        }
        let mut err = String::new();
        if let Some(mut stderr) = self.child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut stderr, &mut err);
        }
        (status.and_then(|s| s.code()), out + &err)
    }
}

/// The certificates each client logs in with, and what serve must say.
/// A client that sends its user as the authorization identity (`alice`)
/// with bob's certificate asks for another user; one that sends `=`
/// asks for bob, who has no account. A client that picks its
/// certificate by the CAs the server names (`picks_by_ca`: GnuTLS, under
/// msmtp) sends none from another CA.
fn serve_cases(
    pki: &Pki,
    sends_user: bool,
    picks_by_ca: bool,
) -> Vec<(Option<&Pair>, i32, &'static str)> {
    vec![
        (Some(&pki.alice), 0, "verdict: accepted (EXTERNAL as alice)"),
        (
            Some(&pki.bob),
            1,
            if sends_user {
                "the client asked to act as \"alice\", and the certificate (CN=bob) is for \
                 another user: it names CN bob"
            } else {
                "the certificate (CN=bob) is verified, but its identity does not match an \
                 account here: \"bob\" looked up"
            },
        ),
        (
            Some(&pki.stranger),
            1,
            if picks_by_ca {
                "the client sent no TLS client certificate"
            } else {
                "untrusted issuer: it was issued by CN=another CA"
            },
        ),
        (
            Some(&pki.expired),
            1,
            "was not accepted: expired: it expired",
        ),
        (None, 1, "the client sent no TLS client certificate"),
    ]
}

/// Whether `program ARG` runs (`--version`, or openssl's `version`).
fn have(program: &str, arg: &str) -> Result<(), String> {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(drop)
        .map_err(|e| format!("{program}: {e}"))
}

/// Runs `client` against a fresh `serve --client-ca` of `scheme` for
/// each case, and checks serve's verdict and diagnosis.
fn against_serve(
    peer: &str,
    scheme: &str,
    sends_user: bool,
    picks_by_ca: bool,
    client: &dyn Fn(&str, &Pki, Option<&Pair>) -> String,
) -> (usize, Vec<String>) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let pki = Pki::make(dir.path());
    let mut failures = Vec::new();
    let cases = serve_cases(&pki, sends_user, picks_by_ca);
    for (pair, code, said) in &cases {
        let server = serve(&format!("{scheme}://127.0.0.1:0"), &pki);
        let addr = server.addr.clone();
        let client_out = client(&addr, &pki, *pair);
        let (status, out) = server.wait();
        if status != Some(*code) || !out.contains(said) {
            failures.push(format!(
                "{peer} with {:?}: serve exited {status:?}, expected {code} and {said:?}\n--- serve \
                 ---\n{out}--- client ---\n{client_out}",
                pair.map(|p| p.cert.file_name().unwrap_or_default())
            ));
        }
    }
    (cases.len(), failures)
}

#[test]
fn curl_logs_in_to_serve_with_external() {
    if !peers::available("curl external", have("curl", "--version")) {
        return;
    }
    let client = |addr: &str, pki: &Pki, pair: Option<&Pair>| {
        let mut command = Command::new("curl");
        command
            .args(["--silent", "--show-error", "--max-time", "20"])
            .args(["--url", &format!("imaps://{addr}/")])
            .args(["--cacert", path(&pki.ca)])
            .args(["--login-options", "AUTH=EXTERNAL", "--user", "alice:"]);
        if let Some(pair) = pair {
            command.args(["--cert", path(&pair.cert), "--key", path(&pair.key)]);
        }
        let output = command.output().expect("curl runs");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let (total, failures) = against_serve("curl", "imaps", true, false, &client);
    peers::summary(
        "curl external",
        total - failures.len(),
        failures.len(),
        "curl --cert --login-options AUTH=EXTERNAL to serve --client-ca over IMAPS: alice, bob, \
         another CA, expired, no certificate",
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn openssl_s_client_logs_in_to_serve_with_a_typed_auth_external() {
    if !peers::available("openssl external", have("openssl", "version")) {
        return;
    }
    let client = |addr: &str, pki: &Pki, pair: Option<&Pair>| {
        let mut command = Command::new("openssl");
        command
            .args(["s_client", "-quiet", "-crlf", "-starttls", "smtp"])
            .args(["-connect", addr, "-CAfile", path(&pki.ca)]);
        if let Some(pair) = pair {
            command.args(["-cert", path(&pair.cert), "-key", path(&pair.key)]);
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("openssl runs");
        let mut stdin = child.stdin.take().expect("stdin");
        // Typed as a person would, with a pause for each reply.
        for line in ["EHLO me", "AUTH EXTERNAL =", "QUIT"] {
            std::thread::sleep(Duration::from_millis(400));
            let _ = stdin.write_all(format!("{line}\n").as_bytes());
        }
        std::thread::sleep(Duration::from_millis(400));
        drop(stdin);
        let output = child.wait_with_output().expect("openssl ends");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let (total, failures) = against_serve("openssl s_client", "smtp", false, false, &client);
    peers::summary(
        "openssl external",
        total - failures.len(),
        failures.len(),
        "openssl s_client -starttls smtp -cert -key, AUTH EXTERNAL = typed, to serve \
         --client-ca: alice, bob, another CA, expired, no certificate",
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn msmtp_logs_in_to_serve_with_auth_external() {
    if !peers::available("msmtp external", have("msmtp", "--version")) {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let client = |addr: &str, pki: &Pki, pair: Option<&Pair>| {
        let (host, port) = addr.rsplit_once(':').expect("host:port");
        let mut config = format!(
            "account default\nhost {host}\nport {port}\nfrom alice@example.org\nuser alice\n\
             auth external\ntls on\ntls_starttls on\ntls_trust_file {}\n",
            path(&pki.ca)
        );
        if let Some(pair) = pair {
            config.push_str(&format!(
                "tls_cert_file {}\ntls_key_file {}\n",
                path(&pair.cert),
                path(&pair.key)
            ));
        }
        let file = dir.path().join("msmtprc");
        std::fs::write(&file, config).expect("write msmtprc");
        let mut perms = std::fs::metadata(&file).expect("msmtprc").permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o600);
        std::fs::set_permissions(&file, perms).expect("chmod msmtprc");
        let mut child = Command::new("msmtp")
            .args(["-C", path(&file), "bob@example.org"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("msmtp runs");
        if let Some(mut stdin) = child.stdin.take() {
            let _ = stdin.write_all(b"Subject: EXTERNAL\n\nA login with a certificate.\n");
        }
        let output = child.wait_with_output().expect("msmtp ends");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let (total, failures) = against_serve("msmtp", "smtp", true, true, &client);
    peers::summary(
        "msmtp external",
        total - failures.len(),
        failures.len(),
        "msmtp auth external with tls_cert_file to serve --client-ca over STARTTLS: alice, bob, \
         another CA, expired, no certificate",
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
