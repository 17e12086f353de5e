//! `saslenc login`.

use predicates::prelude::*;

use crate::common::saslenc;

#[test]
fn seed_example_two_lines() {
    saslenc()
        .args(["login", "--user", "user", "--pass", "pencil"])
        .assert()
        .success()
        .stdout("dXNlcg==\ncGVuY2ls\n");
}

#[test]
fn protocol_forms_put_the_command_first() {
    for (protocol, command) in [
        ("smtp", "AUTH LOGIN"),
        ("imap", "A1 AUTHENTICATE LOGIN"),
        ("pop3", "AUTH LOGIN"),
    ] {
        saslenc()
            .args(["login", "-u", "user", "--pass", "pencil", "-P", protocol])
            .assert()
            .success()
            .stdout(format!("{command}\ndXNlcg==\ncGVuY2ls\n"));
    }
}

#[test]
fn no_newline_only_drops_the_last_one() {
    saslenc()
        .args(["login", "-u", "user", "--pass", "pencil", "-n"])
        .assert()
        .success()
        .stdout("dXNlcg==\ncGVuY2ls");
}

#[test]
fn empty_password_is_an_empty_answer_line() {
    // An empty answer to a challenge is an empty line, never `=`
    // (RFC 4954 section 4 keeps `=` for the initial response).
    saslenc()
        .args(["login", "-u", "user", "--pass", ""])
        .assert()
        .success()
        .stdout("dXNlcg==\n\n");
}

#[test]
fn latin1() {
    saslenc()
        .args([
            "login",
            "-u",
            "jürgen",
            "--pass",
            "ä",
            "--charset",
            "latin1",
        ])
        .assert()
        .success()
        // "j\xfcrgen" and "\xe4"
        .stdout("avxyZ2Vu\n5A==\n");
}

#[test]
fn empty_user_is_refused() {
    saslenc()
        .args(["login", "--user", "", "--pass", "p"])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains("user is empty"));
}

#[test]
fn nul_in_password_is_refused() {
    saslenc()
        .args(["login", "--user", "u", "--pass-stdin"])
        .write_stdin("a\0b")
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains(
            "password contains a NUL byte at byte offset 1",
        ))
        .stderr(predicate::str::contains("LOGIN"));
}
