//! `saslenc plain`.

use predicates::prelude::*;

use crate::common::{b64decode, saslenc, tempdir};

#[test]
fn seed_example() {
    saslenc()
        .args(["plain", "--user", "u", "--pass", "p"])
        .assert()
        .success()
        .stdout("AHUAcA==\n")
        .stderr("");
}

#[test]
fn authzid_from_the_environment_example() {
    saslenc()
        .args([
            "plain",
            "--user",
            "test@example.com",
            "--authzid",
            "test@example.com",
        ])
        .args(["--pass-env", "SMTP_PASS"])
        .env("SMTP_PASS", "xxxxxxx")
        .assert()
        .success()
        .stdout("dGVzdEBleGFtcGxlLmNvbQB0ZXN0QGV4YW1wbGUuY29tAHh4eHh4eHg=\n");
}

#[test]
fn short_options() {
    let out = saslenc()
        .args([
            "plain", "-u", "user", "-z", "admin", "--pass", "pencil", "-n",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        b64decode(std::str::from_utf8(&out.stdout).unwrap()),
        b"admin\0user\0pencil"
    );
}

#[test]
fn no_newline() {
    saslenc()
        .args(["plain", "--user", "u", "--pass", "p", "--no-newline"])
        .assert()
        .success()
        .stdout("AHUAcA==");
}

#[test]
fn long_credentials_are_never_wrapped() {
    let pass = "x".repeat(300);
    let out = saslenc()
        .args(["plain", "--user", "someone@example.com", "--pass", &pass])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches('\n').count(), 1, "one line only: {text:?}");
    assert!(text.len() > 400);
    let bytes = b64decode(text.trim_end());
    assert_eq!(
        bytes,
        [b"\0someone@example.com\0".as_slice(), pass.as_bytes()].concat()
    );
}

#[test]
fn protocol_lines() {
    for (protocol, expected) in [
        ("smtp", "AUTH PLAIN AHUAcA==\n"),
        ("imap", "A1 AUTHENTICATE PLAIN AHUAcA==\n"),
        ("pop3", "AUTH PLAIN AHUAcA==\n"),
    ] {
        saslenc()
            .args(["plain", "-u", "u", "--pass", "p", "--protocol", protocol])
            .assert()
            .success()
            .stdout(expected);
    }
    saslenc()
        .args(["plain", "-u", "u", "--pass", "p", "-P", "smtp", "-n"])
        .assert()
        .success()
        .stdout("AUTH PLAIN AHUAcA==");
}

#[test]
fn non_ascii_fields_are_utf8() {
    let out = saslenc()
        .args(["plain", "--user", "jürgen", "--pass", "pässwörd€"])
        .output()
        .unwrap();
    let bytes = b64decode(std::str::from_utf8(&out.stdout).unwrap().trim_end());
    assert_eq!(bytes, "\0jürgen\0pässwörd€".as_bytes());
}

#[test]
fn latin1_transcodes_every_field() {
    let out = saslenc()
        .args(["plain", "-z", "é", "--user", "jürgen", "--pass", "pässwörd"])
        .args(["--charset", "latin1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let bytes = b64decode(std::str::from_utf8(&out.stdout).unwrap().trim_end());
    assert_eq!(bytes, b"\xe9\0j\xfcrgen\0p\xe4ssw\xf6rd");
    // The alias names the same charset.
    let again = saslenc()
        .args(["plain", "-z", "é", "--user", "jürgen", "--pass", "pässwörd"])
        .args(["--charset", "iso-8859-1"])
        .output()
        .unwrap();
    assert_eq!(again.stdout, out.stdout);
}

#[test]
fn latin1_refuses_a_character_it_cannot_hold() {
    saslenc()
        .args([
            "plain",
            "--user",
            "u",
            "--pass",
            "price€",
            "--charset",
            "latin1",
        ])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains("password"))
        .stderr(predicate::str::contains("ISO-8859-1"))
        .stderr(predicate::str::contains("price").not())
        .stderr(predicate::str::contains("€").not());
}

#[test]
fn empty_user_is_a_data_error() {
    saslenc()
        .args(["plain", "--user", "", "--pass", "p"])
        .assert()
        .code(3)
        .stdout("")
        .stderr("saslenc: error: user is empty; RFC 4616 section 2 requires an authcid\n");
}

#[test]
fn empty_password_is_a_data_error() {
    saslenc()
        .args(["plain", "--user", "u", "--pass", ""])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains("password is empty"));
}

#[test]
fn nul_in_password_names_field_and_offset_not_value() {
    let dir = tempdir();
    let file = dir.path().join("pass");
    std::fs::write(&file, b"sec\0ret\n").unwrap();
    saslenc()
        .args(["plain", "--user", "u", "--pass-file"])
        .arg(&file)
        .assert()
        .code(3)
        .stdout("")
        .stderr(
            "saslenc: error: password contains a NUL byte at byte offset 3; \
             PLAIN forbids NUL inside a field\n",
        );
}

#[cfg(unix)]
#[test]
fn invalid_utf8_in_user_and_authzid() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    saslenc()
        .arg("plain")
        .arg("--user")
        .arg(OsStr::from_bytes(b"ab\xffcd"))
        .args(["--pass", "p"])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains("user is not valid UTF-8"))
        .stderr(predicate::str::contains("byte offset 2"));
    saslenc()
        .args(["plain", "--user", "u", "--pass", "p", "--authzid"])
        .arg(OsStr::from_bytes(b"\xc3"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("authzid is not valid UTF-8"));
    saslenc()
        .args(["plain", "--user", "u", "--pass"])
        .arg(OsStr::from_bytes(b"p\xe4ss"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("password is not valid UTF-8"))
        .stderr(predicate::str::contains("--charset").not());
}

#[test]
fn missing_user_is_a_usage_error() {
    saslenc()
        .args(["plain", "--pass", "p"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--user"));
}
