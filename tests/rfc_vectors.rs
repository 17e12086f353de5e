//! Published examples, reproduced byte for byte through the binary.
//!
//! Expected values are the RFCs' own text: base64 where the RFC prints it,
//! raw bytes (checked after decoding our output) where it prints those.

use assert_cmd::Command;
use base64::Engine;

fn saslenc(args: &[&str]) -> String {
    let out = Command::cargo_bin("saslenc")
        .expect("the saslenc binary is built")
        .args(args)
        .write_stdin("")
        .output()
        .expect("saslenc runs");
    assert!(out.status.success(), "saslenc {args:?} failed: {out:?}");
    String::from_utf8(out.stdout).expect("output is ASCII")
}

fn decoded(line: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(line)
        .expect("output is standard base64")
}

/// RFC 4616 section 4: `<NUL>tim<NUL>tanstaaftanstaaf`.
#[test]
fn rfc4616_section4_without_authzid() {
    let out = saslenc(&["plain", "--user", "tim", "--pass", "tanstaaftanstaaf"]);
    assert_eq!(decoded(out.trim_end()), b"\0tim\0tanstaaftanstaaf");
}

/// RFC 4616 section 4: `Ursel<NUL>Kurt<NUL>xipj3plmq`.
#[test]
fn rfc4616_section4_with_authzid() {
    let out = saslenc(&[
        "plain",
        "--authzid",
        "Ursel",
        "--user",
        "Kurt",
        "--pass",
        "xipj3plmq",
    ]);
    assert_eq!(decoded(out.trim_end()), b"Ursel\0Kurt\0xipj3plmq");
}

/// RFC 4954 section 8: `C: AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=`.
#[test]
fn rfc4954_section8_auth_plain() {
    let out = saslenc(&[
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
    let out = saslenc(&[
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
        decoded(out.trim_end()),
        b"tim b913a602c7eda7a495b4e6e7334d3890"
    );
}

/// draft-murchison-sasl-login-00: the server's prompts are `VXNlcm5hbWU6`
/// ("Username:") and `UGFzc3dvcmQ6` ("Password:"); the example session of
/// BACKGROUND (user `user`, password `pencil`) answers `dXNlcg==` and
/// `cGVuY2ls`.
#[test]
fn login_draft_answers() {
    let out = saslenc(&["login", "--user", "user", "--pass", "pencil"]);
    assert_eq!(out, "dXNlcg==\ncGVuY2ls\n");
    assert_eq!(decoded("VXNlcm5hbWU6"), b"Username:");
    assert_eq!(decoded("UGFzc3dvcmQ6"), b"Password:");
}
