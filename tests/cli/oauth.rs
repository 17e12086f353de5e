//! `saslenc xoauth2` and `saslenc oauthbearer`.

use predicates::prelude::*;

use crate::common::{b64decode, saslenc};

#[test]
fn xoauth2_builds_the_message_from_a_token_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("token");
    std::fs::write(&path, "ya29.tok-en_~+/==\n").unwrap();
    let out = saslenc()
        .args(["xoauth2", "--user", "me@example.com", "--token-file"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let line = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        b64decode(line.trim_end_matches('\n')),
        b"user=me@example.com\x01auth=Bearer ya29.tok-en_~+/==\x01\x01"
    );
}

#[test]
fn xoauth2_reads_env_and_stdin() {
    let expected = "dXNlcj11AWF1dGg9QmVhcmVyIHQBAQ==\n";
    saslenc()
        .args(["xoauth2", "-u", "u", "--token-env", "TOK"])
        .env("TOK", "t")
        .assert()
        .success()
        .stdout(expected);
    saslenc()
        .args(["xoauth2", "-u", "u", "--token-stdin"])
        .write_stdin("t\n")
        .assert()
        .success()
        .stdout(expected);
}

#[test]
fn xoauth2_refuses_the_separator_in_the_user() {
    saslenc()
        .args(["xoauth2", "--user", "a\u{1}b", "--token", "t"])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains(
            "user has a forbidden character at byte offset 1",
        ));
}

#[test]
fn a_token_with_a_space_is_refused_without_being_shown() {
    saslenc()
        .args(["xoauth2", "--user", "u", "--token", "secrettoken more"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "token has a forbidden character at byte offset 11",
        ))
        .stderr(predicate::str::contains("secrettoken").not());
}

#[test]
fn no_token_source_is_a_usage_error() {
    saslenc()
        .args(["xoauth2", "--user", "u"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--token-file"));
    saslenc()
        .args(["xoauth2", "--user", "u", "--token", "a", "--token-env", "B"])
        .assert()
        .code(2);
}

#[test]
fn oauthbearer_escapes_the_user_and_leaves_out_host_and_port() {
    let out = saslenc()
        .args(["oauthbearer", "--user", "a,b=c", "--token", "t"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let line = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        b64decode(line.trim_end()),
        b"n,a=a=2Cb=3Dc,\x01auth=Bearer t\x01\x01"
    );
}

#[test]
fn oauthbearer_with_port_only() {
    let out = saslenc()
        .args(["oauthbearer", "-u", "u", "--port", "587", "--token", "t"])
        .output()
        .unwrap();
    let line = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        b64decode(line.trim_end()),
        b"n,a=u,\x01port=587\x01auth=Bearer t\x01\x01"
    );
}

#[test]
fn oauthbearer_refuses_a_bad_port() {
    saslenc()
        .args(["oauthbearer", "-u", "u", "--port", "70000", "--token", "t"])
        .assert()
        .code(2);
}

#[test]
fn long_tokens_leave_the_smtp_command_line() {
    let token = "a".repeat(1200);
    let out = saslenc()
        .args([
            "xoauth2",
            "-u",
            "me@example.com",
            "--protocol",
            "smtp",
            "--token",
        ])
        .arg(&token)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(lines[0], "AUTH XOAUTH2");
    assert!(b64decode(lines[1]).ends_with(b"\x01\x01"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("512-octet"), "{stderr}");

    // A short token stays on the line, and IMAP has no such limit.
    saslenc()
        .args(["xoauth2", "-u", "u", "--token", "t", "--protocol", "smtp"])
        .assert()
        .success()
        .stdout("AUTH XOAUTH2 dXNlcj11AWF1dGg9QmVhcmVyIHQBAQ==\n")
        .stderr("");
    let out = saslenc()
        .args(["xoauth2", "-u", "u", "--protocol", "imap", "--token"])
        .arg(&token)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
}
