//! Published examples, reproduced byte for byte through the binary.
//!
//! Expected values are the RFCs' own text: base64 where the RFC prints it,
//! raw bytes (checked after decoding our output) where it prints those.

use crate::common::{b64decode, b64encode, saslenc};

/// RFC 7628 section 4.1: the IMAP OAUTHBEARER exchange's initial client
/// response, as printed in the RFC.
#[test]
fn rfc7628_section_4_1_oauthbearer() {
    saslenc()
        .args([
            "oauthbearer",
            "--user",
            "user@example.com",
            "--host",
            "server.example.com",
            "--port",
            "143",
            "--token",
            "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==",
            "--protocol",
            "imap",
        ])
        .assert()
        .success()
        .stdout(
            "A1 AUTHENTICATE OAUTHBEARER bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB\n",
        );
}

/// Runs the stateless SCRAM form and returns stdout and stderr.
fn scram_stateless(mechanism: &str, nonce: &str, server_first: &str) -> (String, String) {
    let out = saslenc()
        .args([
            mechanism, "--user", "user", "--pass", "pencil", "--nonce", nonce,
        ])
        .args(["--server-first", &b64encode(server_first.as_bytes())])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// RFC 5802 section 5: SCRAM-SHA-1, user "user", password "pencil".
#[test]
fn rfc5802_section_5_scram_sha_1() {
    let (stdout, stderr) = scram_stateless(
        "scram-sha-1",
        "fyko+d2lbbFgONRv9qkxdawL",
        "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
    );
    let lines: Vec<Vec<u8>> = stdout.lines().map(b64decode).collect();
    assert_eq!(
        lines,
        [
            &b"n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"[..],
            b"c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
        ]
    );
    assert!(
        stderr.contains("v=rmF9pqV8S7suAoZWja4dJRkFsKQ="),
        "{stderr}"
    );
}

/// RFC 7677 section 3: SCRAM-SHA-256, user "user", password "pencil".
#[test]
fn rfc7677_section_3_scram_sha_256() {
    let (stdout, stderr) = scram_stateless(
        "scram-sha-256",
        "rOprNGfwEbeRWgbNEkqO",
        "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
    );
    let lines: Vec<Vec<u8>> = stdout.lines().map(b64decode).collect();
    assert_eq!(
        lines,
        [
            &b"n,,n=user,r=rOprNGfwEbeRWgbNEkqO"[..],
            b"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        ]
    );
    assert!(
        stderr.contains("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="),
        "{stderr}"
    );
}

/// RFC 7677 section 3 again, as a whole conversation in SMTP: server-final
/// verified, then the server's 235.
#[test]
fn rfc7677_section_3_as_a_conversation() {
    let server = format!(
        "334 {}\n334 {}\n235 2.7.0 Authentication successful\n",
        b64encode(b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"),
        b64encode(b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="),
    );
    let out = saslenc()
        .args(["scram-sha-256", "-u", "user", "--pass", "pencil"])
        .args(["--nonce", "rOprNGfwEbeRWgbNEkqO", "--protocol", "smtp"])
        .write_stdin(server)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_eq!(
        lines[0],
        format!(
            "AUTH SCRAM-SHA-256 {}",
            b64encode(b"n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        )
    );
    assert_eq!(
        b64decode(lines[1]),
        b"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
    );
    assert_eq!(lines[2], "", "server-final is answered with an empty line");
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("verdict: authentication succeeded"));
}

/// RFC 2195 section 2, CRAM-MD5, held as a conversation (the default when
/// no --challenge is given).
#[test]
fn rfc2195_section_2_as_a_conversation() {
    saslenc()
        .args([
            "cram-md5",
            "-u",
            "tim",
            "--pass",
            "tanstaaftanstaaf",
            "-P",
            "imap",
        ])
        .write_stdin("+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\nA1 OK done\r\n")
        .assert()
        .success()
        .stdout("A1 AUTHENTICATE CRAM-MD5\ndGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\n");
}

/// Runs saslenc, which must succeed, and returns its standard output.
fn stdout_of(args: &[&str]) -> String {
    let out = saslenc().args(args).output().expect("saslenc runs");
    assert!(out.status.success(), "saslenc {args:?} failed: {out:?}");
    String::from_utf8(out.stdout).expect("output is ASCII")
}

/// RFC 4616 section 4: `<NUL>tim<NUL>tanstaaftanstaaf`.
#[test]
fn rfc4616_section4_without_authzid() {
    let out = stdout_of(&["plain", "--user", "tim", "--pass", "tanstaaftanstaaf"]);
    assert_eq!(b64decode(out.trim_end()), b"\0tim\0tanstaaftanstaaf");
}

/// RFC 4616 section 4: `Ursel<NUL>Kurt<NUL>xipj3plmq`.
#[test]
fn rfc4616_section4_with_authzid() {
    let out = stdout_of(&[
        "plain",
        "--authzid",
        "Ursel",
        "--user",
        "Kurt",
        "--pass",
        "xipj3plmq",
    ]);
    assert_eq!(b64decode(out.trim_end()), b"Ursel\0Kurt\0xipj3plmq");
}

/// RFC 4954 section 8: `C: AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=`.
#[test]
fn rfc4954_section8_auth_plain() {
    let out = stdout_of(&[
        "plain",
        "--authzid",
        "test",
        "--user",
        "test",
        "--pass",
        "1234",
        "--protocol",
        "smtp",
    ]);
    assert_eq!(out, "AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\n");
}

/// RFC 2195 section 2: the challenge
/// `PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+` answered by
/// `dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw`.
#[test]
fn rfc2195_section2_cram_md5() {
    let out = stdout_of(&[
        "cram-md5",
        "--user",
        "tim",
        "--pass",
        "tanstaaftanstaaf",
        "--challenge",
        "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+",
    ]);
    assert_eq!(out, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\n");
    assert_eq!(
        b64decode(out.trim_end()),
        b"tim b913a602c7eda7a495b4e6e7334d3890"
    );
}

/// draft-murchison-sasl-login-00: the server's prompts are `VXNlcm5hbWU6`
/// ("Username:") and `UGFzc3dvcmQ6` ("Password:"); the example session of
/// BACKGROUND (user `user`, password `pencil`) answers `dXNlcg==` and
/// `cGVuY2ls`.
#[test]
fn login_draft_answers() {
    let out = stdout_of(&["login", "--user", "user", "--pass", "pencil"]);
    assert_eq!(out, "dXNlcg==\ncGVuY2ls\n");
    assert_eq!(b64decode("VXNlcm5hbWU6"), b"Username:");
    assert_eq!(b64decode("UGFzc3dvcmQ6"), b"Password:");
}
