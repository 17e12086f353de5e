//! `saslenc connect` against the real Dovecot: IMAP, POP3 and submission,
//! each with STARTTLS and implicit TLS, every mechanism Dovecot offers,
//! right and wrong passwords, ASCII and non-ASCII users; the certificate
//! checked through --cafile with the harness's `openssl req -x509`
//! certificate and with a CA-signed chain made here; wrong names, unknown
//! issuers and pins refused; --probe, --json, --all and -q.
//!
//! saslenc is the whole client here: the test only reads its exit status
//! and output, and Dovecot's verdict is what the status must say.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::thread;

use crate::dovecot::{self, Dovecot, Listener, Service, TestUser};
use crate::saslenc::{binary, PASS_ENV};
use crate::{concurrent, peers};

/// Concurrent saslenc processes: most of a case is waiting for Dovecot
/// (its 0.5 s failure timer) and for TLS handshakes.
const WORKERS: usize = 16;

/// The mechanisms Dovecot offers that take a password.
const PASSWORD_MECHANISMS: [&str; 5] =
    ["PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"];

/// What a run of saslenc gave.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn describe(&self) -> String {
        format!(
            "exit {:?}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// `saslenc connect URL ARGS...`, the password (if any) in [`PASS_ENV`].
fn connect(url: &str, args: &[&str], password: Option<&str>) -> Run {
    let mut command = Command::new(binary());
    command
        .arg("connect")
        .arg(url)
        .args(args)
        .env_remove(PASS_ENV)
        .stdin(Stdio::null());
    if let Some(password) = password {
        command
            .env(PASS_ENV, password)
            .args(["--pass-env", PASS_ENV]);
    }
    let output = command.output().expect("saslenc runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
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

fn url(dovecot: &Dovecot, service: Service, listener: Listener, host: &str) -> String {
    format!(
        "{}://{host}:{}",
        scheme(service, listener),
        dovecot.port(service, listener)
    )
}

fn start(certificate: Option<(&Path, &Path)>) -> Option<Dovecot> {
    if !crate::dovecot_tests::available() {
        return None;
    }
    let setup = crate::dovecot::Setup {
        certificate,
        ..Default::default()
    };
    match Dovecot::start_with(setup) {
        Ok(dovecot) => Some(dovecot),
        Err(e) => panic!("cannot start Dovecot: {e}"),
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// One login of the matrix.
struct Case {
    service: Service,
    listener: Listener,
    mechanism: &'static str,
    user: TestUser,
    right: bool,
}

impl Case {
    fn run(&self, dovecot: &Dovecot) -> Result<(), String> {
        let url = url(dovecot, self.service, self.listener, "127.0.0.1");
        let password = if self.right {
            self.user.password.to_owned()
        } else {
            format!("{}-wrong", self.user.password)
        };
        let anonymous = self.mechanism == "ANONYMOUS";
        let mut args = vec![
            "--cafile",
            path(dovecot.ca_cert()),
            "--mech",
            self.mechanism,
            "--user",
            self.user.name,
        ];
        if anonymous {
            args.push("--timeout=5");
        }
        let run = connect(&url, &args, (!anonymous).then_some(password.as_str()));
        let expected = match (self.mechanism, self.service) {
            // Dovecot's submission service does not offer ANONYMOUS.
            ("ANONYMOUS", Service::Submission) => 7,
            ("ANONYMOUS", _) => 0,
            _ if self.right => 0,
            _ => 1,
        };
        let mut problems = Vec::new();
        if run.code != Some(expected) {
            problems.push(format!("expected exit {expected}"));
        }
        if run.stdout.contains(&password) && !anonymous {
            problems.push("the password is in the transcript".to_owned());
        }
        let verdict = run.stdout.lines().last().unwrap_or_default();
        let wanted = match expected {
            0 => "verdict: accepted",
            1 => "verdict: refused",
            _ => "verdict: unsupported",
        };
        if !verdict.starts_with(wanted) {
            problems.push(format!("the verdict line does not start with {wanted:?}"));
        }
        // The refusal explained: RFC 5530, RFC 3206, RFC 4954 codes.
        let explained = match self.service {
            Service::Imap => "([AUTHENTICATIONFAILED] wrong user name or password",
            Service::Pop3 => "([AUTH] the server blames the credentials or the account (RFC 3206",
            Service::Submission => "(5.7.8: authentication credentials invalid",
        };
        if expected == 1 && !verdict.contains(explained) {
            problems.push(format!(
                "the verdict does not explain the refusal: {explained:?}"
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{} {} {:?} {} password {}: {}\n{}",
                url,
                self.mechanism,
                self.user.name,
                if self.right { "right" } else { "wrong" },
                "",
                problems.join("; "),
                run.describe()
            ))
        }
    }
}

#[test]
fn connect_logs_in_with_every_mechanism_over_every_protocol() {
    let Some(dovecot) = start(None) else { return };
    let mut cases = Vec::new();
    for service in Service::ALL {
        for listener in [Listener::Cleartext, Listener::ImplicitTls] {
            for mechanism in PASSWORD_MECHANISMS {
                for user in [dovecot::ASCII_USER, dovecot::UTF8_USER] {
                    for right in [true, false] {
                        cases.push(Case {
                            service,
                            listener,
                            mechanism,
                            user,
                            right,
                        });
                    }
                }
            }
            cases.push(Case {
                service,
                listener,
                mechanism: "ANONYMOUS",
                user: dovecot::ASCII_USER,
                right: true,
            });
        }
    }
    let total = cases.len();
    let queue = Mutex::new(cases);
    let failures = Mutex::new(Vec::new());
    thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| loop {
                let case = queue.lock().expect("queue").pop();
                let Some(case) = case else { break };
                if let Err(e) = case.run(&dovecot) {
                    failures.lock().expect("failures").push(e);
                }
            });
        }
    });
    let failures = failures.into_inner().expect("failures");
    peers::summary(
        "dovecot connect",
        total - failures.len(),
        failures.len(),
        "saslenc connect: IMAP, POP3, submission x STARTTLS, implicit TLS x every mechanism",
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn connect_transcript_is_decoded_and_masked() {
    let Some(dovecot) = start(None) else { return };
    let url = url(&dovecot, Service::Imap, Listener::Cleartext, "localhost");
    let cafile = path(dovecot.ca_cert());
    let run = connect(
        &url,
        &["--cafile", cafile, "--mech", "plain", "--user", "user"],
        Some("pencil"),
    );
    assert_eq!(run.code, Some(0), "{}", run.describe());
    let out = &run.stdout;
    // The base64 of \0user\0pencil, and the password, never appear.
    assert!(
        !out.contains("AHVzZXIAcGVuY2ls") && !out.contains("pencil"),
        "{out}"
    );
    assert!(
        out.contains(r"AUTHENTICATE PLAIN ******** (16 base64 characters, masked)"),
        "{out}"
    );
    assert!(out.contains(r"= \0user\0********(passwd 6 bytes)"), "{out}");
    assert!(out.contains("C: A2 STARTTLS\n"), "{out}");
    assert!(
        out.contains("mechanism: PLAIN: PLAIN was asked for with --mech"),
        "{out}"
    );
    // With --show-secrets both are shown.
    let run = connect(
        &url,
        &[
            "--cafile",
            cafile,
            "--mech",
            "PLAIN",
            "--user",
            "user",
            "--show-secrets",
        ],
        Some("pencil"),
    );
    assert!(
        run.stdout.contains("AHVzZXIAcGVuY2ls"),
        "{}",
        run.describe()
    );
    assert!(run.stdout.contains(r"\0user\0pencil"), "{}", run.describe());

    // No --mech: the strongest both have, and why.
    let run = connect(
        &url,
        &["--cafile", cafile, "--user", "user", "-q"],
        Some("pencil"),
    );
    assert_eq!(run.code, Some(0), "{}", run.describe());
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.describe());
    assert!(
        run.stdout
            .starts_with("verdict: accepted: SCRAM-SHA-256 login to imap://localhost:"),
        "{}",
        run.describe()
    );

    // A SCRAM exchange shows the server-first decoded and the proof masked.
    let run = connect(
        &url,
        &[
            "--cafile",
            cafile,
            "--user",
            "user",
            "--mech",
            "SCRAM-SHA-1",
        ],
        Some("pencil"),
    );
    assert_eq!(run.code, Some(0), "{}", run.describe());
    assert!(
        run.stdout.contains("[SCRAM server-first message]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(",p=********(proof 28 bytes)"),
        "{}",
        run.stdout
    );

    // A mechanism Dovecot does not offer is refused before AUTH.
    let run = connect(
        &url,
        &[
            "--cafile", cafile, "--user", "user", "--mech", "XOAUTH2", "--token", "t",
        ],
        None,
    );
    assert_eq!(run.code, Some(7), "{}", run.describe());
    assert!(
        run.stderr.contains("the server does not offer XOAUTH2"),
        "{}",
        run.describe()
    );
}

#[test]
fn connect_without_tls_needs_allow_cleartext_for_passwords() {
    let Some(dovecot) = start(None) else { return };
    let smtp = url(
        &dovecot,
        Service::Submission,
        Listener::Cleartext,
        "127.0.0.1",
    );
    for mechanism in ["PLAIN", "LOGIN"] {
        let run = connect(
            &smtp,
            &["--no-tls", "--user", "user", "--mech", mechanism],
            Some("pencil"),
        );
        assert_eq!(run.code, Some(2), "{}", run.describe());
        assert!(
            run.stderr.contains(&format!(
                "{mechanism} would send the password itself without TLS; add --allow-cleartext"
            )),
            "{}",
            run.describe()
        );
        assert!(!run.stdout.contains("C: AUTH"), "{}", run.describe());
        let run = connect(
            &smtp,
            &[
                "--no-tls",
                "--allow-cleartext",
                "--user",
                "user",
                "--mech",
                mechanism,
            ],
            Some("pencil"),
        );
        assert_eq!(run.code, Some(0), "{}", run.describe());
        assert!(
            run.stdout.contains("warning: --no-tls"),
            "{}",
            run.describe()
        );
    }
    // SCRAM does not send the password: it goes, with a warning.
    let run = connect(&smtp, &["--no-tls", "--user", "user"], Some("pencil"));
    assert_eq!(run.code, Some(0), "{}", run.describe());
    assert!(
        run.stdout.contains("warning: SCRAM-SHA-256 without TLS"),
        "{}",
        run.describe()
    );
    assert!(!run.stdout.contains("C: STARTTLS"), "{}", run.describe());
}

#[test]
fn connect_probe_json_and_all() {
    let Some(dovecot) = start(None) else { return };
    let cafile = path(dovecot.ca_cert());
    let url = url(&dovecot, Service::Pop3, Listener::Cleartext, "127.0.0.1");
    let run = connect(&url, &["--cafile", cafile, "--probe"], None);
    assert_eq!(run.code, Some(0), "{}", run.describe());
    for needle in [
        "tls: TLSv1.3",
        "certificate: subject CN=localhost; issuer CN=localhost (self-signed); names localhost, 127.0.0.1",
        "mechanisms before TLS: PLAIN LOGIN CRAM-MD5 SCRAM-SHA-1 SCRAM-SHA-256 ANONYMOUS",
        "warning: the server offers PLAIN, LOGIN before STARTTLS",
        "warning: the server's certificate expires in",
        "verdict: probe of pop3://127.0.0.1:",
        "mechanisms after TLS: PLAIN LOGIN",
        "completed; mechanisms offered: PLAIN LOGIN",
    ] {
        assert!(run.stdout.contains(needle), "{needle}\n{}", run.describe());
    }
    // -q keeps one line, which names what is offered.
    let run = connect(&url, &["--cafile", cafile, "--probe", "-q"], None);
    assert_eq!(run.code, Some(0), "{}", run.describe());
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.describe());
    assert!(
        run.stdout.contains("mechanisms offered: PLAIN LOGIN"),
        "{}",
        run.describe()
    );

    let imaps = self::url(&dovecot, Service::Imap, Listener::ImplicitTls, "127.0.0.1");
    let run = connect(
        &imaps,
        &["--cafile", cafile, "--user", "jürgen", "--json"],
        Some("pässwörd€"),
    );
    assert_eq!(run.code, Some(0), "{}", run.describe());
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(doc["verdict"]["status"], "accepted");
    assert_eq!(doc["mechanism"]["name"], "SCRAM-SHA-256");
    assert_eq!(doc["tls"]["certificate"]["self_signed"], true);
    assert_eq!(doc["server"]["protocol"], "imap");
    assert!(doc["transcript"].as_array().is_some_and(|t| t.len() > 4));
    assert!(!run.stdout.contains("pässwörd€"), "{}", run.stdout);
    assert_eq!(doc["verdict"]["server_reply"]["status"], "OK", "{doc}");

    // A refusal's codes, for a script: IMAP's response code, POP3's.
    let run = connect(
        &imaps,
        &[
            "--cafile", cafile, "--user", "user", "--mech", "PLAIN", "--json",
        ],
        Some("wrong-password"),
    );
    assert_eq!(run.code, Some(1), "{}", run.describe());
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    let reply = &doc["verdict"]["server_reply"];
    assert_eq!(reply["status"], "NO", "{doc}");
    assert_eq!(reply["response_code"], "AUTHENTICATIONFAILED", "{doc}");

    let run = connect(
        &imaps,
        &["--cafile", cafile, "--user", "user", "--all"],
        Some("pencil"),
    );
    assert_eq!(run.code, Some(0), "{}", run.describe());
    for mechanism in [
        "SCRAM-SHA-256",
        "SCRAM-SHA-1",
        "PLAIN",
        "LOGIN",
        "CRAM-MD5",
        "ANONYMOUS",
    ] {
        let row = run
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(mechanism))
            .unwrap_or_else(|| panic!("no row for {mechanism}\n{}", run.stdout));
        assert!(row.contains(" accepted "), "{row}");
    }
    let run = connect(
        &imaps,
        &["--cafile", cafile, "--user", "user", "--all"],
        Some("wrong"),
    );
    assert_eq!(run.code, Some(1), "{}", run.describe());
    assert!(run.stdout.contains("refused"), "{}", run.describe());
}

#[test]
fn connect_checks_the_certificate() {
    let Some(dovecot) = start(None) else { return };
    let cafile = path(dovecot.ca_cert());
    let imaps = |host: &str| url(&dovecot, Service::Imap, Listener::ImplicitTls, host);
    let login = ["--user", "user", "--mech", "PLAIN", "-q"];

    // The platform's store does not know the self-signed certificate.
    let run = connect(&imaps("127.0.0.1"), &login, Some("pencil"));
    assert_eq!(run.code, Some(6), "{}", run.describe());
    assert!(
        run.stderr
            .contains("presents a CA certificate (CN=localhost")
            && !run.stderr.contains("CaUsedAsEndEntity")
            && run
                .stderr
                .contains("give the server's own certificate with --cafile"),
        "{}",
        run.describe()
    );
    // A failed check still shows the certificate and its SHA-256, to pin
    // it or to give it with --cafile, in text and in JSON.
    let probe = connect(&imaps("127.0.0.1"), &["--probe"], None);
    assert_eq!(probe.code, Some(6), "{}", probe.describe());
    assert!(
        probe
            .stdout
            .contains("tls: the handshake failed on the certificate below")
            && probe.stdout.contains("certificate: subject CN=localhost")
            && probe.stdout.contains("sha256 "),
        "{}",
        probe.describe()
    );
    let probe = connect(&imaps("127.0.0.1"), &["--probe", "--json"], None);
    let doc: serde_json::Value =
        serde_json::from_str(&probe.stdout).unwrap_or_else(|e| panic!("{e}: {}", probe.describe()));
    assert_eq!(doc["tls"]["established"], false, "{doc}");
    assert_eq!(
        doc["tls"]["certificate"]["sha256"].as_str().map(str::len),
        Some(64),
        "{doc}"
    );

    // By the name it holds, through --cafile.
    let run = connect(
        &imaps("localhost"),
        &[&["--cafile", cafile][..], &login].concat(),
        Some("pencil"),
    );
    assert_eq!(run.code, Some(0), "{}", run.describe());

    // --connect-to: another address, checked by the URL's name; the
    // certificate holds localhost, not mail.example.invalid.
    let port = imaps("localhost")
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_owned();
    let to = format!("127.0.0.1:{port}");
    let run = connect(
        "imaps://localhost:1",
        &[
            &["--cafile", cafile, "--connect-to", to.as_str()][..],
            &login,
        ]
        .concat(),
        Some("pencil"),
    );
    assert_eq!(run.code, Some(0), "{}", run.describe());
    let run = connect(
        "imaps://mail.example.invalid:1",
        &[
            &["--cafile", cafile, "--connect-to", to.as_str()][..],
            &login,
        ]
        .concat(),
        Some("pencil"),
    );
    assert_eq!(run.code, Some(6), "{}", run.describe());
    assert!(
        run.stderr
            .contains("the certificate is for localhost, 127.0.0.1, not mail.example.invalid"),
        "{}",
        run.describe()
    );

    // Pinned: the fingerprint --probe prints, in hex with colons.
    let probe = connect(&imaps("127.0.0.1"), &["--cafile", cafile, "--probe"], None);
    let sha256 = probe
        .stdout
        .split("sha256 ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no sha256 in\n{}", probe.describe()))
        .to_owned();
    let colons = sha256
        .as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join(":");
    let pin = format!("--pin-sha256={colons}");
    let run = connect(
        &imaps("127.0.0.1"),
        &[&[pin.as_str()][..], &login].concat(),
        Some("pencil"),
    );
    assert_eq!(run.code, Some(0), "{}", run.describe());
    let wrong = format!("--pin-sha256={}", "00".repeat(32));
    let run = connect(
        &imaps("127.0.0.1"),
        &[&[wrong.as_str()][..], &login].concat(),
        Some("pencil"),
    );
    assert_eq!(run.code, Some(6), "{}", run.describe());
    assert!(
        run.stderr.contains("which is not pinned"),
        "{}",
        run.describe()
    );

    // --insecure goes through, and says so.
    let run = connect(
        &imaps("127.0.0.1"),
        &[&["--insecure"][..], &login].concat(),
        Some("pencil"),
    );
    assert_eq!(run.code, Some(0), "{}", run.describe());
    let run = connect(
        &imaps("127.0.0.1"),
        &["--insecure", "--user", "user", "--mech", "PLAIN"],
        Some("pencil"),
    );
    assert!(
        run.stdout.contains("warning: --insecure"),
        "{}",
        run.describe()
    );
}

