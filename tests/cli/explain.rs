//! `--explain` on every encoder: stdout unchanged, the explanation on
//! stderr, secrets masked, and shell pipelines that a real `sh` runs to the
//! same base64 (and the wrong one to the base64 the report predicts).

use std::process::Command as Process;

use predicates::prelude::*;

use crate::common::{b64decode, b64encode, saslenc};

/// Values that break naive shell pipelines.
const AWKWARD: &[&str] = &[
    "with space",
    "100%s%d%%",
    r"back\slash\0\n\c",
    r#"quo'te"double"#,
    "pässwörd €",
    "-n",
    "-e",
    "$HOME`id`",
    "0123",
    "tab\there\nnewline",
];

/// Runs `script` under `shell -c` and returns its stdout.
fn run_shell(shell: &str, script: &str) -> String {
    let output = Process::new(shell)
        .arg("-c")
        .arg(script)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {shell}: {e}"));
    assert!(output.status.success(), "{shell} failed on {script}");
    String::from_utf8(output.stdout).unwrap()
}

fn have(program: &str) -> bool {
    Process::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Values with a `,` or `=` that OAUTHBEARER and SCRAM must escape as
/// `=2C` and `=3D` exactly once.
const GS2_AWKWARD: &[&str] = &["a,b=c", "=2C", ",", "=", "x=3D,=2C,"];

/// The awkward values without control characters, for the fields that
/// refuse them (OAuth fields, the ANONYMOUS trace).
fn printable_awkward() -> impl Iterator<Item = &'static str> {
    AWKWARD
        .iter()
        .copied()
        .filter(|v| !v.chars().any(char::is_control))
}

/// One explained message: its byte count, the right script, the wrong
/// script, and the base64 the report gives for the wrong one under dash
/// and bash.
struct Explained {
    len: usize,
    right: String,
    wrong: String,
    dash: String,
    bash: String,
}

/// Takes the `--explain` report apart, one [`Explained`] a message.
fn parse(report: &str) -> Vec<Explained> {
    let mut out = Vec::new();
    let mut lines = report.lines().peekable();
    let mut len = None;
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("  bytes (") {
            len = rest.split(')').next().and_then(|n| n.parse().ok());
        }
        if line != "  the same base64 from a POSIX shell:" {
            continue;
        }
        let mut assignments = Vec::new();
        let mut right = String::new();
        for line in lines.by_ref() {
            let line = line.strip_prefix("    ").unwrap();
            if line.starts_with("printf ") {
                right = format!("{}\n{line}", assignments.join("\n"));
                break;
            }
            assignments.push(line.to_owned());
        }
        let mut wrong = String::new();
        let (mut dash, mut bash) = (String::new(), String::new());
        for line in lines.by_ref() {
            if let Some(pipeline) = line.strip_prefix("  not this: ") {
                wrong = format!("{}\n{pipeline} | tr -d '\\n'", assignments.join("\n"));
            } else if let Some(rest) = line.strip_prefix("    dash (sh): ") {
                dash = base64_after(rest);
            } else if let Some(rest) = line.strip_prefix("    bash: ") {
                bash = base64_after(rest);
                break;
            }
        }
        out.push(Explained {
            len: len.take().expect("a bytes (N) line before the pipeline"),
            right,
            wrong,
            dash,
            bash,
        });
    }
    out
}

fn base64_after(rest: &str) -> String {
    let b64 = rest.split("base64 ").nth(1).unwrap();
    b64.split(' ').next().unwrap().to_owned()
}

