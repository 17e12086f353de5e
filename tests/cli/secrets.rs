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

/// One rule for every option: a value that begins with `-` is given as
/// `--opt=VALUE`; `--pass --explain` is a missing password, not the
/// password "--explain" with the flag dropped.
#[test]
fn pass_value_may_start_with_a_dash_after_an_equals_sign() {
    plain_with(&["--pass=-x"])
        .assert()
        .success()
        .stdout(expected(b"-x"));
    for (args, option) in [
        (&["--pass", "--explain"][..], "--pass <PASSWORD>"),
        (&["--pass-env"], "--pass-env <VAR>"),
        (&["--pass-file", "--explain"], "--pass-file <PATH>"),
    ] {
        plain_with(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!(
                "{option} needs a value; a value that begins with '-' is given as {}=VALUE",
                option.split(' ').next().unwrap()
            )));
    }
    for args in [&["--pass", "-x"][..], &["--pass", "x", "--authzid", "-bob"]] {
        plain_with(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("given as --opt=VALUE"));
    }
    saslenc()
        .args(["cram-md5", "-u", "u", "--pass", "x", "--challenge", "-abc"])
        .assert()
        .code(2);
    saslenc()
        .args(["xoauth2", "-u", "u", "--token", "--explain"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--token <TOKEN> needs a value"));
}

/// A stray positional may be a password: the error says there was one
/// without repeating it, and points to the secret sources.
#[test]
fn a_stray_argument_is_not_repeated() {
    for args in [
        &["plain", "-u", "u", "hunter2"][..],
        &["login", "-u", "u", "--pass", "p", "hunter2"],
        &["scram-sha-1", "hunter2", "-u", "u"],
        &["plain", "-u", "u", "--pass-fd", "hunter2"],
        &["plain", "-u", "u", "-P", "hunter2", "--pass", "p"],
    ] {
        saslenc()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("hunter2").not())
            .stderr(predicate::str::contains("not repeated here"));
    }
    saslenc()
        .args(["plain", "-u", "u", "hunter2"])
        .assert()
        .stderr(predicate::str::contains("unexpected argument"))
        .stderr(predicate::str::contains("--pass-file, --pass-env"));
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

/// Runs `saslenc plain --user u` on a real pseudo-terminal and types
/// `typed` once the prompt is on the screen; `None` when `script` is missing.
fn typed_at_the_prompt(typed: &[u8]) -> Option<(std::process::ExitStatus, Vec<u8>)> {
    crate::common::on_terminal("plain --user u", &[("Password for u: ", typed)])
}

/// The prompt runs on a real pseudo-terminal, reads without echo, and the
/// password typed never shows in the transcript.
#[test]
fn prompts_on_a_terminal_without_echo() {
    let Some((status, transcript)) = typed_at_the_prompt(b"hunter2\n") else {
        return;
    };
    let transcript = String::from_utf8_lossy(&transcript);
    assert!(status.success(), "{transcript}");
    assert!(transcript.contains("Password for u: "), "{transcript}");
    assert!(
        transcript.contains(expected(b"hunter2").trim_end()),
        "{transcript}"
    );
    assert!(!transcript.contains("hunter2"), "echoed: {transcript}");
}

/// The bytes typed are the bytes used: a TAB and an escape sequence (an
/// arrow key) are part of the password, not dropped.
#[test]
fn the_prompt_keeps_tab_and_escape_sequences() {
    let Some((status, transcript)) = typed_at_the_prompt(b"a\tb\x1b[Ac\n") else {
        return;
    };
    let transcript = String::from_utf8_lossy(&transcript);
    assert!(status.success(), "{transcript}");
    assert!(
        transcript.contains(expected(b"a\tb\x1b[Ac").trim_end()),
        "{transcript}"
    );
}

/// Control-C at the prompt stops at once (the signal keys are off while
/// echo is, so that the terminal is always put back): an error, nothing
/// printed.
#[test]
fn control_c_stops_the_prompt() {
    let Some((status, transcript)) = typed_at_the_prompt(b"abc\x03") else {
        return;
    };
    let text = String::from_utf8_lossy(&transcript);
    assert_eq!(status.code(), Some(4), "{text}");
    assert!(text.contains("interrupted with Control-C"), "{text}");
    assert!(!text.contains(expected(b"abc").trim_end()), "{text}");
}

/// Invalid UTF-8 typed at the prompt is refused (3), never replaced with
/// U+FFFD and sent.
#[test]
fn the_prompt_refuses_invalid_utf8() {
    let Some((status, transcript)) = typed_at_the_prompt(b"p\xffq\n") else {
        return;
    };
    let text = String::from_utf8_lossy(&transcript);
    assert_eq!(status.code(), Some(3), "{text}");
    assert!(text.contains("password is not valid UTF-8"), "{text}");
    assert!(
        !text.contains(expected("p\u{fffd}q".as_bytes()).trim_end()),
        "{text}"
    );
}

/// Runs `script` under sh with the saslenc binary as `$0`.
fn sh(script: &str) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("saslenc");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(&bin)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// The descriptor itself is read, from where it stands: what the caller
/// already consumed is not read again (reopening /dev/fd/N read the file
/// from byte 0).
#[test]
fn pass_fd_reads_the_descriptor_from_where_it_stands() {
    let dir = tempdir();
    let file = dir.path().join("lines");
    write(&file, b"first line\ns3cr3t-P@ss\n");
    let out = sh(&format!(
        r#"exec 3<'{}'; read -r skipped <&3; "$0" plain --user u --pass-fd 3"#,
        file.display()
    ));
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        expected(SECRET.as_bytes())
    );
}

