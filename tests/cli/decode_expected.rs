//! `saslenc decode --user USER` with a password or token source: whether
//! each client message carries the expected credential, which catalogue
//! mistake explains it when it does not, and that the expected secret is
//! never shown.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::saslenc;

// Every message is written here byte by byte, as the mistake
// makes it; nothing is taken from saslenc's own output.

use crate::common::b64encode;

/// `decode --user USER --pass-env PASS` on `lines` given as values.
fn expecting(user: &str, password: &[u8], lines: &[String]) -> assert_cmd::assert::Assert {
    use std::os::unix::ffi::OsStrExt;
    saslenc()
        .args(["decode", "--user", user, "--pass-env", "EXPECTED", "--"])
        .args(lines)
        .env("EXPECTED", std::ffi::OsStr::from_bytes(password))
        .assert()
}

fn plain_line(message: &[u8]) -> String {
    format!("AUTH PLAIN {}", b64encode(message))
}

#[test]
fn the_right_password_is_said_to_be_carried() {
    expecting(
        "tim",
        b"tanstaaftanstaaf",
        &[plain_line(b"\0tim\0tanstaaftanstaaf")],
    )
    .success()
    .stdout(predicate::str::contains(
        "expected password: carries the expected password\n",
    ))
    .stdout(predicate::str::contains(
        "expected user: the one expected\n",
    ))
    .stdout(predicate::str::contains("tanstaaf").not());
}

#[test]
fn mistakes_made_by_hand_are_named_from_the_catalogue() {
    let pass = "pass word";
    let cases: [(Vec<String>, &str); 5] = [
        // echo without -n: printf '\0tim\0pass word\n' | base64
        (vec![plain_line(b"\0tim\0pass word\n")], "[echo-newline]"),
        // The leading NUL forgotten, and no mechanism named on the line.
        (vec![b64encode(b"tim\0pass word")], "[plain-no-leading-nul]"),
        // User and password swapped.
        (
            vec![plain_line(b"\0pass word\0tim")],
            "[user-password-swapped]",
        ),
        // bash's echo keeps \0 as two characters.
        (
            vec![plain_line(b"\\0tim\\0pass word")],
            "[plain-backslash-zero]",
        ),
        // LOGIN's password answered with a CR LF from a Windows file.
        (
            vec![
                "334 VXNlcm5hbWU6".into(),
                b64encode(b"tim"),
                "334 UGFzc3dvcmQ6".into(),
                b64encode(b"pass word\r\n"),
            ],
            "[crlf]",
        ),
    ];
    for (lines, id) in cases {
        expecting("tim", pass.as_bytes(), &lines)
            .code(1)
            .stdout(predicate::str::contains(
                "does not carry the expected password as it is; found the mistake: ",
            ))
            .stdout(predicate::str::contains(id))
            .stdout(predicate::str::contains("pass word").not())
            .stderr(predicate::str::contains(
                "1 of 1 credentials checked do not carry the expected password",
            ));
    }
    // Latin-1: "pässword" sent as ISO-8859-1 (0xe4), expected in UTF-8.
    expecting(
        "tim",
        "pässword".as_bytes(),
        &[plain_line(b"\0tim\0p\xe4ssword")],
    )
    .code(1)
    .stdout(predicate::str::contains("[latin1]"));
}

#[test]
fn an_unrelated_password_names_no_entry_only_its_shape() {
    expecting("tim", b"hunter22", &[plain_line(b"\0tim\0Hunter2")])
        .code(1)
        .stdout(predicate::str::contains(
            "no mistake of the catalogue (docs/serve.md) turns the expected one into the bytes \
             sent: 7 bytes sent, 8 expected; the kinds of byte first differ at byte offset 0: \
             an upper-case letter sent, a lower-case letter expected",
        ))
        .stdout(predicate::str::contains("found the mistake").not())
        .stdout(predicate::str::contains("[").not());
}

#[test]
fn user_names_differing_by_case_or_diacritic_are_named() {
    expecting("Alice", b"pw-1", &[plain_line(b"\0alice\0pw-1")])
        .code(1)
        .stdout(predicate::str::contains(
            "expected user: differs from the one expected only in case: \"alice\" sent, \
             \"Alice\" expected",
        ))
        .stdout(predicate::str::contains("carries the expected password"));
    expecting("jörg", b"pw-1", &[plain_line(b"\0jorg\0pw-1")])
        .code(1)
        .stdout(predicate::str::contains(
            "differs from the one expected only in accents or other diacritics: \"jorg\" sent",
        ));
    expecting("jörg", b"pw-1", &[plain_line("\0jörg\0pw-1".as_bytes())])
        .success()
        .stdout(predicate::str::contains("expected user: the one expected"));
}

