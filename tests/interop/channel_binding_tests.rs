//! SCRAM-SHA-1-PLUS and SCRAM-SHA-256-PLUS (RFC 5802 section 6) against
//! Python's `scramp`, an independent implementation with
//! `tls-server-end-point` (RFC 5929). No RFC publishes -PLUS vectors, so:
//!
//! * byte for byte: scramp's client and server, run together with fixed
//!   nonces, salt and binding data (`scramp_peer.py vectors`), give four
//!   messages; saslenc's client built from the same inputs sends the same
//!   client-first and client-final and verifies scramp's server-final;
//! * scramp's client logs in to saslenc's server step (the one `serve`
//!   runs), with the binding data both sides hold, and is refused when the
//!   server's view of the channel differs in one byte or the password is
//!   wrong;
//! * RFC 5929's hash rule: saslenc's `tls-server-end-point` of
//!   certificates signed with RSA (SHA-1, SHA-256, SHA-384, SHA-512),
//!   RSA-PSS and ECDSA equals scramp's.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use saslenc::mech::scram::{Prep, Scram, ScramHash};
use saslenc::mech::server::{Refusal, Server, Step};
use saslenc::mech::{Binding, BindingType, ChannelBinding, Kind, Mechanism};
use saslenc::serve::accounts::Accounts;
use saslenc::Secret;

use crate::peers;

/// The Python peer, kept beside this file.
fn script() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/interop/scramp_peer.py")
        .display()
        .to_string()
}

