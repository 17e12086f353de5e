//! `saslenc scram-sha-1` and `saslenc scram-sha-256`: errors, and a live
//! conversation against a server computed independently in the test.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use predicates::prelude::*;

use crate::common::{b64decode, b64encode, saslenc, scram_server_side};

const NONCE: &str = "fyko+d2lbbFgONRv9qkxdawL";
const SERVER_FIRST: &str = "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096";

/// The RFC 5802 section 5 conversation up to client-final, then `rest`.
fn conversation(rest: &str) -> assert_cmd::assert::Assert {
    saslenc()
        .args([
            "scram-sha-1",
            "-u",
            "user",
            "--pass",
            "pencil",
            "--nonce",
            NONCE,
        ])
        .write_stdin(format!("{}\n{rest}", b64encode(SERVER_FIRST.as_bytes())))
        .assert()
}

#[test]
fn a_server_error_exits_1() {
    conversation(&format!("334 {}\n", b64encode(b"e=invalid-proof")))
        .code(1)
        .stderr(predicate::str::contains(
            "SCRAM-SHA-1 failure: invalid-proof",
        ));
}

#[test]
fn a_wrong_server_signature_exits_9() {
    conversation(&format!(
        "{}\n235 ok\n",
        b64encode(b"v=AAAAAAAAAAAAAAAAAAAAAAAAAAA=")
    ))
    .code(9)
    .stderr(predicate::str::contains("server signature"));
}

#[test]
fn success_without_server_final_exits_9() {
    conversation("235 2.7.0 Authentication successful\n")
        .code(9)
        .stderr(predicate::str::contains(
            "without sending its SCRAM-SHA-1 server-final",
        ));
}

#[test]
fn a_failure_reply_exits_1() {
    conversation("535 5.7.8 Error: authentication failed\n")
        .code(1)
        .stderr(predicate::str::contains("535 5.7.8"));
}

#[test]
fn input_that_ends_early_has_no_verdict() {
    conversation("")
        .code(3)
        .stderr(predicate::str::contains("no verdict"));
}

#[test]
fn malformed_server_first_and_foreign_nonce_are_data_errors() {
    for (server_first, needle) in [
        (
            "r=fyko+d2lbbFgONRv9qkxdawLxyz,s=QSXCR+Q6sek8bf92",
            "i=<iteration count> is missing",
        ),
        (
            "r=someoneelse,s=QSXCR+Q6sek8bf92,i=4096",
            "does not extend the client nonce",
        ),
        (
            "r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=many",
            "iteration count",
        ),
    ] {
        saslenc()
            .args([
                "scram-sha-256",
                "-u",
                "user",
                "--pass",
                "pencil",
                "--nonce",
                NONCE,
            ])
            .args(["--server-first", &b64encode(server_first.as_bytes())])
            .assert()
            .code(3)
            .stdout("")
            .stderr(predicate::str::contains(needle));
    }
}

#[test]
fn stateless_server_final_is_checked() {
    let base = [
        "scram-sha-1",
        "-u",
        "user",
        "--pass",
        "pencil",
        "--nonce",
        NONCE,
    ];
    let server_first = b64encode(SERVER_FIRST.as_bytes());
    saslenc()
        .args(base)
        .args(["--server-first", &server_first])
        .args([
            "--server-final",
            &b64encode(b"v=rmF9pqV8S7suAoZWja4dJRkFsKQ="),
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("server-final verified"));
    saslenc()
        .args(base)
        .args(["--server-first", &server_first])
        .args([
            "--server-final",
            &b64encode(b"v=rmF9pqV8S7suAoZWja4dJRkFsKA="),
        ])
        .assert()
        // A signature that does not verify is the server's fault (9), as
        // in the conversation and in connect: not a refusal (1).
        .code(9)
        .stdout("");
    // --server-first needs --nonce: the random one would not match.
    saslenc()
        .args([
            "scram-sha-1",
            "-u",
            "user",
            "--pass",
            "p",
            "--server-first",
            &server_first,
        ])
        .assert()
        .code(2);
}

#[test]
fn a_user_with_both_comma_and_equals_is_escaped_once() {
    let out = saslenc()
        .args([
            "scram-sha-256",
            "-u",
            "a=2C,b",
            "--pass",
            "p",
            "--nonce",
            "n",
        ])
        .write_stdin("")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        b64decode(stdout.lines().next().unwrap()),
        b"n,,n=a=3D2C=2Cb,r=n"
    );
}

