//! Where the password comes from: exactly one source, each read exactly.

use std::path::Path;

use predicates::prelude::*;

use crate::common::{saslenc, tempdir};

const SECRET: &str = "s3cr3t-P@ss";

fn plain_with(source: &[&str]) -> assert_cmd::Command {
    let mut cmd = saslenc();
    cmd.args(["plain", "--user", "u"]).args(source);
    cmd
}

/// The base64 of `\0u\0<password>`, computed by the system's base64 tool,
/// not by saslenc.
fn expected(password: &[u8]) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("base64")
        .args(["-w", "0"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("coreutils base64 runs");
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(&[b"\0u\0".as_slice(), password].concat())
        .unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    format!("{}\n", String::from_utf8(out.stdout).unwrap())
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn pass_value() {
    plain_with(&["--pass", SECRET])
        .assert()
        .success()
        .stdout(expected(SECRET.as_bytes()));
}

#[test]
fn pass_value_may_start_with_a_dash() {
    plain_with(&["--pass", "-x"])
        .assert()
        .success()
        .stdout(expected(b"-x"));
}

#[test]
fn pass_file_strips_exactly_one_line_end() {
    let dir = tempdir();
    let file = dir.path().join("pass");
    for (content, password) in [
        (&b"pencil"[..], &b"pencil"[..]),
        (b"pencil\n", b"pencil"),
        (b"pencil\r\n", b"pencil"),
        (b"pencil\n\n", b"pencil\n"),
        (b"pencil \n", b"pencil "),
        (b" pencil\t\n", b" pencil\t"),
    ] {
        write(&file, content);
        plain_with(&["--pass-file"])
            .arg(&file)
            .assert()
            .success()
            .stdout(expected(password));
    }
}

#[test]
fn pass_env_is_taken_as_is() {
    plain_with(&["--pass-env", "THE_PASS"])
        .env("THE_PASS", "with trailing newline\n")
        .assert()
        .success()
        .stdout(expected(b"with trailing newline\n"));
}

#[test]
fn pass_stdin_strips_one_line_end() {
    plain_with(&["--pass-stdin"])
        .write_stdin(format!("{SECRET}\n"))
        .assert()
        .success()
        .stdout(expected(SECRET.as_bytes()));
    plain_with(&["--pass-stdin"])
        .write_stdin(format!("{SECRET}\r\n\r\n"))
        .assert()
        .success()
        .stdout(expected(format!("{SECRET}\r\n").as_bytes()));
}

#[test]
fn pass_fd_reads_an_inherited_pipe() {
    let bin = assert_cmd::cargo::cargo_bin("saslenc");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(
            r#""$0" plain --user u --pass-fd 3 3<<EOF
s3cr3t-P@ss
EOF"#,
        )
        .arg(&bin)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        expected(SECRET.as_bytes())
    );
}

#[test]
fn pass_fd_that_is_not_open_is_an_io_error() {
    plain_with(&["--pass-fd", "97"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "saslenc: error: cannot read the password from file descriptor 97:",
        ));
}

#[test]
fn two_sources_are_a_usage_error() {
    for pair in [
        ["--pass", "a", "--pass-env", "X"].as_slice(),
        &["--pass-stdin", "--pass-fd", "3"],
        &["--pass-file", "f", "--pass", "a"],
        &["--pass-env", "X", "--pass-stdin"],
    ] {
        plain_with(pair)
            .env("X", "a")
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("cannot be used with"));
    }
}

#[test]
fn no_source_and_no_terminal_fails_at_once() {
    plain_with(&[])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no password given"))
        .stderr(predicate::str::contains("--pass-file"));
}

#[test]
fn missing_file_and_variable_are_io_errors() {
    plain_with(&["--pass-file", "/nonexistent/pass"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(predicate::str::contains("/nonexistent/pass"));
    plain_with(&["--pass-env", "NOT_SET_ANYWHERE"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(
            "saslenc: error: environment variable NOT_SET_ANYWHERE (named for the password) is not set\n",
        );
}

#[test]
fn a_directory_is_not_a_password_file() {
    let dir = tempdir();
    plain_with(&["--pass-file"])
        .arg(dir.path())
        .assert()
        .code(4)
        .stdout("");
}

#[test]
fn an_endless_file_is_refused() {
    plain_with(&["--pass-file", "/dev/zero"])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains("longer than"));
}

/// The prompt runs on a real pseudo-terminal (util-linux `script`), reads
/// without echo, and the password typed never shows in the transcript.
#[test]
fn prompts_on_a_terminal_without_echo() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    use std::io::{Read, Write};
    let bin = assert_cmd::cargo::cargo_bin("saslenc");
    let mut child = std::process::Command::new("script")
        .args(["-qec"])
        .arg(format!("{} plain --user u", bin.display()))
        .arg("/dev/null")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Type only once the prompt is on the screen (and echo is being turned
    // off right after it), as a person would.
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !String::from_utf8_lossy(&seen).contains("Password for u: ") {
        assert_eq!(stdout.read(&mut byte).unwrap(), 1, "no prompt: {seen:?}");
        seen.push(byte[0]);
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.stdin.take().unwrap().write_all(b"hunter2\n").unwrap();
    stdout.read_to_end(&mut seen).unwrap();
    let status = child.wait().unwrap();
    let out = std::process::Output {
        status,
        stdout: seen,
        stderr: Vec::new(),
    };
    let transcript = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{transcript}");
    assert!(transcript.contains("Password for u: "), "{transcript}");
    assert!(
        transcript.contains(expected(b"hunter2").trim_end()),
        "{transcript}"
    );
    assert!(!transcript.contains("hunter2"), "echoed: {transcript}");
}
