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

/// One rule for empty secrets: every mechanism refuses an empty password
/// (3), as PLAIN must (RFC 4616 section 2), whatever the source.
#[test]
fn an_empty_password_is_refused_by_every_mechanism() {
    for args in [
        &["plain", "-u", "user"][..],
        &["login", "-u", "user"],
        &["login", "-u", "user", "-i"],
        &["cram-md5", "-u", "user", "--challenge", "PDEyQGg+"],
        &[
            "scram-sha-1",
            "-u",
            "user",
            "--nonce",
            "abc",
            "--server-first",
            "cj1hYmNkLHM9UVNYQ1IrUTZzZWs4YmY5MixpPTE=",
        ],
        &["scram-sha-256", "-u", "user"],
    ] {
        // A conversation reads standard input: --pass-fd 0 is refused first.
        let conversation = args.contains(&"-i") || args.len() == 3 && args[0] == "scram-sha-256";
        for source in [
            &["--pass="][..],
            &["--pass-env", "EMPTY"],
            &["--pass-fd", "0"],
        ] {
            saslenc()
                .args(args)
                .args(source)
                .env("EMPTY", "")
                .write_stdin("")
                .assert()
                .code(if source[0] == "--pass-fd" && conversation {
                    2
                } else {
                    3
                })
                .stdout("");
        }
        saslenc()
            .args(args)
            .arg("--pass=")
            .assert()
            .stderr(predicate::str::contains(
                "password is empty; saslenc refuses an empty password for every mechanism",
            ));
    }
    for args in [&["xoauth2", "-u", "u"][..], &["oauthbearer", "-u", "u"]] {
        saslenc()
            .args(args)
            .arg("--token=")
            .assert()
            .code(3)
            .stderr(predicate::str::contains("token is empty"));
    }
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