#[test]
fn cram_md5_is_checked_after_its_challenge_and_scram_is_not_checkable() {
    // RFC 2195 section 2: the challenge, then tim's response.
    let challenge = "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+".to_owned();
    let response = "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw".to_owned();
    expecting(
        "tim",
        b"tanstaaftanstaaf",
        &[challenge.clone(), response.clone()],
    )
    .success()
    .stdout(predicate::str::contains("carries the expected password"));
    expecting("tim", b"tanstaaftanstaaX", &[challenge, response.clone()])
        .code(1)
        .stdout(predicate::str::contains(
            "the digest is not HMAC-MD5 of the challenge keyed with the expected password",
        ));
    // Without the challenge: said, and nothing was checked (exit 3).
    expecting("tim", b"tanstaaftanstaaf", &[response])
        .code(3)
        .stdout(predicate::str::contains(
            "paste the server's challenge line",
        ));
    // RFC 5802 section 5's client-first.
    expecting(
        "user",
        b"pencil",
        &["biwsbj11c2VyLHI9ZnlrbytkMmxiYkZnT05Sdjlxa3hkYXdM".into()],
    )
    .code(3)
    .stdout(predicate::str::contains(
        "not checked: SCRAM sends only a proof, computed over the server's messages",
    ));
}

#[test]
fn an_expected_token_is_checked_in_xoauth2() {
    let line = format!(
        "AUTH XOAUTH2 {}",
        b64encode(b"user=a@example.org\x01auth=Bearer ya29.tok\x01\x01")
    );
    for (token, code) in [("ya29.tok", 0), ("ya29.other", 1)] {
        saslenc()
            .args([
                "decode",
                "--user",
                "a@example.org",
                "--token-env",
                "T",
                &line,
            ])
            .env("T", token)
            .assert()
            .code(code)
            .stdout(predicate::str::contains("expected token: "))
            .stdout(predicate::str::contains(token).not());
    }
}

#[test]
fn the_json_object_carries_the_finding() {
    let output = saslenc()
        .args(["decode", "--json", "--user", "tim", "--pass-fd", "0"])
        .arg(plain_line(b"\0tim\0s3cret\n"))
        .write_stdin("s3cret")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let line: Value = serde_json::from_slice(&output.stdout).unwrap();
    let expected = &line["expected"];
    assert_eq!(expected["verdict"], "mistake", "{line}");
    assert_eq!(expected["carries"], false);
    assert_eq!(expected["mistakes"][0]["id"], "echo-newline");
    assert_eq!(expected["user"], "same");
}

/// A small deterministic generator, so that a failure repeats.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn the_expected_password_is_never_shown_for_random_passwords() {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    for _ in 0..12 {
        let len = 6 + (xorshift(&mut state) % 14) as usize;
        let password: String = (0..len)
            .map(|_| char::from(b'!' + (xorshift(&mut state) % 94) as u8))
            .filter(|c| *c != '\\')
            .collect();
        let p = password.as_bytes();
        // Right, echo's newline, swapped (the password in the user field,
        // which the layout does not mask), and an unrelated one.
        let lines = [
            plain_line(&[b"\0tim\0", p].concat()),
            plain_line(&[b"\0tim\0", p, b"\n"].concat()),
            plain_line(&[b"\0", p, b"\0tim"].concat()),
            plain_line(b"\0tim\0unrelated"),
        ];
        for json in [false, true] {
            let mut cmd = saslenc();
            cmd.args(["decode", "--user", "tim", "--pass-env", "EXPECTED"]);
            if json {
                cmd.arg("--json");
            }
            let output = cmd
                .arg("--")
                .args(&lines)
                .env("EXPECTED", &password)
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(1), "{password:?}");
            for (name, stream) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
                let text = String::from_utf8_lossy(stream);
                assert!(
                    !text.contains(&password),
                    "{name} shows {password:?} (json: {json}):\n{text}"
                );
            }
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(stdout.contains("echo-newline"), "{stdout}");
        }
    }
}

#[test]
fn login_is_checked_from_its_initial_response_and_password_prompt() {
    // AUTH LOGIN with the user name as initial response, then the
    // password prompt and its answer in Latin-1.
    expecting(
        "tim",
        "pässword".as_bytes(),
        &[
            format!("AUTH LOGIN {}", b64encode(b"tim")),
            "334 UGFzc3dvcmQ6".into(),
            b64encode(b"p\xe4ssword"),
        ],
    )
    .code(1)
    .stdout(predicate::str::contains("expected user: the one expected"))
    .stdout(predicate::str::contains("[latin1]"));
}

#[test]
fn the_password_cannot_come_from_the_standard_input_that_carries_the_lines() {
    saslenc()
        .args(["decode", "--user", "tim", "--pass-stdin"])
        .write_stdin("AHRpbQBwZW5jaWw=\n")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--pass-stdin"));
}