/// Whether python3 with scramp is here.
pub fn scramp_check() -> Result<(), String> {
    let out = Command::new("python3")
        .args(["-c", "import scramp"])
        .output()
        .map_err(|e| format!("python3: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err("python3 has no scramp (pip install scramp)".into())
    }
}

fn python(args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(script())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "scramp_peer.py {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn data(seed: u8) -> Vec<u8> {
    (0..32u8).map(|i| i.wrapping_mul(37) ^ seed).collect()
}

/// saslenc's client against scramp's four messages.
fn byte_for_byte(hash: ScramHash, cb: &[u8]) -> Result<(), String> {
    let mech = hash.plus_mechanism();
    let out = python(&["vectors", mech, &hex::encode(cb)]);
    let lines: Vec<&str> = out.lines().collect();
    let [first, server_first, last, server_final] = lines[..] else {
        return Err(format!("scramp printed {out:?}"));
    };
    let binding = ChannelBinding::new(BindingType::TlsServerEndPoint, cb.to_vec()).unwrap();
    let mut scram = Scram::new(
        hash,
        "",
        "user",
        "pencil",
        "fyko+d2lbbFgONRv9qkxdawL",
        Prep::SaslPrep,
    )
    .unwrap()
    .with_binding(Binding::Bound(binding));
    let ours = scram.initial().unwrap().unwrap();
    if &ours[..] != first.as_bytes() {
        return Err(format!(
            "{mech} client-first: {:?} vs scramp {first:?}",
            String::from_utf8_lossy(&ours)
        ));
    }
    let ours = scram.respond(server_first.as_bytes()).unwrap();
    if &ours[..] != last.as_bytes() {
        return Err(format!(
            "{mech} client-final: {:?} vs scramp {last:?}",
            String::from_utf8_lossy(&ours)
        ));
    }
    scram
        .success(Some(server_final.as_bytes()))
        .map_err(|e| format!("{mech}: scramp's server-final does not verify: {e}"))
}

/// scramp's client (`client` mode) against saslenc's server step, whose
/// view of the channel is `server_cb`.
fn scramp_client(
    hash: ScramHash,
    client_cb: &[u8],
    server_cb: &[u8],
    password: &str,
) -> Result<(), Option<Refusal>> {
    let accounts = Accounts::single("user", Some(Secret::new(b"pencil".to_vec())), None);
    let view = ChannelBinding::new(BindingType::TlsServerEndPoint, server_cb.to_vec()).unwrap();
    let mut server = Server::new(Kind::ScramPlus(hash), &accounts).with_channel(vec![view]);
    let mut child = Command::new("python3")
        .arg(script())
        .args([
            "client",
            hash.plus_mechanism(),
            &hex::encode(client_cb),
            "user",
            password,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = || {
        let mut l = String::new();
        stdout.read_line(&mut l).unwrap();
        l.trim_end().to_owned()
    };
    let first = line();
    let outcome = match server.start(Some(first.as_bytes())) {
        Step::Challenge(server_first) => {
            stdin.write_all(&server_first).unwrap();
            stdin.write_all(b"\n").unwrap();
            let last = line();
            match server.respond(last.as_bytes()) {
                Step::Success {
                    additional: Some(server_final),
                    ..
                } => {
                    stdin.write_all(&server_final).unwrap();
                    stdin.write_all(b"\n").unwrap();
                    let verdict = line();
                    if verdict == "ok" {
                        Ok(())
                    } else {
                        panic!("scramp refused saslenc's server-final: {verdict}")
                    }
                }
                Step::Failure(f) => Err(Some(f.refusal)),
                _ => Err(None),
            }
        }
        Step::Failure(f) => Err(Some(f.refusal)),
        _ => Err(None),
    };
    drop(stdin);
    let _ = child.wait();
    outcome
}

/// openssl's certificates for each signature hash, and RFC 5929's rule
/// as scramp applies it.
fn end_points(dir: &Path) -> Vec<(String, Result<(), String>)> {
    let mut results = Vec::new();
    let cases: &[(&str, &[&str])] = &[
        ("rsa sha1", &["-newkey", "rsa:2048", "-sha1"]),
        ("rsa sha256", &["-newkey", "rsa:2048", "-sha256"]),
        ("rsa sha384", &["-newkey", "rsa:2048", "-sha384"]),
        ("rsa sha512", &["-newkey", "rsa:2048", "-sha512"]),
        (
            "ecdsa sha256",
            &[
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-sha256",
            ],
        ),
        (
            "ecdsa sha384",
            &[
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-384",
                "-sha384",
            ],
        ),
        (
            "rsa-pss sha384",
            &[
                "-newkey",
                "rsa-pss",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-sha384",
            ],
        ),
    ];
    for (i, (name, args)) in cases.iter().enumerate() {
        let der = dir.join(format!("cert{i}.der"));
        let status = Command::new("openssl")
            .args([
                "req",
                "-x509",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
                "-outform",
                "DER",
            ])
            .args(*args)
            .arg("-keyout")
            .arg(dir.join(format!("key{i}.pem")))
            .arg("-out")
            .arg(&der)
            .stderr(Stdio::null())
            .status()
            .unwrap();
        if !status.success() {
            results.push((name.to_string(), Err("openssl made no certificate".into())));
            continue;
        }
        let theirs = python(&["end-point", &der.display().to_string()]);
        let ours = ChannelBinding::server_end_point(&std::fs::read(&der).unwrap())
            .map(|b| hex::encode(b.data()));
        let result = match ours {
            Ok(ours) if ours == theirs.trim() => Ok(()),
            Ok(ours) => Err(format!("{ours} vs scramp {}", theirs.trim())),
            Err(e) => Err(e.to_string()),
        };
        results.push((name.to_string(), result));
    }
    results
}

fn openssl_check() -> Result<(), String> {
    Command::new("openssl")
        .arg("version")
        .output()
        .map(drop)
        .map_err(|e| format!("openssl: {e}"))
}

#[test]
fn scramp_agrees_on_the_plus_mechanisms() {
    if !peers::available("scramp", scramp_check()) {
        return;
    }
    let (mut passed, mut failed) = (0, 0);
    let mut tally = |name: &str, ok: bool| {
        if ok {
            passed += 1;
        } else {
            eprintln!("FAILED: {name}");
            failed += 1;
        }
    };
    for hash in [ScramHash::Sha1, ScramHash::Sha256] {
        for seed in 0..4u8 {
            let result = byte_for_byte(hash, &data(seed));
            if let Err(e) = &result {
                eprintln!("{e}");
            }
            tally("byte for byte", result.is_ok());
        }
        tally(
            "scramp client, same channel",
            scramp_client(hash, &data(1), &data(1), "pencil") == Ok(()),
        );
        let mut other = data(1);
        other[31] ^= 1;
        tally(
            "scramp client, another channel",
            scramp_client(hash, &data(1), &other, "pencil")
                == Err(Some(Refusal::ChannelBinding(
                    saslenc::mech::server::BindingRefusal::OtherConnection,
                ))),
        );
        tally(
            "scramp client, wrong password",
            scramp_client(hash, &data(1), &data(1), "pencil!") == Err(Some(Refusal::Store)),
        );
    }
    if peers::available("scramp openssl", openssl_check()) {
        let dir = tempfile::tempdir().unwrap();
        for (name, result) in end_points(dir.path()) {
            if let Err(e) = &result {
                eprintln!("tls-server-end-point {name}: {e}");
            }
            tally(&format!("tls-server-end-point {name}"), result.is_ok());
        }
    }
    peers::summary(
        "scramp",
        passed,
        failed,
        "SCRAM-SHA-1-PLUS and SCRAM-SHA-256-PLUS byte for byte and against saslenc's server step; \
         RFC 5929's certificate hash",
    );
    assert_eq!(failed, 0);
}

/// A certificate for 127.0.0.1 made by openssl with `args` (key type and
/// signature hash), not a CA, so that rustls takes it as the server's.
fn server_certificate(dir: &Path, name: &str, args: &[&str]) -> (String, String) {
    let cert = dir.join(format!("{name}.pem")).display().to_string();
    let key = dir.join(format!("{name}.key")).display().to_string();
    let status = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
        ])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        .args(args)
        .args(["-keyout", &key, "-out", &cert])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "openssl made no certificate");
    (cert, key)
}

