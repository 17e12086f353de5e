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
    let out = bash(r#""$0" --help >&-"#);
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    let out = bash(r#""$0" --version | true"#);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

/// No input of any kind panics; the parsers behind decode, --challenge,
/// --server-first and the conversation all saw `+OK` and a character
/// of two bytes.
#[test]
fn non_ascii_after_a_reply_word_is_data() {
    // Pasted into the conversation, each line is the server's: a fault of
    // its own (9), or a line that is no reply and leaves no verdict (3).
    for (line, pasted) in [
        ("+OKé", 9),
        ("-ERRé", 9),
        ("235é", 9),
        ("+é", 9),
        ("334é", 9),
        ("A1 é", 3),
        ("* é", 3),
    ] {
        saslenc()
            .args(["decode", "--", line])
            .assert()
            .code(3)
            .stderr(predicate::str::contains("panicked").not());
        saslenc()
            .args(["cram-md5", "-u", "u", "--pass", "p"])
            .arg(format!("--challenge={line}"))
            .assert()
            .code(3)
            .stdout("");
        saslenc()
            .args(["scram-sha-1", "-u", "u", "--pass", "p", "--nonce", "n"])
            .arg(format!("--server-first={line}"))
            .assert()
            .code(3)
            .stdout("");
        // Pasted, the line is the server's: its fault (9).
        saslenc()
            .args(["login", "-u", "u", "--pass", "p", "-i"])
            .write_stdin(format!("{line}\n"))
            .assert()
            .code(pasted)
            .stderr(predicate::str::contains("panicked").not());
    }
}

/// Runs `script` under bash with the saslenc binary as `$0`.
fn bash(script: &str) -> std::process::Output {
    Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(saslenc_path())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

const PLAIN_TIM: &str = "AHRpbQB0YW5zdGFhZnRhbnN0YWFm";

/// A server line longer than the limit is a data error (3) at the limit,
/// not an allocation of whatever the server sends.
#[test]
fn a_server_line_over_the_limit_is_a_data_error() {
    let endless = bash(r#"head -c 100000000 /dev/zero | tr '\0' A | "$0" login -u u --pass p -i"#);
    assert_eq!(endless.status.code(), Some(3), "{endless:?}");
    let stderr = String::from_utf8_lossy(&endless.stderr);
    assert!(
        stderr.contains("server line is longer than 65536 bytes"),
        "{stderr}"
    );
    // A line of just under the limit is read (and refused for what it is).
    saslenc()
        .args(["login", "-u", "u", "--pass", "p", "-i"])
        .write_stdin(format!("{}\n", "A".repeat(65_536)))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("longer than").not());
}

/// decode streams: a log of several megabytes goes through, each line is
/// printed before the next is read, and a line over the limit fails
/// alone.
#[test]
fn decode_streams_line_by_line() {
    // 3 MiB of input; the old whole-input limit was 1 MiB.
    let out = bash(&format!(
        r#"yes '{PLAIN_TIM}' | head -n 110000 | "$0" decode | grep -c '^base64: client PLAIN'"#
    ));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "110000",
        "{out:?}"
    );

    // The first line's block comes out while standard input is still open.
    use std::io::{BufRead, BufReader, Write};
    let mut child = Command::new(saslenc_path())
        .arg("decode")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(format!("{PLAIN_TIM}\n").as_bytes())
        .unwrap();
    stdin.flush().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("base64: client PLAIN"), "{first}");
    drop(stdin);
    assert!(child.wait().unwrap().success());

    let out = bash(&format!(
        r#"{{ head -c 70000 /dev/zero | tr '\0' A; echo; echo '{PLAIN_TIM}'; }} | "$0" decode"#
    ));
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 1: input line is longer than 65536 bytes"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(r"\0tim\0********"));
}

/// `saslenc decode ... | head` ends quietly, as cat and grep do.
#[test]
fn a_closed_pipe_ends_decode_quietly() {
    let out = bash(&format!(
        r#"yes '{PLAIN_TIM}' | head -n 50000 | "$0" decode | head -n 1; echo "status ${{PIPESTATUS[2]}}""#
    ));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.ends_with("status 0\n"), "{stdout}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{out:?}");
    let out =
        bash(r#""$0" completions bash | head -c 10 >/dev/null; echo "status ${PIPESTATUS[0]}""#);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "status 0\n",
        "{out:?}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// Output that cannot be written is an I/O error (4): a closed standard
/// output, a full disk. (A closed stdout was taken for a sink, exit 0.)
#[test]
fn output_that_cannot_be_written_is_an_io_error() {
    for redirect in [">&-", ">/dev/full"] {
        for command in [
            "plain -u u --pass p",
            "decode dXNlcg==",
            "mechanisms",
            "completions zsh",
            "login -u u --pass p -i",
        ] {
            let out = bash(&format!(
                r#"echo '334 VXNlcm5hbWU6' | "$0" {command} {redirect}"#
            ));
            assert_eq!(out.status.code(), Some(4), "{command} {redirect}: {out:?}");
        }
    }
    // /dev/null is an output like any other.
    let out = bash(r#""$0" plain -u u --pass p >/dev/null"#);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

/// A server message that is malformed is the server's fault (9, as in a
/// live session), whatever its bytes: a line that is not UTF-8 is not an
/// error reading standard input (4).
#[test]
fn a_malformed_server_line_is_a_protocol_error() {
    for input in [
        &b"334 \xff\n"[..],
        b"\xff\xfe\n",
        b"+OK \xe9\n",
        b"334 \xc3\n",
    ] {
        saslenc()
            .args(["cram-md5", "-u", "u", "--pass", "p"])
            .write_stdin(input)
            .assert()
            .code(9)
            .stderr(predicate::str::contains("server line is not valid UTF-8"));
    }
}

/// `/dev/null` opened for reading and writing on 0, 1 or 2 is an ordinary
/// stream: it is what Python's `subprocess.DEVNULL`, systemd's
/// `StandardInput=null` and `<>/dev/null` give, and it was once taken
/// for a closed descriptor (exit 4, nothing printed). Only a descriptor
/// that really was closed is refused.
#[test]
fn dev_null_read_write_is_an_ordinary_stream() {
    // The one-way redirection each behaves like.
    let one_way = |fd: char| {
        if fd == '0' {
            "</dev/null"
        } else {
            ">/dev/null"
        }
    };
    for command in [
        "plain -u u --pass p",
        "plain -u u --pass-stdin",
        "plain -u u --pass p --explain",
        "scram-sha-256 -u user --pass-env PW --nonce rOprNGfwEbeRWgbNEkqO",
        "login -u u --pass p -i",
        "decode",
    ] {
        for fd in ['0', '1', '2'] {
            let read_write = bash(&format!(r#"PW=pencil "$0" {command} {fd}<>/dev/null"#));
            let usual = bash(&format!(r#"PW=pencil "$0" {command} {fd}{}"#, one_way(fd)));
            assert_ne!(
                read_write.status.code(),
                Some(4),
                "{command} {fd}<>: {read_write:?}"
            );
            assert_eq!(read_write, usual, "{command} {fd}<>/dev/null");
        }
    }
    // And the output is there: RFC 7677, section 3's client-first message.
    let out = bash(
        r#"PW=pencil "$0" scram-sha-256 -u user --pass-env PW --nonce rOprNGfwEbeRWgbNEkqO 0<>/dev/null"#,
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=\n"
    );
    let out = bash(r#""$0" plain -u u --pass p 0<>/dev/null 2<>/dev/null"#);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "AHUAcA==\n");
}

/// The same through Python's subprocess, the way scripts run saslenc.
#[test]
fn python_subprocess_devnull_is_an_ordinary_stream() {
    let script = r#"
import subprocess, sys
b = sys.argv[1]
args = [b, "plain", "--user", "u", "--pass", "p"]
p = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True)
assert (p.returncode, p.stdout) == (0, b"AHUAcA==\n"), p
p = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
assert p.returncode == 0, p
p = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
assert (p.returncode, p.stdout) == (0, b"AHUAcA==\n"), p
p = subprocess.run(args + ["--explain"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
assert p.returncode == 0, p
p = subprocess.run([b, "plain", "-u", "u", "--pass-stdin"], stdin=subprocess.DEVNULL, capture_output=True)
assert p.returncode == 3 and b"password is empty" in p.stderr, p
print("ok")
"#;
    let Ok(out) = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(saslenc_path())
        .stdin(Stdio::null())
        .output()
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 is needed under CI"
        );
        return;
    };
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ok\n");
}

/// A descriptor that really was closed is still told apart from a
/// `/dev/null`: a closed standard input is not an empty password, a
/// closed standard error loses no exit status.
#[test]
fn a_closed_descriptor_is_still_an_error() {
    for (script, code) in [
        (r#""$0" plain -u u --pass-stdin <&-"#, 4),
        (r#""$0" plain -u u --pass-fd 0 <&-"#, 4),
        (r#"echo 334 PDEyQGg+ | "$0" cram-md5 -u u --pass p >&-"#, 4),
        (r#""$0" plain -u u --pass p >&-"#, 4),
        (r#""$0" plain -u u --pass p --explain 2>&-"#, 4),
        (r#""$0" decode <&-"#, 4),
    ] {
        let out = bash(script);
        assert_eq!(out.status.code(), Some(code), "{script}: {out:?}");
    }
    let out = bash(r#""$0" plain -u u --pass-stdin <&-"#);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("standard input"),
        "{out:?}"
    );
}
