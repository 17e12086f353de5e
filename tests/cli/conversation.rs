//! The conversation mode of login, cram-md5, xoauth2 and oauthbearer.

use predicates::prelude::*;

use crate::common::{b64decode, saslenc};

#[test]
fn login_answers_each_prompt_as_pasted() {
    saslenc()
        .args([
            "login", "-u", "user", "--pass", "pencil", "-i", "-P", "smtp",
        ])
        .write_stdin(
            "334 VXNlcm5hbWU6\r\n\r\n334 UGFzc3dvcmQ6\r\n235 2.7.0 Authentication successful\r\n",
        )
        .assert()
        .success()
        .stdout("AUTH LOGIN\ndXNlcg==\ncGVuY2ls\n")
        .stderr(predicate::str::contains("server sent: Username:"))
        .stderr(predicate::str::contains(
            "verdict: authentication succeeded (235 2.7.0",
        ));
}

#[test]
fn login_refused_by_pop3_exits_1() {
    saslenc()
        .args(["login", "-u", "user", "--pass", "pencil", "--interactive"])
        .write_stdin("+ VXNlcm5hbWU6\n+ UGFzc3dvcmQ6\n-ERR [AUTH] Authentication failed.\n")
        .assert()
        .code(1)
        .stdout("dXNlcg==\ncGVuY2ls\n")
        .stderr(predicate::str::contains(
            "-ERR [AUTH] Authentication failed.",
        ));
}

#[test]
fn a_third_login_prompt_is_a_protocol_error() {
    saslenc()
        .args(["login", "-u", "user", "--pass", "pencil", "-i"])
        .write_stdin("VXNlcm5hbWU6\nUGFzc3dvcmQ6\nVXNlcm5hbWU6\n")
        .assert()
        .code(9)
        .stderr(predicate::str::contains("no step left"));
}

#[test]
fn a_challenge_that_is_not_base64_is_a_protocol_error() {
    saslenc()
        .args(["cram-md5", "-u", "tim", "--pass", "x"])
        .write_stdin("334 not*base64\n")
        .assert()
        .code(9)
        .stdout("")
        .stderr(predicate::str::contains("challenge is not valid base64"));
}

/// RFC 7628 section 3.2.3: the server's error is shown, answered with the
/// single byte 0x01 (AQ==), and the failure reported.
#[test]
fn oauthbearer_failure_exchange() {
    // base64 of {"status":"invalid_token","scope":"example_scope"}
    let error = "eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NvcGUiOiJleGFtcGxlX3Njb3BlIn0=";
    let out = saslenc()
        .args([
            "oauthbearer",
            "-u",
            "user@example.com",
            "--token",
            "t",
            "-i",
            "-P",
            "imap",
        ])
        .write_stdin(format!("+ {error}\nA1 NO SASL authentication failed\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        b64decode(
            lines[0]
                .strip_prefix("A1 AUTHENTICATE OAUTHBEARER ")
                .unwrap()
        ),
        b"n,a=user@example.com,\x01auth=Bearer t\x01\x01"
    );
    assert_eq!(lines[1], "AQ==");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(r#"{"status":"invalid_token","scope":"example_scope"}"#),
        "{stderr}"
    );
    assert!(
        stderr.contains("A1 NO SASL authentication failed"),
        "{stderr}"
    );
}

#[test]
fn xoauth2_failure_is_answered_with_an_empty_line() {
    saslenc()
        .args(["xoauth2", "-u", "u", "--token", "t", "-i"])
        .write_stdin("334 eyJzdGF0dXMiOiI0MDEifQ==\n535 5.7.8 Username and Password not accepted\n")
        .assert()
        .code(1)
        .stdout("dXNlcj11AWF1dGg9QmVhcmVyIHQBAQ==\n\n")
        .stderr(predicate::str::contains(r#"{"status":"401"}"#));
}

#[test]
fn a_long_smtp_initial_response_waits_for_334() {
    let token = "x".repeat(600);
    let out = saslenc()
        .args(["xoauth2", "-u", "u", "-i", "-P", "smtp", "--token", &token])
        .write_stdin("334 \n235 2.7.0 Accepted\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "AUTH XOAUTH2");
    assert_eq!(
        b64decode(lines[1]),
        format!("user=u\x01auth=Bearer {token}\x01\x01").into_bytes()
    );
    assert_eq!(lines.len(), 2);
    assert!(String::from_utf8(out.stderr).unwrap().contains("512-octet"));
}

#[test]
fn untagged_and_blank_lines_are_skipped() {
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
        .write_stdin(
            "* OK ready\n\n+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\nA1 OK\n",
        )
        .assert()
        .success()
        .stdout(predicate::str::ends_with(
            "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\n",
        ));
}

#[test]
fn cram_md5_interactive_conflicts_with_challenge() {
    saslenc()
        .args([
            "cram-md5",
            "-u",
            "tim",
            "--pass",
            "x",
            "-i",
            "--challenge",
            "PDE+",
        ])
        .assert()
        .code(2);
}

#[test]
fn mechanisms_lists_every_subcommand_with_its_rfc() {
    let out = saslenc().arg("mechanisms").output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    for (name, rfc) in [
        ("plain", "RFC 4616"),
        ("scram-sha-256", "RFC 7677"),
        ("oauthbearer", "RFC 7628"),
        ("anonymous", "RFC 4505"),
        ("xoauth2", "XOAUTH2"),
        ("digest-md5", "RFC 2831 (historic, RFC 6331)"),
        ("ntlm", "MS-NLMP (deprecated)"),
    ] {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(name) && l.contains(rfc)),
            "{name}: {stdout}"
        );
    }
    saslenc().arg("list").assert().success().stdout(stdout);
}

/// A client without SASL-IR sends `AUTHENTICATE SCRAM-SHA-256` alone; the
/// server's empty `+` asks for the initial response (RFC 4422 section 5),
/// which saslenc prints again instead of taking `+` for server-first.
/// Found against Dovecot (tests/interop), RFC 7677 section 3 exchange.
#[test]
fn scram_repeats_its_initial_response_for_an_empty_first_challenge() {
    let client_first = "biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=";
    saslenc()
        .args([
            "scram-sha-256",
            "-u",
            "user",
            "--pass",
            "pencil",
            "--nonce",
            "rOprNGfwEbeRWgbNEkqO",
        ])
        .write_stdin(
            "+\n\
             + cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=\n\
             + dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==\n\
             a2 OK Logged in\n",
        )
        .assert()
        .success()
        .stdout(format!(
            "{client_first}\n{client_first}\n\
             Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==\n\n"
        ))
        .stderr(predicate::str::contains("asks for the initial response"));
}

/// Only the first server line can ask for the initial response: a later
/// empty challenge still goes to the mechanism.
#[test]
fn a_later_empty_challenge_is_not_taken_for_a_request_of_the_initial_response() {
    saslenc()
        .args([
            "scram-sha-256",
            "-u",
            "user",
            "--pass",
            "pencil",
            "--nonce",
            "abc",
        ])
        .write_stdin("cj1hYmNkZWYscz1jMkZzZEE9PSxpPTQwOTY=\n+\n")
        .assert()
        .code(9)
        .stdout(predicate::str::contains("biwsbj11c2VyLHI9YWJj\n").count(1));
}

#[test]
fn no_newline_is_refused_rather_than_ignored() {
    saslenc()
        .args(["login", "-u", "user", "--pass", "pencil", "-i", "-n"])
        .write_stdin("334 VXNlcm5hbWU6\n")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "--no-newline does not apply to the conversation",
        ));
}
