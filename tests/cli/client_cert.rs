//! `saslenc connect --cert --key`: the client certificate is presented
//! when the server asks, EXTERNAL is chosen and carries --user as its
//! authorization identity, --probe says what the server asked for, and
//! a certificate or key that cannot be used is refused before any
//! connection. The server here is rustls's own, in process, verifying the
//! client certificate against the test CA; the logins against Dovecot and
//! `serve` are in tests/interop.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::thread::{self, JoinHandle};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;

use crate::common::saslenc;
use crate::pki::Pki;

/// What the server saw: each client line, and the subject of the client
/// certificate the handshake verified, if any.
type Seen = (Vec<String>, Option<String>);

/// An implicit-TLS IMAP server that asks for a client certificate from
/// `pki`'s CA (a client without one may still connect), offers
/// `mechanisms`, and accepts any AUTHENTICATE.
fn imaps(pki: &Pki, mechanisms: &'static str, ask: bool) -> (u16, JoinHandle<Seen>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_file(&pki.ca).unwrap())
        .unwrap();
    let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap();
    let builder = if ask {
        builder.with_client_cert_verifier(
            WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .allow_unauthenticated()
                .build()
                .unwrap(),
        )
    } else {
        builder.with_no_client_auth()
    };
    let config = builder
        .with_single_cert(
            vec![CertificateDer::from_pem_file(&pki.server.cert).unwrap()],
            PrivateKeyDer::from_pem_file(&pki.server.key).unwrap(),
        )
        .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = thread::spawn(move || {
        let (tcp, _) = listener.accept().unwrap();
        tcp.set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        let conn = rustls::ServerConnection::new(Arc::new(config)).unwrap();
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        let mut lines = Vec::new();
        if tls
            .write_all(
                format!("* OK [CAPABILITY IMAP4rev1 SASL-IR {mechanisms}] ready\r\n").as_bytes(),
            )
            .is_err()
        {
            return (lines, None);
        }
        let subject = tls
            .conn
            .peer_certificates()
            .and_then(|c| c.first().cloned())
            .map(|der| {
                let (_, cert) = x509_parser::parse_x509_certificate(&der).unwrap();
                cert.subject().to_string()
            });
        let mut reader = BufReader::new(tls);
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            let line = line.trim_end().to_owned();
            let tag = line.split(' ').next().unwrap_or("").to_owned();
            let reply = if line.contains(" LOGOUT") {
                format!("* BYE\r\n{tag} OK bye\r\n")
            } else if line.contains(" CAPABILITY") {
                format!("* CAPABILITY IMAP4rev1 SASL-IR {mechanisms}\r\n{tag} OK done\r\n")
            } else {
                format!("{tag} OK Logged in\r\n")
            };
            lines.push(line);
            if reader.get_mut().write_all(reply.as_bytes()).is_err() {
                break;
            }
            if reply.contains("BYE") {
                break;
            }
        }
        (lines, subject)
    });
    (port, handle)
}

fn pki() -> (tempfile::TempDir, Pki) {
    let dir = tempfile::tempdir().unwrap();
    let pki = Pki::make(dir.path());
    (dir, pki)
}

#[test]
fn external_is_chosen_with_a_certificate_and_sends_the_user_as_authzid() {
    let (_dir, pki) = pki();
    for (user, line) in [
        (Some("alice"), "A2 AUTHENTICATE EXTERNAL YWxpY2U="),
        (None, "A2 AUTHENTICATE EXTERNAL ="),
    ] {
        let (port, server) = imaps(&pki, "AUTH=PLAIN AUTH=EXTERNAL", true);
        let mut cmd = saslenc();
        cmd.args(["connect", &format!("imaps://localhost:{port}"), "--cafile"])
            .arg(&pki.ca)
            .arg("--cert")
            .arg(&pki.alice.cert)
            .arg("--key")
            .arg(&pki.alice.key);
        if let Some(user) = user {
            cmd.args(["--user", user]);
        }
        let out = cmd.assert().success();
        let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        let (lines, subject) = server.join().unwrap();
        assert_eq!(subject.as_deref(), Some("CN=alice"));
        assert_eq!(lines[1], line, "{stdout}");
        assert!(
            stdout.contains("mechanism: EXTERNAL: EXTERNAL logs in with the certificate of --cert"),
            "{stdout}"
        );
        assert!(
            stdout.contains(
                "client certificate: the server asked for one, from CN=saslenc test CA; sent \
                 subject CN=alice; issuer CN=saslenc test CA;"
            ),
            "{stdout}"
        );
    }
}

