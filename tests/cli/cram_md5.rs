//! `saslenc cram-md5`.

use predicates::prelude::*;

use crate::common::saslenc;

/// RFC 2195 section 2.
const CHALLENGE: &str = "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+";
const ANSWER: &str = "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw";

fn answer_to(challenge: &str) -> assert_cmd::assert::Assert {
    saslenc()
        .args(["cram-md5", "--user", "tim", "--pass", "tanstaaftanstaaf"])
        .args(["--challenge", challenge])
        .assert()
}

#[test]
fn accepts_every_pasted_form() {
    for pasted in [
        CHALLENGE.to_owned(),
        format!("334 {CHALLENGE}"),
        format!("334 {CHALLENGE}\r"),
        format!("+ {CHALLENGE}"),
        format!("  {CHALLENGE} \r\n"),
        format!("\t334   {CHALLENGE}\r\n"),
        // Unpadded base64, as some servers send it.
        CHALLENGE.trim_end_matches('=').to_owned(),
    ] {
        answer_to(&pasted).success().stdout(format!("{ANSWER}\n"));
    }
}

#[test]
fn short_option_and_protocol_form() {
    saslenc()
        .args([
            "cram-md5",
            "-u",
            "tim",
            "--pass",
            "tanstaaftanstaaf",
            "-c",
            CHALLENGE,
        ])
        .args(["-P", "imap"])
        .assert()
        .success()
        .stdout(format!("A1 AUTHENTICATE CRAM-MD5\n{ANSWER}\n"));
    saslenc()
        .args([
            "cram-md5",
            "-u",
            "tim",
            "--pass",
            "tanstaaftanstaaf",
            "-c",
            CHALLENGE,
        ])
        .args(["-P", "smtp", "-n"])
        .assert()
        .success()
        .stdout(format!("AUTH CRAM-MD5\n{ANSWER}"));
}

#[test]
fn invalid_base64_is_a_data_error_naming_the_challenge() {
    answer_to("not base64!")
        .code(3)
        .stdout("")
        .stderr(predicate::str::starts_with("saslenc: error: challenge "))
        .stderr(predicate::str::contains("base64"));
    answer_to("PDE4OTYu%%%")
        .code(3)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "saslenc: error: challenge is not valid base64",
        ));
}

#[test]
fn a_pasted_final_reply_is_named() {
    answer_to("535 5.7.8 Error: authentication failed")
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains("server reply with code 535"));
}

#[test]
fn an_empty_challenge_is_refused() {
    answer_to("334")
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains("challenge is empty"));
}

#[test]
fn without_challenge_the_server_lines_come_from_stdin() {
    saslenc()
        .args(["cram-md5", "--user", "tim", "--pass", "tanstaaftanstaaf"])
        .write_stdin(format!(
            "334 {CHALLENGE}\r\n235 2.7.0 Authentication successful\r\n"
        ))
        .assert()
        .success()
        .stdout(format!("{ANSWER}\n"));
}

#[test]
fn the_challenge_is_checked_before_the_password_is_asked_for() {
    // No password source and no terminal: the challenge error comes first,
    // so nobody types a password for a command that cannot succeed.
    saslenc()
        .args(["cram-md5", "--user", "tim", "--challenge", "%%%"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("challenge"));
}