#[test]
fn saslprep_refusal_and_opt_out() {
    saslenc()
        .args([
            "scram-sha-256",
            "-u",
            "u",
            "--pass",
            "pa\u{7}ss",
            "--nonce",
            "n",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("SASLprep"))
        .stderr(predicate::str::contains("--no-saslprep"));
    // With --no-saslprep the password is taken as is (and the conversation
    // then waits for server-first, which does not come).
    saslenc()
        .args([
            "scram-sha-256",
            "-u",
            "u",
            "--pass",
            "pa\u{7}ss",
            "--nonce",
            "n",
        ])
        .arg("--no-saslprep")
        .assert()
        .code(3)
        .stdout(format!("{}\n", b64encode(b"n,,n=u,r=n")))
        .stderr(predicate::str::contains("no verdict"));
}

#[test]
fn a_bad_nonce_is_refused() {
    saslenc()
        .args(["scram-sha-1", "-u", "u", "--pass", "p", "--nonce", "a,b"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "nonce has a forbidden character at byte offset 1",
        ));
}

#[test]
fn the_secret_cannot_share_stdin_with_the_server() {
    saslenc()
        .args(["scram-sha-1", "-u", "u", "--pass-stdin"])
        .write_stdin("pencil\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("standard input"));
}

/// Plays the server over pipes, line by line, with a random client nonce:
/// every value the server sends and checks is computed here, not by
/// saslenc's SCRAM code.
fn play_server(mechanism: &str, sha256: bool, password: &str, server_checks_proof: bool) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("saslenc"))
        .args([
            mechanism,
            "--user",
            "a,b=c",
            "--pass",
            password,
            "--protocol",
            "imap",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut to_client = child.stdin.take().unwrap();
    let mut from_client = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();

    from_client.read_line(&mut line).unwrap();
    let prefix = format!("A1 AUTHENTICATE {} ", mechanism.to_uppercase());
    let client_first = b64decode(line.trim_end().strip_prefix(&prefix).unwrap());
    let client_first = String::from_utf8(client_first).unwrap();
    let bare = client_first.strip_prefix("n,,").unwrap();
    assert!(bare.starts_with("n=a=2Cb=3Dc,r="), "{bare}");
    let client_nonce = &bare["n=a=2Cb=3Dc,r=".len()..];
    assert!(client_nonce.len() >= 16, "{client_nonce}");

    let salt = b"independent salt";
    let server_first = format!("r={client_nonce}srv,s={},i=1000", b64encode(salt));
    writeln!(to_client, "+ {}", b64encode(server_first.as_bytes())).unwrap();

    line.clear();
    from_client.read_line(&mut line).unwrap();
    let client_final = String::from_utf8(b64decode(line.trim_end())).unwrap();
    let (without_proof, proof) = client_final.rsplit_once(",p=").unwrap();
    assert_eq!(without_proof, format!("c=biws,r={client_nonce}srv"));
    let auth_message = format!("{bare},{server_first},{without_proof}");
    let (expected_proof, server_signature) =
        scram_server_side(sha256, b"pencil", salt, 1000, auth_message.as_bytes());
    let proof_ok = b64decode(proof) == expected_proof;
    assert_eq!(proof_ok, server_checks_proof, "proof check");

    if proof_ok {
        let server_final = format!("v={}", b64encode(&server_signature));
        writeln!(to_client, "+ {}", b64encode(server_final.as_bytes())).unwrap();
        line.clear();
        from_client.read_line(&mut line).unwrap();
        assert_eq!(line, "\n");
        writeln!(to_client, "A1 OK Logged in").unwrap();
    } else {
        writeln!(to_client, "+ {}", b64encode(b"e=invalid-proof")).unwrap();
    }
    drop(to_client);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(if proof_ok { 0 } else { 1 }));
}

#[test]
fn a_live_conversation_with_an_independent_sha1_server() {
    play_server("scram-sha-1", false, "pencil", true);
}

#[test]
fn a_live_conversation_with_an_independent_sha256_server() {
    play_server("scram-sha-256", true, "pencil", true);
}

#[test]
fn the_independent_server_refuses_a_wrong_password() {
    play_server("scram-sha-256", true, "pencik", false);
}

#[test]
fn saslprep_maps_before_the_independent_server_sees_it() {
    // U+00AD SOFT HYPHEN is mapped to nothing (RFC 4013 section 2.1).
    play_server("scram-sha-256", true, "pen\u{ad}cil", true);
}

/// `--binding-data` builds SCRAM-SHA-*-PLUS messages for a pasted
/// conversation. No RFC has -PLUS vectors: the expected messages are
/// Python scramp's (tests/interop/scramp_peer.py `vectors`, run with the
/// same nonces, salt, password and tls-server-end-point data 00..1f), an
/// implementation independent of saslenc.
#[test]
fn binding_data_makes_the_plus_messages_scramp_makes() {
    let data = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    let server_first =
        "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=c2FsdC1vZi0xNi1ieXRlcw==,i=4096";
    for (command, client_final, server_final) in [
        (
            "scram-sha-256",
            "c=cD10bHMtc2VydmVyLWVuZC1wb2ludCwsAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=tWYRnUn4YTVRtj1ydbk/PU25Pp9B1y4EvhnaY/U6IaU=",
            "v=I53g/1OvJbCoJLAT0QbQ1oYGlEwq9XzyAfo/BRLt9W0=",
        ),
        (
            "scram-sha-1",
            "c=cD10bHMtc2VydmVyLWVuZC1wb2ludCwsAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=LIWxcACE69Z7pBOcro8WPVMSMG8=",
            "v=gqgMyUG3RXbU4OWU+RgexoEyuTE=",
        ),
    ] {
        let expected = format!(
            "{}\n{}\n",
            b64encode(format!("p=tls-server-end-point,,n=user,r={NONCE}").as_bytes()),
            b64encode(client_final.as_bytes())
        );
        saslenc()
            .args([command, "-u", "user", "--pass", "pencil", "-N", NONCE])
            .args(["--channel-binding", "tls-server-end-point", "--binding-data", data])
            .args(["-s", &b64encode(server_first.as_bytes())])
            .args(["-f", &b64encode(server_final.as_bytes())])
            .assert()
            .success()
            .stdout(expected)
            .stderr(predicate::str::contains("server-final verified"));
    }
    // The same data in base64; a wrong length is named.
    saslenc()
        .args([
            "scram-sha-256",
            "-u",
            "user",
            "--pass",
            "pencil",
            "-N",
            NONCE,
        ])
        .args(["--binding-data", "AAECAw=="])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("--channel-binding").or(predicate::str::contains("32 bytes")),
        );
}