#[test]
fn a_probe_says_whether_a_certificate_was_asked_for() {
    let (_dir, pki) = pki();
    let (port, server) = imaps(&pki, "AUTH=EXTERNAL", true);
    let out = saslenc()
        .args([
            "connect",
            &format!("imaps://localhost:{port}"),
            "--probe",
            "--cafile",
        ])
        .arg(&pki.ca)
        .assert()
        .success();
    server.join().unwrap();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.contains(
            "client certificate: the server asked for one, from CN=saslenc test CA; none sent \
             (no --cert)"
        ),
        "{stdout}"
    );
    let (port, server) = imaps(&pki, "AUTH=EXTERNAL", false);
    let out = saslenc()
        .args([
            "connect",
            &format!("imaps://localhost:{port}"),
            "--probe",
            "--json",
            "--cafile",
        ])
        .arg(&pki.ca)
        .assert()
        .success();
    server.join().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["tls"]["certificate_request"], serde_json::Value::Null);
    let (port, server) = imaps(&pki, "AUTH=EXTERNAL", false);
    let out = saslenc()
        .args([
            "connect",
            &format!("imaps://localhost:{port}"),
            "--probe",
            "--cafile",
        ])
        .arg(&pki.ca)
        .assert()
        .success();
    server.join().unwrap();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.contains("client certificate: the server did not ask for one"),
        "{stdout}"
    );
}

#[test]
fn a_certificate_from_a_ca_the_server_did_not_name_is_warned_of() {
    let (_dir, pki) = pki();
    let (port, server) = imaps(&pki, "AUTH=EXTERNAL", true);
    let out = saslenc()
        .args(["connect", &format!("imaps://localhost:{port}"), "--cafile"])
        .arg(&pki.ca)
        .arg("--cert")
        .arg(&pki.stranger.cert)
        .arg("--key")
        .arg(&pki.stranger.key)
        .assert();
    // rustls's server refuses the certificate in the handshake: in TLS
    // 1.3 with an alert after the client's side of it is done.
    let _ = server.join();
    let out = out.code(6);
    let out = out.get_output();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains(
            "the client certificate's issuer (CN=another CA) is none of the CAs the server \
             asked for (CN=saslenc test CA)"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "the server ended TLS with the alert unknown_ca: the server does not trust the \
             issuer of the client certificate"
        ),
        "{text}"
    );
}

#[test]
fn external_without_a_certificate_to_ask_for_warns() {
    let (_dir, pki) = pki();
    let (port, server) = imaps(&pki, "AUTH=EXTERNAL", false);
    let out = saslenc()
        .args(["connect", &format!("imaps://localhost:{port}"), "--cafile"])
        .arg(&pki.ca)
        .arg("--cert")
        .arg(&pki.alice.cert)
        .arg("--key")
        .arg(&pki.alice.key)
        .assert()
        .success();
    server.join().unwrap();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout
            .contains("warning: the server did not ask for a client certificate, so none was sent"),
        "{stdout}"
    );
}

#[test]
fn a_certificate_alone_where_external_is_not_offered_is_unsupported() {
    let (_dir, pki) = pki();
    let (port, server) = imaps(&pki, "AUTH=PLAIN", true);
    saslenc()
        .args(["connect", &format!("imaps://localhost:{port}"), "--cafile"])
        .arg(&pki.ca)
        .arg("--cert")
        .arg(&pki.alice.cert)
        .arg("--key")
        .arg(&pki.alice.key)
        .assert()
        .code(7)
        .stderr(predicates::str::contains(
            "the server does not offer EXTERNAL (it offers PLAIN)",
        ));
    server.join().unwrap();
}

#[test]
fn an_unusable_certificate_or_key_is_a_usage_error_before_connecting() {
    let (dir, pki) = pki();
    let encrypted = dir.path().join("encrypted.key");
    std::fs::write(
        &encrypted,
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkq\n-----END ENCRYPTED PRIVATE KEY-----\n",
    )
    .unwrap();
    let missing = dir.path().join("missing.pem");
    let cases = [
        (
            &missing,
            &pki.alice.key,
            format!("--cert {}: cannot be read: ", missing.display()),
        ),
        (
            &pki.alice.cert,
            &encrypted,
            format!(
                "--key {}: holds an encrypted private key (ENCRYPTED PRIVATE KEY)",
                encrypted.display()
            ),
        ),
        (
            &pki.alice.cert,
            &pki.bob.key,
            format!(
                "--key {}: is not the key of the certificate in {} (CN=alice)",
                pki.bob.key.display(),
                pki.alice.cert.display()
            ),
        ),
    ];
    for (cert, key, said) in cases {
        // Port 9 on loopback: nothing is reached, the files fail first.
        saslenc()
            .args(["connect", "imaps://127.0.0.1:9", "--cert"])
            .arg(cert)
            .arg("--key")
            .arg(key)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(said));
    }
    saslenc()
        .args(["connect", "imap://127.0.0.1:9", "--no-tls", "--cert"])
        .arg(&pki.alice.cert)
        .arg("--key")
        .arg(&pki.alice.key)
        .assert()
        .code(2);
}