/// `saslenc connect` against scramp's server (`scramp_peer.py serve`):
/// saslenc's exit status and the server's verdict line.
fn connect_to_scramp(
    cert: &str,
    key: &str,
    args: &[&str],
    password: &str,
) -> (i32, String, String) {
    let mut server = Command::new("python3")
        .arg(script())
        .args(["serve", cert, key])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(server.stdout.take().unwrap());
    let mut port = String::new();
    out.read_line(&mut port).unwrap();
    let client = Command::new(crate::saslenc::binary())
        .arg("connect")
        .arg(format!("smtps://127.0.0.1:{}", port.trim()))
        .args([
            "--cafile",
            cert,
            "--user",
            "user",
            "--pass-env",
            "CB_PASS",
            "--timeout",
            "20",
        ])
        .args(args)
        .env("CB_PASS", password)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let mut verdict = String::new();
    out.read_line(&mut verdict).unwrap();
    let _ = server.wait();
    (
        client.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&client.stdout).into_owned()
            + &String::from_utf8_lossy(&client.stderr),
        verdict.trim().to_owned(),
    )
}

/// `connect` logs in to an independent server: scramp over Python's ssl,
/// which binds with tls-server-end-point (Python's ssl has no TLS
/// exporter before 3.13, and scramp refuses tls-exporter), with
/// certificates whose signature hashes are SHA-384 (ECDSA P-384) and
/// SHA-256 (RSA).
#[test]
fn connect_binds_to_a_scramp_server() {
    let have = scramp_check().and_then(|()| openssl_check());
    if !peers::available("connect scramp", have) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let end_point = ["--channel-binding", "tls-server-end-point"];
    let (mut passed, mut failed) = (0, 0);
    for (name, args) in [
        (
            "ecdsa-p384",
            &[
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-384",
                "-sha384",
            ][..],
        ),
        ("rsa-sha256", &["-newkey", "rsa:2048", "-sha256"][..]),
    ] {
        let (cert, key) = server_certificate(dir.path(), name, args);
        // (options, password, saslenc's exit status, server's verdict)
        let cases: Vec<(Vec<&str>, &str, i32, &str)> = vec![
            (
                end_point.to_vec(),
                "pencil",
                0,
                "accepted SCRAM-SHA-256-PLUS",
            ),
            (
                [&end_point[..], &["--mech", "SCRAM-SHA-1-PLUS"]].concat(),
                "pencil",
                0,
                "accepted SCRAM-SHA-1-PLUS",
            ),
            (end_point.to_vec(), "pencil!", 1, "refused"),
            // Asked for SCRAM-SHA-256 where -PLUS is offered: n.
            (
                vec!["--mech", "SCRAM-SHA-256"],
                "pencil",
                0,
                "accepted SCRAM-SHA-256",
            ),
            // The default on TLS 1.3 is tls-exporter, which scramp lacks.
            (vec![], "pencil", 1, "refused"),
        ];
        for (options, password, want, verdict) in cases {
            let (code, out, said) = connect_to_scramp(&cert, &key, &options, password);
            let ok = code == want && said.starts_with(verdict);
            if ok {
                passed += 1;
            } else {
                failed += 1;
                eprintln!(
                    "FAILED {name} {options:?} {password}: exit {code} (want {want}), server: \
                     {said} (want {verdict})\n{out}"
                );
            }
        }
    }
    peers::summary(
        "connect scramp",
        passed,
        failed,
        "SCRAM-SHA-1-PLUS and SCRAM-SHA-256-PLUS with tls-server-end-point against scramp over \
         Python's ssl, SHA-384 and SHA-256 certificates",
    );
    assert_eq!(failed, 0);
}
