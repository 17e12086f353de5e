//! Standard streams that fail: no panic, and the exit status says so.

use std::process::{Command, Stdio};

use predicates::prelude::*;

use crate::common::saslenc;

fn saslenc_path() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("saslenc")
}

/// Runs `args` with standard error on /dev/full.
fn with_full_stderr(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(saslenc_path())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create("/dev/full").expect("/dev/full opens"))
        .spawn()
        .unwrap();
    use std::io::Write;
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

/// Notes, reports and conversation notes to a full standard error: an I/O
/// error (4), never a panic (101).
#[test]
fn a_full_standard_error_is_an_io_error() {
    for (args, stdin) in [
        (&["external"][..], ""),
        (&["anonymous", "--explain"], ""),
        (&["plain", "-u", "u", "--pass", "p", "--explain"], ""),
        (
            &["login", "-u", "u", "--pass", "p", "-i"],
            "334 VXNlcm5hbWU6\n",
        ),
        (&["cram-md5", "-u", "u", "--pass", "p"], "334 PDEyQGg+\n"),
        (
            &[
                "scram-sha-1",
                "-u",
                "u",
                "--pass",
                "p",
                "--nonce",
                "abc",
                "--server-first",
                "cj1hYmNkLHM9UVNYQ1IrUTZzZWs4YmY5MixpPTE=",
            ],
            "",
        ),
        (&["decode", "not base64!!"], ""),
    ] {
        let out = with_full_stderr(args, stdin);
        assert_eq!(out.status.code(), Some(4), "{args:?}: {out:?}");
    }
}

/// Help to a standard output that cannot take it is an I/O error too.
#[test]
fn help_to_a_full_stdout_is_an_io_error() {
    let out = Command::new(saslenc_path())
        .arg("--help")
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{out:?}");
}

/// No input of any kind panics; the parsers behind decode, --challenge,
/// --server-first and the conversation all saw `+OK` and a character
/// of two bytes.
#[test]
fn non_ascii_after_a_reply_word_is_data() {
    for line in ["+OKé", "-ERRé", "235é", "+é", "334é", "A1 é", "* é"] {
        saslenc()
            .args(["decode", line])
            .assert()
            .code(3)
            .stderr(predicate::str::contains("panicked").not());
        saslenc()
            .args(["cram-md5", "-u", "u", "--pass", "p", "--challenge", line])
            .assert()
            .code(3)
            .stdout("");
        saslenc()
            .args(["scram-sha-1", "-u", "u", "--pass", "p", "--nonce", "n"])
            .arg(format!("--server-first={line}"))
            .assert()
            .code(3)
            .stdout("");
        saslenc()
            .args(["login", "-u", "u", "--pass", "p", "-i"])
            .write_stdin(format!("{line}\n"))
            .assert()
            .code(3);
    }
}