/// A descriptor open for writing only is not read through another way in
/// (the file it writes to): an I/O error (4), and nothing printed.
#[test]
fn pass_fd_open_for_writing_only_is_an_io_error() {
    let dir = tempdir();
    let file = dir.path().join("out");
    write(&file, b"not-the-password\n");
    let out = sh(&format!(
        r#""$0" plain --user u --pass-fd 5 5>>'{}'"#,
        file.display()
    ));
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("file descriptor 5: it is open for writing only"),
        "{stderr}"
    );
}

/// 1 and 2 are saslenc's own output: a usage error, at once (reading
/// the terminal or a pipe behind them hung).
#[test]
fn pass_fd_1_and_2_are_usage_errors() {
    for fd in ["1", "2"] {
        for source in ["--pass-fd", "--token-fd"] {
            let mechanism = if source == "--pass-fd" {
                "plain"
            } else {
                "xoauth2"
            };
            saslenc()
                .args([mechanism, "--user", "u", source, fd])
                .timeout(std::time::Duration::from_secs(10))
                .assert()
                .code(2)
                .stdout("")
                .stderr(predicate::str::contains(
                    "standard output and standard error",
                ));
        }
    }
    let out = sh(r#""$0" plain --user u --pass-fd 1 | cat"#);
    assert!(out.stdout.is_empty(), "{out:?}");
}

/// With the server's lines on standard input, a secret source that would
/// read it is refused before anything is read: from an endless input,
/// saslenc exits 2 at once instead of reading a megabyte as the password.
#[test]
fn a_conversation_refuses_secrets_from_its_own_stdin_before_reading() {
    for args in [
        &["login", "-u", "u", "-i", "--pass-stdin"][..],
        &["login", "-u", "u", "-i", "--pass-fd", "0"],
        &["cram-md5", "-u", "u", "--pass-fd", "0"],
        &["scram-sha-1", "-u", "u", "--pass-stdin"],
        &["xoauth2", "-u", "u", "-i", "--token-stdin"],
        &["oauthbearer", "-u", "u", "-i", "--token-fd", "0"],
    ] {
        let out = sh(&format!(r#""$0" {} < /dev/zero"#, args.join(" ")));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("cannot come from there too"), "{stderr}");
    }
    // Outside a conversation, --pass-fd 0 is standard input.
    plain_with(&["--pass-fd", "0"])
        .write_stdin(format!("{SECRET}\n"))
        .assert()
        .success()
        .stdout(expected(SECRET.as_bytes()));
}

/// A closed standard input is an I/O error (4), not an empty password (3).
#[test]
fn a_closed_stdin_is_an_io_error() {
    for source in ["--pass-stdin", "--pass-fd 0"] {
        let out = sh(&format!(r#""$0" plain --user u {source} <&-"#));
        assert_eq!(out.status.code(), Some(4), "{source}: {out:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("Bad file descriptor"));
    }
    // An empty one is an empty password (3).
    let out = sh(r#""$0" plain --user u --pass-stdin </dev/null"#);
    assert_eq!(out.status.code(), Some(3), "{out:?}");
}