fn explain<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (String, String) {
    let output = saslenc()
        .args(args)
        .args(["--explain", "--show-secrets"])
        .output()
        .unwrap();
    let shown: Vec<&std::ffi::OsStr> = args.iter().map(AsRef::as_ref).collect();
    assert!(output.status.success(), "{shown:?}: {output:?}");
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The byte count is that of the message on stdout; the right pipeline
/// gives the same base64 under sh (dash here) and bash (nothing for an
/// empty message, which stdout shows as `=`); the wrong one gives what the
/// report says, in each shell.
fn check(stdout: &str, report: &str, expected_messages: usize) {
    let explained = parse(report);
    assert_eq!(explained.len(), expected_messages, "{report}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), expected_messages, "{stdout}");
    for (message, line) in explained.iter().zip(lines) {
        let line = if line == "=" { "" } else { line };
        assert_eq!(message.len, b64decode(line).len(), "{report}");
        for shell in ["sh", "bash"] {
            assert_eq!(
                run_shell(shell, &message.right),
                line,
                "{shell}: {}",
                message.right
            );
        }
        if have("dash") {
            assert_eq!(
                run_shell("dash", &message.wrong),
                message.dash,
                "{}",
                message.wrong
            );
        }
        assert_eq!(
            run_shell("bash", &message.wrong),
            message.bash,
            "{}",
            message.wrong
        );
    }
}

#[test]
fn plain_pipelines_run_in_real_shells() {
    for value in AWKWARD {
        // --user=VALUE: clap reads `--user -n` as two options.
        let user = format!("--user={value}");
        let (stdout, report) = explain(&["plain", &user, &format!("--pass={value}")]);
        check(&stdout, &report, 1);
        let authzid = format!("--authzid={value}");
        let (stdout, report) =
            explain(&["plain", &authzid, "--user", "u", &format!("--pass={value}")]);
        check(&stdout, &report, 1);
    }
}

#[test]
fn login_pipelines_run_in_real_shells() {
    for value in AWKWARD {
        let user = format!("--user={value}");
        let (stdout, report) = explain(&["login", &user, &format!("--pass={value}")]);
        check(&stdout, &report, 2);
    }
}

#[test]
fn cram_md5_pipeline_runs_in_a_real_shell() {
    if !have("openssl") {
        eprintln!("skipped: no openssl to compute the HMAC in the shell");
        return;
    }
    for value in AWKWARD {
        // RFC 2195 section 2's challenge.
        let (stdout, report) = explain(&[
            "cram-md5",
            &format!("--user={value}"),
            &format!("--pass={value}"),
            "--challenge",
            "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+",
        ]);
        check(&stdout, &report, 1);
    }
}

#[test]
fn xoauth2_pipelines_run_in_real_shells() {
    for value in printable_awkward() {
        let user = format!("--user={value}");
        let (stdout, report) = explain(&["xoauth2", &user, "--token", "ya29.a-b_c~d+e/f=="]);
        check(&stdout, &report, 1);
    }
}

#[test]
fn oauthbearer_pipelines_run_in_real_shells() {
    for value in printable_awkward().chain(GS2_AWKWARD.iter().copied()) {
        let user = format!("--user={value}");
        let host = format!("--host={value}");
        let (stdout, report) = explain(&["oauthbearer", &user, "--token", "t0k-en=="]);
        check(&stdout, &report, 1);
        let args = ["oauthbearer", &user, &host, "--port", "993", "--token", "t"];
        let (stdout, report) = explain(&args);
        check(&stdout, &report, 1);
    }
    // No user: the GS2 header is n,, and nothing is escaped.
    let (stdout, report) = explain(&["oauthbearer", "--user", "", "--token", "t"]);
    check(&stdout, &report, 1);
}

/// The authzid is escaped once, and the report shows the escaped form
/// that is in the message and the sed that derives it.
#[test]
fn oauthbearer_shows_the_escaped_user() {
    saslenc()
        .args(["oauthbearer", "--user", "a,b=c=2C", "--token", "t", "--explain"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            r"bytes (35): n,a=a=2Cb=3Dc=3D2C,\x01auth=Bearer ********\x01\x01",
        ))
        .stderr(predicate::str::contains("    authzid: a=2Cb=3Dc=3D2C\n"))
        .stderr(predicate::str::contains("    USER='a,b=c=2C'\n"))
        .stderr(predicate::str::contains(
            r#"AUTHZID=$(printf '%s' "$USER" | sed -e 's/=/=3D/g' -e 's/,/=2C/g')"#,
        ))
        .stderr(predicate::str::contains(
            r#"printf 'n,a=%s,\001auth=Bearer %s\001\001' "$AUTHZID" "$TOKEN" | base64 | tr -d '\n'"#,
        ));
}

#[test]
fn the_oauth_reports_give_the_published_bytes() {
    // developers.google.com/gmail/imap/xoauth2-protocol.
    saslenc()
        .args([
            "xoauth2",
            "--user",
            "someuser@example.com",
            "--token",
            "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg",
            "--explain",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            r"bytes (85): user=someuser@example.com\x01auth=Bearer ********\x01\x01",
        ))
        .stderr(predicate::str::contains("token: ******** (45 bytes)"));
    // RFC 7628 section 4.1.
    saslenc()
        .args([
            "oauthbearer",
            "--user",
            "user@example.com",
            "--host",
            "server.example.com",
            "--port",
            "143",
            "--token",
            "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==",
            "--explain",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            r"bytes (111): n,a=user@example.com,\x01host=server.example.com\x01port=143\x01auth=Bearer ********\x01\x01",
        ));
}

#[test]
fn external_and_anonymous_pipelines_run_in_real_shells() {
    for value in AWKWARD {
        let authzid = format!("--authzid={value}");
        let (stdout, report) = explain(&["external", &authzid]);
        check(&stdout, &report, 1);
    }
    for value in printable_awkward() {
        let trace = format!("--trace={value}");
        let (stdout, report) = explain(&["anonymous", &trace]);
        check(&stdout, &report, 1);
    }
}

/// An empty message is printed as `=`; the report says it is empty and why
/// `=` is sent, and that the pipeline prints nothing.
#[test]
fn empty_messages_are_explained_as_sent_as_equals() {
    for sub in ["external", "anonymous"] {
        let (stdout, report) = explain(&[sub]);
        assert_eq!(stdout, "=\n");
        assert!(report.contains("  bytes (0): (empty)\n"), "{report}");
        assert!(
            report.contains(r#"the message is empty: it is sent as "=""#),
            "{report}"
        );
        assert!(report.contains("base64: (empty)"), "{report}");
        // The classic mistake sends one newline instead of nothing.
        assert!(report.contains("bash: 1 bytes, base64 Cg=="), "{report}");
        check(&stdout, &report, 1);
    }
}

#[test]
fn stdout_is_the_same_with_and_without_explain() {
    let args = ["plain", "--user", "tim", "--pass", "tanstaaftanstaaf"];
    let plain = saslenc().args(args).output().unwrap();
    let explained = saslenc().args(args).arg("--explain").output().unwrap();
    assert_eq!(plain.stdout, b"AHRpbQB0YW5zdGFhZnRhbnN0YWFm\n");
    assert_eq!(explained.stdout, plain.stdout);
    assert!(plain.stderr.is_empty());
    assert!(!explained.stderr.is_empty());
}

#[test]
fn the_report_shows_bytes_hex_length_and_base64() {
    saslenc()
        .args([
            "plain",
            "--user",
            "tim",
            "--pass",
            "tanstaaftanstaaf",
            "--explain",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(r"bytes (21): \0tim\0********"))
        .stderr(predicate::str::contains(
            "00000000  00 74 69 6d 00 ** ** **  ** ** ** ** ** ** ** **  |.tim.***********|",
        ))
        // Masked: no base64 that would give the password back.
        .stderr(predicate::str::contains(
            "base64: (left out: it would give the masked values back; --show-secrets prints it)",
        ))
        .stderr(predicate::str::contains(
            "dash (sh): 22 bytes (base64 left out, as above)",
        ))
        .stderr(predicate::str::contains("AHRpbQB0YW5zdGFhZnRhbnN0YWFm").not())
        .stderr(predicate::str::contains(
            r#"printf '%s\0%s\0%s' "$AUTHZID" "$USER" "$PASS" | base64 | tr -d '\n'"#,
        ))
        .stderr(predicate::str::contains(
            r#"not this: echo "\0$USER\0$PASS" | base64"#,
        ));
    saslenc()
        .args([
            "plain",
            "--user",
            "tim",
            "--pass",
            "tanstaaftanstaaf",
            "--explain",
            "--show-secrets",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "base64: AHRpbQB0YW5zdGFhZnRhbnN0YWFm",
        ))
        // dash turns \0 into NUL and adds a newline; bash keeps \0 as text.
        .stderr(predicate::str::contains(
            "dash (sh): 22 bytes, base64 AHRpbQB0YW5zdGFhZnRhbnN0YWFmCg==",
        ))
        .stderr(predicate::str::contains(
            "bash: 24 bytes, base64 XDB0aW1cMHRhbnN0YWFmdGFuc3RhYWYK",
        ));
}

/// Whether any run of base64 characters in `text` decodes (at any of the
/// four alignments) to bytes that hold `secret`.
fn recoverable(text: &str, secret: &str) -> bool {
    use base64::Engine;
    let engine = base64::engine::general_purpose::STANDARD_NO_PAD;
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/'))
        .filter(|word| word.len() >= 4)
        .any(|word| {
            (0..4).any(|skip| {
                let word = &word[skip.min(word.len())..];
                let usable = &word[..word.len() - word.len() % 4];
                engine
                    .decode(usable)
                    .is_ok_and(|bytes| bytes.windows(secret.len()).any(|w| w == secret.as_bytes()))
            })
        })
}

#[test]
fn secrets_are_masked_unless_asked() {
    let secret = "Zq9-hunter2-secret";
    for args in [
        vec!["plain", "--user", "u", "--pass", secret],
        vec!["login", "--user", "u", "--pass", secret],
        vec![
            "cram-md5",
            "--user",
            "u",
            "--pass",
            secret,
            "--challenge",
            "PGFAYj4=",
        ],
        vec!["xoauth2", "--user", "u", "--token", secret],
        vec!["oauthbearer", "--user", "u", "--token", secret],
        vec!["oauthbearer", "--user", "", "-H", "h", "--token", secret],
    ] {
        let output = saslenc().args(&args).arg("--explain").output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(output.status.success(), "{stderr}");
        assert!(!String::from_utf8_lossy(&output.stdout).contains(secret));
        assert!(!stderr.contains(secret), "{stderr}");
        assert!(!stderr.contains(&hex::encode(secret)), "{stderr}");
        assert!(
            !recoverable(&stderr, secret),
            "base64 gives it back: {stderr}"
        );
        assert!(stderr.contains("********"), "{stderr}");
        let shown = saslenc()
            .args(&args)
            .args(["--explain", "--show-secrets"])
            .output()
            .unwrap();
        assert!(String::from_utf8(shown.stderr).unwrap().contains(secret));
    }
}

#[test]
fn show_secrets_needs_explain() {
    saslenc()
        .args(["plain", "--user", "u", "--pass", "p", "--show-secrets"])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn the_explained_base64_decodes_to_the_bytes() {
    let (stdout, _) = explain(&["login", "--user", "user", "--pass", "pencil"]);
    let lines: Vec<Vec<u8>> = stdout.lines().map(b64decode).collect();
    assert_eq!(lines, vec![b"user".to_vec(), b"pencil".to_vec()]);
}

/// A server-first whose nonce extends the client nonce `abc`, with a
/// small iteration count to keep the tests quick.
const SCRAM_SERVER_FIRST: &str = "r=abcdef,s=QSXCR+Q6sek8bf92,i=64";

fn scram_args<'a>(sub: &'a str, user: &'a str, extra: &[&'a str]) -> Vec<String> {
    let mut args: Vec<String> = [sub, user, "--pass", "pen%s\\cil", "--nonce", "abc"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.push(format!(
        "--server-first={}",
        b64encode(SCRAM_SERVER_FIRST.as_bytes())
    ));
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

#[test]
fn scram_pipelines_run_in_real_shells() {
    for sub in ["scram-sha-1", "scram-sha-256"] {
        // SASLprep refuses control characters in the user name.
        for value in printable_awkward().chain(GS2_AWKWARD.iter().copied()) {
            let user = format!("--user={value}");
            let args = scram_args(sub, &user, &[]);
            let (stdout, report) = explain(&args);
            check(&stdout, &report, 2);
            let authzid = format!("--authzid={value}");
            let args = scram_args(sub, "--user=u", &[&authzid]);
            let (stdout, report) = explain(&args);
            check(&stdout, &report, 2);
        }
        // Without SASLprep a line end may be in the name: the escaped form
        // is then given as is, since $(...) would strip it.
        for value in AWKWARD.iter().chain(GS2_AWKWARD) {
            let user = format!("--user={value}");
            let args = scram_args(sub, &user, &["--no-saslprep"]);
            let (stdout, report) = explain(&args);
            check(&stdout, &report, 2);
        }
    }
}

#[test]
fn scram_reports_show_the_escaped_user_and_mask_the_proof() {
    let args = scram_args("scram-sha-256", "--user=a,b=c", &["--explain"]);
    let output = saslenc().args(&args).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let client_final = String::from_utf8(b64decode(lines[1])).unwrap();
    let proof = client_final.rsplit_once(",p=").unwrap().1;
    assert_eq!(proof.len(), 44, "{client_final}");

    assert!(
        stderr.contains(
            "SCRAM-SHA-256 client-first, initial response\n  bytes (20): n,,n=a=2Cb=3Dc,r=abc\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("    username: a=2Cb=3Dc\n"), "{stderr}");
    assert!(
        stderr.contains(r#"USERNAME=$(printf '%s' "$USER" | sed -e 's/=/=3D/g' -e 's/,/=2C/g')"#),
        "{stderr}"
    );
    assert!(
        stderr.contains("SCRAM-SHA-256 client-final, response to challenge 1 (r=abcdef,"),
        "{stderr}"
    );
    assert!(
        stderr.contains("  bytes (62): c=biws,r=abcdef,p=********\n"),
        "{stderr}"
    );
    assert!(stderr.contains("proof: ******** (44 bytes)"), "{stderr}");
    assert!(stderr.contains("RFC 5802 section 3"), "{stderr}");
    assert!(stderr.contains("cannot compute it"), "{stderr}");
    assert!(!stderr.contains(proof), "{stderr}");
    assert!(!stderr.contains("pen%s"), "{stderr}");

    let shown = saslenc()
        .args(&args)
        .arg("--show-secrets")
        .output()
        .unwrap();
    let shown = String::from_utf8(shown.stderr).unwrap();
    assert!(shown.contains(&format!("PROOF='{proof}'")), "{shown}");
    // The password is not in any message, so not in the report either.
    assert!(!shown.contains("pen%s"), "{shown}");
}

/// SASLprep maps the soft hyphen to nothing: the shell gets the prepared
/// name, and the report says why it differs from what was typed.
#[test]
fn scram_reports_a_name_changed_by_saslprep() {
    let args = scram_args("scram-sha-1", "--user=us\u{ad}er", &[]);
    let (stdout, report) = explain(&args);
    assert!(report.contains("    USER='user'\n"), "{report}");
    assert!(report.contains("SASLprep (RFC 4013) changed"), "{report}");
    check(&stdout, &report, 2);
}

/// In a conversation each client message is explained as it is printed,
/// and the pipelines give the lines printed.
#[test]
fn conversations_explain_each_message() {
    let cram = "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\n235 ok\n";
    // RFC 5802 section 5, with the server's lines as pasted.
    let scram = "334 cj1meWtvK2QybGJiRmdPTlJ2OXFreGRhd0wzcmZjTkhZSlkxWlZ2V1ZzN2oscz1RU1hDUitRNnNlazhiZjkyLGk9NDA5Ng==\n\
                 334 dj1ybUY5cHFWOFM3c3VBb1pXamE0ZEpSa0ZzS1E9\n235 ok\n";
    let nonce = "--nonce=fyko+d2lbbFgONRv9qkxdawL";
    let cases: [(&[&str], &str, usize); 5] = [
        (
            &["login", "--user=u s%er", "--pass", "pe'n\\cil", "-i"],
            "334 VXNlcm5hbWU6\n334 UGFzc3dvcmQ6\n235 ok\n",
            2,
        ),
        (
            &["cram-md5", "--user=tim", "--pass", "tanstaaftanstaaf"],
            cram,
            1,
        ),
        (
            &["scram-sha-1", "--user=user", "--pass", "pencil", nonce],
            scram,
            3,
        ),
        (
            &["oauthbearer", "--user=a,b", "--token", "t0ken", "-i"],
            "334 eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIn0=\n535 no\n",
            2,
        ),
        (
            &["xoauth2", "--user=u", "--token", "t0ken", "-i"],
            "334 eyJzdGF0dXMiOiI0MDEifQ==\n535 no\n",
            2,
        ),
    ];
    for (args, server, messages) in cases {
        let output = saslenc()
            .args(args)
            .args(["--explain", "--show-secrets"])
            .write_stdin(server)
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        // CRAM-MD5's digest is computed with openssl.
        if args[0] != "cram-md5" || have("openssl") {
            check(&stdout, &stderr, messages);
        }
        assert!(
            stderr.contains("response to challenge 1 ("),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn conversation_reports_mask_secrets_unless_asked() {
    let secret = "Zq9-hunter2-secret";
    let output = saslenc()
        .args(["login", "--user", "u", "--pass", secret, "-i", "--explain"])
        .write_stdin("334 VXNlcm5hbWU6\n334 UGFzc3dvcmQ6\n235 ok\n")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("LOGIN response to challenge 2 (Password:)"),
        "{stderr}"
    );
    assert!(stderr.contains("password: ******** (18 bytes)"), "{stderr}");
    assert!(!stderr.contains(secret), "{stderr}");
    assert!(!stderr.contains(&hex::encode(secret)), "{stderr}");
    assert!(
        !recoverable(&stderr, secret),
        "base64 gives it back: {stderr}"
    );
    // SCRAM's empty answer to server-final is an empty line, and says so.
    let output = saslenc()
        .args(["scram-sha-1", "--user=user", "--pass", "pencil", "--explain"])
        .arg("--nonce=fyko+d2lbbFgONRv9qkxdawL")
        .write_stdin(
            "334 cj1meWtvK2QybGJiRmdPTlJ2OXFreGRhd0wzcmZjTkhZSlkxWlZ2V1ZzN2oscz1RU1hDUitRNnNlazhiZjkyLGk9NDA5Ng==\n\
             334 dj1ybUY5cHFWOFM3c3VBb1pXamE0ZEpSa0ZzS1E9\n235 ok\n",
        )
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="), "{stderr}");
    assert!(
        !recoverable(&stderr, "v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="),
        "{stderr}"
    );
    assert!(stderr.contains("proof: ******** (28 bytes)"), "{stderr}");
    assert!(
        stderr.contains("the message is empty: it is sent as an empty line"),
        "{stderr}"
    );
}

/// The CRAM-MD5 pipeline's openssl takes the password as an argument,
/// visible in ps: the report says so where it prints it.
#[test]
fn cram_md5_says_openssl_shows_the_password_in_ps() {
    saslenc()
        .args([
            "cram-md5",
            "-u",
            "tim",
            "--pass",
            "tanstaaftanstaaf",
            "--explain",
        ])
        .arg("--challenge=PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "openssl dgst -hmac takes the password on its command line, where other users",
        ));
}