/// A CA named `ca_name` and a leaf it signed for `DNS:localhost` only,
/// made with openssl.
fn ca_and_leaf(dir: &Path, ca_name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let openssl = |args: &[&OsString]| {
        let out = Command::new("openssl")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("openssl runs");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let p = |name: &str| dir.join(name).into_os_string();
    let s = |text: &str| OsString::from(text);
    let (ca_key, ca, key, csr, leaf, ext) = (
        p("ca.key"),
        p("ca.pem"),
        p("leaf.key"),
        p("leaf.csr"),
        p("leaf.pem"),
        p("leaf.ext"),
    );
    std::fs::write(
        &ext,
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n\
         extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost\n",
    )
    .expect("write leaf.ext");
    openssl(&[
        &s("req"),
        &s("-x509"),
        &s("-newkey"),
        &s("rsa:2048"),
        &s("-nodes"),
        &s("-days"),
        &s("2"),
        &s("-subj"),
        &s(&format!("/CN={ca_name}")),
        &s("-keyout"),
        &ca_key,
        &s("-out"),
        &ca,
    ]);
    openssl(&[
        &s("req"),
        &s("-newkey"),
        &s("rsa:2048"),
        &s("-nodes"),
        &s("-subj"),
        &s("/CN=localhost"),
        &s("-keyout"),
        &key,
        &s("-out"),
        &csr,
    ]);
    openssl(&[
        &s("x509"),
        &s("-req"),
        &s("-in"),
        &csr,
        &s("-CA"),
        &ca,
        &s("-CAkey"),
        &ca_key,
        &s("-CAcreateserial"),
        &s("-days"),
        &s("2"),
        &s("-extfile"),
        &ext,
        &s("-out"),
        &leaf,
    ]);
    (ca.into(), leaf.into(), key.into())
}

#[test]
fn connect_verifies_a_ca_signed_chain() {
    if !crate::dovecot_tests::available() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (ca, leaf, key) = ca_and_leaf(dir.path(), "saslenc test CA");
    let Some(dovecot) = start(Some((&leaf, &key))) else {
        return;
    };
    let login = ["--user", "user", "--mech", "SCRAM-SHA-256", "-q"];
    let submission = |host: &str| url(&dovecot, Service::Submission, Listener::Cleartext, host);
    let with_ca = [&["--cafile", path(&ca)][..], &login].concat();

    let run = connect(&submission("localhost"), &with_ca, Some("pencil"));
    assert_eq!(run.code, Some(0), "{}", run.describe());

    // 127.0.0.1 is not a name the certificate holds.
    let run = connect(&submission("127.0.0.1"), &with_ca, Some("pencil"));
    assert_eq!(run.code, Some(6), "{}", run.describe());
    assert!(
        run.stderr
            .contains("connect with a name the certificate holds"),
        "{}",
        run.describe()
    );

    // The leaf given as itself: its name is still checked.
    let as_itself = [&["--cafile", path(&leaf)][..], &login].concat();
    let run = connect(&submission("localhost"), &as_itself, Some("pencil"));
    assert_eq!(run.code, Some(0), "{}", run.describe());
    let run = connect(&submission("127.0.0.1"), &as_itself, Some("pencil"));
    assert_eq!(run.code, Some(6), "{}", run.describe());

    // Another CA does not vouch for it.
    let other = tempfile::tempdir().expect("a temporary directory");
    let (other_ca, _, _) = ca_and_leaf(other.path(), "saslenc other CA");
    let run = connect(
        &submission("localhost"),
        &[&["--cafile", path(&other_ca)][..], &login].concat(),
        Some("pencil"),
    );
    assert_eq!(run.code, Some(6), "{}", run.describe());
    assert!(
        run.stderr
            .contains("does not chain to a certificate in --cafile"),
        "{}",
        run.describe()
    );
}

/// The HS256 key of the OAuth tests' Dovecot.
const JWT_KEY: &[u8] = b"saslenc-interop-jwt-key";

/// A JWT (RFC 7519) for `sub`, signed with HS256 under `key`, valid for
/// `lifetime` seconds from now (negative: already expired).
fn jwt(sub: &str, key: &[u8], lifetime: i64) -> String {
    use base64::Engine;
    use hmac::{Hmac, KeyInit, Mac};
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs() as i64;
    let header = b64(br#"{"alg":"HS256","typ":"JWT"}"#);
    let claims = b64(
        serde_json::json!({"sub": sub, "iat": now - 60, "exp": now + lifetime})
            .to_string()
            .as_bytes(),
    );
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(format!("{header}.{claims}").as_bytes());
    format!("{header}.{claims}.{}", b64(&mac.finalize().into_bytes()))
}

#[test]
fn connect_logs_in_with_oauth_tokens_dovecot_validates() {
    if !crate::dovecot_tests::available() {
        return;
    }
    let setup = crate::dovecot::Setup {
        oauth2_hs256_key: Some(JWT_KEY),
        ..Default::default()
    };
    let dovecot =
        Dovecot::start_with(setup).unwrap_or_else(|e| panic!("cannot start Dovecot: {e}"));
    let cafile = path(dovecot.ca_cert());
    let good = jwt("user", JWT_KEY, 3600);
    let tokens = [
        (good.as_str(), 0, "a token signed with the server's key"),
        (
            &*jwt("user", b"another key", 3600),
            1,
            "a token signed with another key",
        ),
        (&*jwt("user", JWT_KEY, -60), 1, "an expired token"),
    ];
    let mut cases = Vec::new();
    for service in Service::ALL {
        for listener in [Listener::Cleartext, Listener::ImplicitTls] {
            for mechanism in ["XOAUTH2", "oauthbearer"] {
                for token in &tokens {
                    cases.push((service, listener, mechanism, token));
                }
            }
        }
    }
    let mut total = cases.len();
    let mut failures: Vec<String> = concurrent::map(
        &cases,
        WORKERS,
        |&(service, listener, mechanism, (token, expected, what))| {
            let url = url(&dovecot, service, listener, "127.0.0.1");
            let run = connect(
                &url,
                &[
                    "--cafile", cafile, "--user", "user", "--mech", mechanism, "--token", token,
                ],
                None,
            );
            let leaked = run.stdout.contains(token) || run.stderr.contains(token);
            (run.code != Some(*expected) || leaked).then(|| {
                format!(
                    "{url} {mechanism} with {what}: expected exit {expected}{}\n{}",
                    if leaked {
                        ", and the token is in the output"
                    } else {
                        ""
                    },
                    run.describe()
                )
            })
        },
    )
    .into_iter()
    .flatten()
    .collect();
    // With a token source and no --mech, an OAuth mechanism is chosen.
    let run = connect(
        &url(&dovecot, Service::Imap, Listener::ImplicitTls, "localhost"),
        &["--cafile", cafile, "--user", "user", "--token", &good],
        None,
    );
    assert_eq!(run.code, Some(0), "{}", run.describe());
    assert!(
        run.stdout
            .contains("mechanism: OAUTHBEARER: OAUTHBEARER is the strongest of saslenc's OAuth"),
        "{}",
        run.stdout
    );
    // A token expired two hours ago, made by another JWT implementation
    // (jsonwebtoken) under the server's key: Dovecot refuses it, and the
    // refusal says why, in text and in JSON, the token still masked.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs();
    let expired = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &serde_json::json!({"sub": "user", "iat": now - 10800, "exp": now - 7200}),
        &jsonwebtoken::EncodingKey::from_secret(JWT_KEY),
    )
    .expect("a JWT");
    for service in Service::ALL {
        let url = url(&dovecot, service, Listener::ImplicitTls, "127.0.0.1");
        for mechanism in ["XOAUTH2", "OAUTHBEARER"] {
            for json in [false, true] {
                total += 1;
                let mut args = vec![
                    "--cafile", cafile, "--user", "user", "--mech", mechanism, "--token", &expired,
                ];
                if json {
                    args.push("--json");
                }
                let run = connect(&url, &args, None);
                let says_expired = if json {
                    serde_json::from_str::<serde_json::Value>(&run.stdout).is_ok_and(|doc| {
                        doc["verdict"]["token_findings"]
                            .as_array()
                            .is_some_and(|f| {
                                f.len() == 1
                                    && f[0]["check"] == "expiry"
                                    && f[0]["rule"]
                                        .as_str()
                                        .is_some_and(|r| r.starts_with("expired 2 hours ago"))
                            })
                    })
                } else {
                    run.stdout.lines().last().is_some_and(|l| {
                        l.starts_with("note: the token fails the expiry check: expired 2 hours ago")
                    })
                };
                let leaked = run.stdout.contains(&expired) || run.stderr.contains(&expired);
                if run.code != Some(1) || !says_expired || leaked {
                    failures.push(format!(
                        "{url} {mechanism} with a token expired 2 hours ago{}: expected exit 1 \
                         and the expiry check failed under the verdict{}\n{}",
                        if json { " (--json)" } else { "" },
                        if leaked {
                            ", and the token is in the output"
                        } else {
                            ""
                        },
                        run.describe()
                    ));
                }
            }
        }
    }
    peers::summary(
        "dovecot oauth2",
        total - failures.len(),
        failures.len(),
        "XOAUTH2 and OAUTHBEARER against the oauth2 passdb validating JWTs locally",
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
