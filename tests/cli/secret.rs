//! `saslenc secret`: stored secrets, byte for byte against the worked
//! examples (password `pencil`, salt bytes 00..0f, 4096 iterations), the
//! rules on iterations and formats, batches, `--output`, and `verify`.
//!
//! The SCRAM values were checked with `gsasl --mkpasswd` (Dovecot form)
//! and, for SaltedPassword, StoredKey and ServerKey of every hash, with
//! Python's `hashlib.pbkdf2_hmac` and `hmac`; the `{CRAM-MD5}` value with
//! `doveadm pw -s CRAM-MD5`.

use predicates::prelude::*;

use crate::common::{saslenc, tempdir};

const SALT: &str = "AAECAwQFBgcICQoLDA0ODw==";
const SHA256_KEYS: &str =
    "zHCdol2044/ZyWzPLi7oxApCkamKw9Z+E4U/QApd/5Y=:dd5peBOitVnLNFu7VmwP+HiDaaw4OUCv396eVCWhYiE=";
const DOVECOT_SHA256: &str = "{SCRAM-SHA-256}4096,AAECAwQFBgcICQoLDA0ODw==,zHCdol2044/ZyWzPLi7oxApCkamKw9Z+E4U/QApd/5Y=,dd5peBOitVnLNFu7VmwP+HiDaaw4OUCv396eVCWhYiE=";
const DOVECOT_SHA1: &str = "{SCRAM-SHA-1}4096,AAECAwQFBgcICQoLDA0ODw==,VDlbg2hiPs7Sz96xRXoDeVxwMPk=,4q9hLjotvo0hqzEIvTJY/oC5Boo=";
const CRAM: &str = "{CRAM-MD5}7f47ace0e2af8f6cdeb72c03243a8c87834e19104164d6a42de72d243adb4080";

fn made(args: &[&str]) -> String {
    let out = saslenc()
        .arg("secret")
        .args(args)
        .args(["--pass", "pencil"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn dovecot_vectors() {
    assert_eq!(
        made(&["scram-sha-256", "--salt", SALT]),
        format!("{DOVECOT_SHA256}\n")
    );
    assert_eq!(
        made(&["scram-sha-1", "--salt", SALT]),
        format!("{DOVECOT_SHA1}\n")
    );
    assert_eq!(made(&["cram-md5"]), format!("{CRAM}\n"));
    assert_eq!(
        made(&["scram-sha-256", "--salt", SALT, "--user", "alice"]),
        format!("alice:{DOVECOT_SHA256}\n")
    );
}

#[test]
fn postgres_pgbouncer_rfc5803_vectors() {
    let verifier = format!("SCRAM-SHA-256$4096:{SALT}${SHA256_KEYS}");
    for format in ["postgres", "rfc5803"] {
        assert_eq!(
            made(&["scram-sha-256", "--salt", SALT, "--format", format]),
            format!("{verifier}\n")
        );
    }
    assert_eq!(
        made(&[
            "scram-sha-256",
            "--salt",
            SALT,
            "-F",
            "postgres-sql",
            "-u",
            "Al\"ice"
        ]),
        format!("ALTER ROLE \"Al\"\"ice\" PASSWORD '{verifier}';\n")
    );
    assert_eq!(
        made(&[
            "scram-sha-256",
            "--salt",
            SALT,
            "-F",
            "pgbouncer",
            "-u",
            "a\"b"
        ]),
        format!("\"a\"\"b\" \"{verifier}\"\n")
    );
    assert_eq!(
        made(&["scram-sha-1", "--salt", SALT, "-F", "rfc5803"]),
        format!(
            "SCRAM-SHA-1$4096:{SALT}$VDlbg2hiPs7Sz96xRXoDeVxwMPk=:4q9hLjotvo0hqzEIvTJY/oC5Boo=\n"
        )
    );
    assert_eq!(
        made(&["scram-sha-512", "--salt", SALT, "-F", "rfc5803"]),
        format!(
            "SCRAM-SHA-512$4096:{SALT}$DBrOiJLJVkZeM/lYBjyn8Hk/LQ2RrM3V/Yg5Hd19QfaCFV/oaPeQAMJkwtvBdi4XgARejU3ucE9eDagBMHJ+Vw==:2vDce8mhwQs1RvSfuxS4bDFFONxrAOi/yeePIaiwig2xiC16lQeN+wHOzONm/18VM49JFg9XoAyQ7oHFPavA3g==\n"
        )
    );
}

#[test]
fn kafka_vectors() {
    assert_eq!(
        made(&["scram-sha-256", "--salt", SALT, "-F", "kafka", "-u", "alice"]),
        format!("SCRAM-SHA-256=[name=alice,salt=\"{SALT}\",saltedpassword=\"+kplllC+jNuDJnQERZXpFNfYXFZPbuL1ItxpaaZL5Ok=\",iterations=4096]\n")
    );
    assert_eq!(
        made(&[
            "scram-sha-512",
            "--salt",
            SALT,
            "-F",
            "kafka",
            "-u",
            "alice",
            "-I",
            "8192"
        ])
        .split(',')
        .next_back()
        .unwrap(),
        "iterations=8192]\n"
    );
    assert_eq!(
        made(&["scram-sha-512", "--salt", SALT, "-F", "kafka", "-u", "alice"]),
        format!("SCRAM-SHA-512=[name=alice,salt=\"{SALT}\",saltedpassword=\"8GRCbM+Fd20teFeAkGBM98c/F1VPSnVRy98kzsFTjkQ5Kd7xXPL1iftBmUOUQHFzJRxneEwvb7ernxV2822XFg==\",iterations=4096]\n")
    );
}

#[test]
fn iteration_and_format_rules() {
    for (args, needle) in [
        (&["scram-sha-256", "-I", "4095"][..], "below 4096"),
        (
            &["scram-sha-256", "-F", "kafka", "-u", "a", "-I", "16385"],
            "most Kafka accepts",
        ),
        (&["scram-sha-256", "-I", "10000001"], "above 10000000"),
        (&["scram-sha-1", "-F", "postgres"], "SCRAM-SHA-256 only"),
        (&["scram-sha-512"], "dovecot cannot hold"),
        (&["scram-sha-1", "-F", "kafka", "-u", "a"], "Kafka stores"),
        (&["cram-md5", "-F", "postgres"], "cannot hold"),
        (&["cram-md5", "-I", "5000"], "no iteration count"),
        (&["scram-sha-256", "-F", "pgbouncer"], "names the user"),
        (&["scram-sha-256", "--salt", ""], "salt is empty"),
    ] {
        saslenc()
            .arg("secret")
            .args(args)
            .args(["--pass", "pencil"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(needle));
    }
    let high = made(&["scram-sha-1", "-I", "4096", "--salt", SALT]);
    assert_eq!(high, format!("{DOVECOT_SHA1}\n"));
}

#[test]
fn random_salt_is_16_bytes_and_fresh() {
    let a = made(&["scram-sha-256"]);
    let b = made(&["scram-sha-256"]);
    assert_ne!(a, b);
    let salt = a.split(',').nth(1).unwrap();
    assert_eq!(crate::common::b64decode(salt).len(), 16);
}

#[test]
fn saslprep_note_and_opt_out() {
    // U+00AD SOFT HYPHEN is mapped to nothing: the secret is pencil's.
    let out = saslenc()
        .args([
            "secret",
            "scram-sha-1",
            "--salt",
            SALT,
            "--pass",
            "pen\u{ad}cil",
        ])
        .assert()
        .success()
        .stdout(format!("{DOVECOT_SHA1}\n"))
        .stderr(predicate::str::contains(
            "SASLprep (RFC 4013) changed the password",
        ))
        .stderr(predicate::str::contains("--no-saslprep"))
        .get_output()
        .stderr
        .clone();
    assert!(!String::from_utf8_lossy(&out).contains("pen\u{ad}cil"));
    saslenc()
        .args([
            "secret",
            "scram-sha-1",
            "--salt",
            SALT,
            "--no-saslprep",
            "--pass",
            "pen\u{ad}cil",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(DOVECOT_SHA1).not())
        .stderr("");
    // SASLprep refuses a control character, and says how to go on.
    saslenc()
        .args(["secret", "scram-sha-256", "--pass", "a\u{7}b"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("--no-saslprep"));
}

#[test]
fn no_password_source_without_a_terminal() {
    saslenc()
        .args(["secret", "scram-sha-256"])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn verify_vectors_and_exit_statuses() {
    let verifier = format!("SCRAM-SHA-256$4096:{SALT}${SHA256_KEYS}");
    let pgbouncer = format!("\"alice\" \"{verifier}\"");
    let sql = format!("ALTER ROLE \"alice\" PASSWORD '{verifier}';");
    let passwd = format!("alice:{DOVECOT_SHA1}::::::");
    let kafka = format!("SCRAM-SHA-256=[name=alice,salt=\"{SALT}\",saltedpassword=\"+kplllC+jNuDJnQERZXpFNfYXFZPbuL1ItxpaaZL5Ok=\",iterations=4096]");
    // passlib's documented example, for the password "password".
    let passlib = "$scram$6400$.Z/znnNOKWUsBaCU$sha-1=cRseQyJpnuPGn3e6d6u6JdJWk.0,sha-256=5GcjEbRaUIIci1r6NAMdI9OPZbxl9S5CFR6la9CHXYc";
    for (stored, password) in [
        (DOVECOT_SHA256, "pencil"),
        (DOVECOT_SHA1, "pencil"),
        (CRAM, "pencil"),
        ("{PLAIN}pencil", "pencil"),
        (verifier.as_str(), "pencil"),
        (pgbouncer.as_str(), "pencil"),
        (sql.as_str(), "pencil"),
        (passwd.as_str(), "pencil"),
        (kafka.as_str(), "pencil"),
        (passlib, "password"),
    ] {
        saslenc()
            .args(["secret", "verify", stored, "--pass", password])
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with("match: "));
        saslenc()
            .args(["secret", "verify", stored, "--pass", "pencil2"])
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("does not match"))
            .stderr(predicate::str::contains("pencil2").not());
    }
}

#[test]
fn verify_reports_malformed_without_echoing() {
    for stored in [
        "{SCRAM-SHA-256}4096,AAAA,AAAA",
        "{SCRAM-SHA-256}4096,AAECAwQFBgcICQoLDA0ODw==,zHCd,dd5p",
        "{CRAM-MD5}7f47",
        "hunter2hunter2",
        "SCRAM-SHA-256$4096:AAAA",
        "{NOPE}hunter2hunter2",
    ] {
        saslenc()
            .args(["secret", "verify", stored, "--pass", "secretpw"])
            .assert()
            .code(3)
            .stdout("")
            .stderr(predicate::str::contains("stored secret is malformed"))
            .stderr(predicate::str::contains("hunter2").not())
            .stderr(predicate::str::contains("secretpw").not());
    }
}

#[test]
fn verify_reads_the_stored_secret_from_stdin() {
    saslenc()
        .args(["secret", "verify", "-", "--pass-env", "PW"])
        .env("PW", "pencil")
        .write_stdin(format!("{CRAM}\n"))
        .assert()
        .code(0);
    for source in [&["--pass-stdin"][..], &["--pass-fd", "0"]] {
        saslenc()
            .args(["secret", "verify", "-"])
            .args(source)
            .write_stdin(format!("{CRAM}\n"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "cannot both come from standard input",
            ));
    }
}

/// Blank lines around the one stored secret on standard input are not
/// part of it: a trailing empty line (a heredoc's, an editor's) or CRLF
/// line ends no longer make a false mismatch.
#[test]
fn verify_stdin_ignores_blank_lines_around_the_secret() {
    for input in [
        "{PLAIN}pencil\n\n",
        "\n{PLAIN}pencil\n",
        "{PLAIN}pencil\r\n\r\n",
        "  \n{PLAIN}pencil",
    ] {
        saslenc()
            .args(["secret", "verify", "-", "--pass", "pencil"])
            .write_stdin(input)
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with("match:"));
    }
    // Trailing blanks inside the line are the secret's own.
    saslenc()
        .args(["secret", "verify", "-", "--pass", "pencil"])
        .write_stdin("{PLAIN}pencil \n\n")
        .assert()
        .code(1);
    saslenc()
        .args(["secret", "verify", "-", "--pass", "pencil"])
        .write_stdin("{PLAIN}pencil\n\n{PLAIN}other\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("standard input has 2 lines"));
}

#[test]
fn verify_notes_a_secret_made_without_saslprep() {
    let raw = made(&["scram-sha-256", "--no-saslprep", "--salt", SALT])
        .trim_end()
        .to_owned();
    // pencil has nothing SASLprep changes: the two forms agree.
    assert_eq!(raw, DOVECOT_SHA256);
    let out = saslenc()
        .args([
            "secret",
            "scram-sha-256",
            "--no-saslprep",
            "--pass",
            "pen\u{ad}cil",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let stored = String::from_utf8(out).unwrap();
    saslenc()
        .args([
            "secret",
            "verify",
            stored.trim_end(),
            "--pass",
            "pen\u{ad}cil",
        ])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("not after SASLprep"));
    saslenc()
        .args([
            "secret",
            "verify",
            stored.trim_end(),
            "--pass",
            "pen\u{ad}cil",
            "--no-saslprep",
        ])
        .assert()
        .code(0)
        .stderr("");
    saslenc()
        .args(["secret", "verify", stored.trim_end(), "--pass", "pencil"])
        .assert()
        .code(1);
}

#[test]
fn batch_keeps_order_reports_bad_lines_and_writes_the_rest() {
    let input = "# users\nalice:pencil\nbob\tcGVuY2ls\n\nno-separator-hunter2\n:nouser\ncarol: lead ing\r\ndave:\nerin\thunter2!\n";
    let out = saslenc()
        .args(["secret", "scram-sha-1", "--batch", "-"])
        .write_stdin(input)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("line 5:"))
        .stderr(predicate::str::contains("line 6:"))
        .stderr(predicate::str::contains("line 8:"))
        .stderr(predicate::str::contains(
            "line 9: base64 password is not valid base64",
        ))
        .stderr(predicate::str::contains("4 of 7 lines"))
        .stderr(predicate::str::contains("hunter2").not())
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    let users: Vec<&str> = lines.iter().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(users, ["alice", "bob", "carol"]);
    for (line, password) in lines.iter().zip(["pencil", "pencil", " lead ing"]) {
        saslenc()
            .args(["secret", "verify", line, "--pass", password])
            .assert()
            .code(0);
    }
}

#[test]
fn batch_of_many_is_in_input_order() {
    let input: String = (0..40).map(|i| format!("user{i}:pw{i}\n")).collect();
    let out = saslenc()
        .args(["secret", "cram-md5", "--batch", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    for (i, line) in out.lines().enumerate() {
        let (user, stored) = line.split_once(':').unwrap();
        assert_eq!(user, format!("user{i}"));
        saslenc()
            .args(["secret", "verify", stored, "--pass", &format!("pw{i}")])
            .assert()
            .code(0);
    }
    assert_eq!(out.lines().count(), 40);
}

#[test]
fn batch_formats_name_each_user() {
    let out = saslenc()
        .args(["secret", "scram-sha-256", "-F", "pgbouncer", "--batch", "-"])
        .write_stdin("a\"b:pencil\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(out)
        .unwrap()
        .starts_with("\"a\"\"b\" \"SCRAM-SHA-256$4096:"));
    saslenc()
        .args(["secret", "scram-sha-256", "--batch", "-", "--pass", "x"])
        .assert()
        .code(2);
}

#[test]
fn output_is_written_whole_and_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    // A new file is made 0600 (an existing one keeps its mode: see
    // output_keeps_links_and_modes).
    let path = dir.path().join("passwd");
    saslenc()
        .args([
            "secret",
            "scram-sha-1",
            "--salt",
            SALT,
            "--pass",
            "pencil",
            "--output",
        ])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("{DOVECOT_SHA1}\n")
    );
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    // A batch with a bad line still writes the good ones, in one piece.
    saslenc()
        .args(["secret", "cram-md5", "--batch", "-", "--output"])
        .arg(&path)
        .write_stdin("a:pencil\nbad\n")
        .assert()
        .code(3);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("a:{CRAM}\n")
    );
    // Nothing is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
    // A directory that does not exist: an I/O error, and no file.
    saslenc()
        .args(["secret", "cram-md5", "--pass", "pencil", "--output"])
        .arg(dir.path().join("missing/passwd"))
        .assert()
        .code(4);
}

/// `common::on_terminal` with text answers, each typed with its Enter;
/// the exit status as success, and the screen as text.
fn on_terminal(args: &str, answers: &[(&str, &str)]) -> Option<(bool, String)> {
    let typed: Vec<(&str, Vec<u8>)> = answers
        .iter()
        .map(|(prompt, answer)| (*prompt, format!("{answer}\n").into_bytes()))
        .collect();
    let typed: Vec<(&str, &[u8])> = typed.iter().map(|(p, t)| (*p, &t[..])).collect();
    let (status, seen) = crate::common::on_terminal(args, &typed)?;
    Some((
        status.success(),
        String::from_utf8_lossy(&seen).into_owned(),
    ))
}

#[test]
fn the_prompt_asks_twice_when_creating() {
    let args = format!("secret scram-sha-1 --user alice --salt {SALT}");
    let Some((ok, transcript)) = on_terminal(
        &args,
        &[
            ("New password for alice: ", "pencil"),
            ("Retype the new password: ", "pencil"),
        ],
    ) else {
        return;
    };
    assert!(ok, "{transcript}");
    assert!(
        transcript.contains(&format!("alice:{DOVECOT_SHA1}")),
        "{transcript}"
    );
    assert!(!transcript.contains("pencil"), "echoed: {transcript}");

    let (ok, transcript) = on_terminal(
        &args,
        &[
            ("New password for alice: ", "pencil"),
            ("Retype the new password: ", "pencil2"),
        ],
    )
    .unwrap();
    assert!(!ok, "{transcript}");
    assert!(transcript.contains("differ"), "{transcript}");
    assert!(!transcript.contains("{SCRAM"), "{transcript}");
}

#[test]
fn batch_shows_progress_on_a_terminal_only() {
    let dir = tempdir();
    let users = dir.path().join("users.txt");
    let input: String = (0..5).map(|i| format!("user{i}:pw{i}\n")).collect();
    std::fs::write(&users, &input).unwrap();
    let args = format!("secret scram-sha-256 --batch {}", users.display());
    let Some((ok, transcript)) = on_terminal(&args, &[]) else {
        return;
    };
    assert!(ok, "{transcript}");
    assert!(
        transcript.contains("5 secrets, 100% of the input"),
        "{transcript}"
    );
    assert!(transcript.contains("user4:{SCRAM-SHA-256}"), "{transcript}");
    // Not a terminal: no progress, nothing but the secrets.
    saslenc()
        .args(["secret", "scram-sha-256", "--batch"])
        .arg(&users)
        .assert()
        .success()
        .stderr("");
}

/// `saslenc secret cram-md5 --pass pencil --output PATH`, as a command.
fn cram_to(path: &std::path::Path) -> assert_cmd::assert::Assert {
    saslenc()
        .args(["secret", "cram-md5", "--pass", "pencil", "--output"])
        .arg(path)
        .assert()
}

/// A symbolic link stays a link and its target gets the content; a
/// file's mode is kept; a file with two names is written in place.
#[test]
fn output_keeps_links_and_modes() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempdir();
    let real = dir.path().join("real");
    let link = dir.path().join("passwd");
    std::fs::write(&real, "old\n").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("real", &link).unwrap();
    cram_to(&link).success().stdout("");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), format!("{CRAM}\n"));
    assert_eq!(std::fs::metadata(&real).unwrap().mode() & 0o7777, 0o640);

    let other = dir.path().join("other-name");
    std::fs::hard_link(&real, &other).unwrap();
    let inode = std::fs::metadata(&real).unwrap().ino();
    saslenc()
        .args(["secret", "cram-md5", "--pass", "x", "--output"])
        .arg(&other)
        .assert()
        .success();
    assert_eq!(std::fs::metadata(&real).unwrap().ino(), inode);
    assert_eq!(
        std::fs::read_to_string(&real).unwrap(),
        std::fs::read_to_string(&other).unwrap()
    );
    assert_ne!(std::fs::read_to_string(&real).unwrap(), format!("{CRAM}\n"));
    // A dangling link: the file is made where it points, 0600.
    std::os::unix::fs::symlink("new-target", dir.path().join("dangling")).unwrap();
    cram_to(&dir.path().join("dangling")).success();
    let made = std::fs::metadata(dir.path().join("new-target")).unwrap();
    assert_eq!(made.mode() & 0o777, 0o600);
    // Nothing is left beside them.
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["dangling", "new-target", "other-name", "passwd", "real"]
    );
}

/// As root, the owner and group of the file replaced are kept; a user who
/// cannot give the new file the old one's owner writes nothing.
#[test]
fn output_keeps_the_owner_or_writes_nothing() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if !std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0) {
        eprintln!("skipped: only root can make files of other owners");
        return;
    }
    let dir = tempdir();
    let path = dir.path().join("passwd");
    std::fs::write(&path, "old\n").unwrap();
    std::os::unix::fs::chown(&path, Some(4321), Some(8765)).unwrap();
    cram_to(&path).success();
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4321, 8765));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), format!("{CRAM}\n"));

    // nobody may write the directory and the file, but cannot chown.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    std::fs::write(&path, "old\n").unwrap();
    // A copy of the binary that nobody can run wherever the build is.
    let bin_dir = tempdir();
    std::fs::set_permissions(bin_dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = bin_dir.path().join("saslenc");
    std::fs::copy(assert_cmd::cargo::cargo_bin("saslenc"), &bin).unwrap();
    // The copy was open for writing a moment ago, and a process another
    // test forks meanwhile holds that descriptor until it execs: running
    // the copy then fails with "Text file busy" (ETXTBSY) for a moment.
    let run = || {
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin)
            .args(["secret", "cram-md5", "--pass", "pencil", "--output"])
            .arg(&path)
            .output()
            .expect("setpriv (util-linux) runs")
    };
    let mut out = run();
    for _ in 0..50 {
        if !String::from_utf8_lossy(&out.stderr).contains("Text file busy") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        out = run();
    }
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot be kept"),
        "{out:?}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4321, 8765));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    drop(bin_dir);
}

/// What is not a regular file is written through, never replaced: a
/// FIFO (its reader gets the line), a terminal, standard output by its
/// names, and `-`.
#[test]
fn output_writes_through_what_is_not_a_file() {
    let dir = tempdir();
    let fifo = dir.path().join("fifo");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    cram_to(&fifo).success();
    assert_eq!(reader.join().unwrap(), format!("{CRAM}\n"));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());

    // Standard output (a pipe here) by each of its names.
    for name in ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"] {
        cram_to(std::path::Path::new(name))
            .success()
            .stdout(format!("{CRAM}\n"));
    }
    assert!(!std::path::Path::new("-").exists());

    // A terminal: the pseudo-terminal's other end reads the line.
    let script = r#"
import os, pty, subprocess, sys
master, slave = pty.openpty()
p = subprocess.run([sys.argv[1], "secret", "cram-md5", "--pass", "pencil", "--output", os.ttyname(slave)])
os.close(slave)
print(p.returncode, os.read(master, 1000).decode().strip())
"#;
    if let Ok(out) = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(assert_cmd::cargo::cargo_bin("saslenc"))
        .output()
    {
        assert_eq!(String::from_utf8_lossy(&out.stdout), format!("0 {CRAM}\n"));
    }
    // A directory is refused.
    cram_to(dir.path()).code(4);
}

/// A batch that makes nothing — empty, only comments, or every line bad —
/// leaves the existing file untouched and says why.
#[test]
fn a_batch_that_makes_nothing_writes_nothing() {
    let dir = tempdir();
    let path = dir.path().join("passwd");
    std::fs::write(&path, "kept\n").unwrap();
    for (input, says) in [
        ("", "no user lines"),
        ("# only a comment\n\n", "no user lines"),
        ("bad\nalso-bad\n", "2 of 2 lines"),
    ] {
        saslenc()
            .args(["secret", "cram-md5", "--batch", "-", "--output"])
            .arg(&path)
            .write_stdin(input)
            .assert()
            .code(3)
            .stderr(predicate::str::contains(says));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "kept\n");
    }
}

/// `verify -` takes saslenc's own `user:` lines (the PostgreSQL and RFC 5803
/// forms were split at the verifier's ':'), and refuses more than one
/// line, saying how many came.
#[test]
fn verify_takes_its_own_user_lines_one_at_a_time() {
    for format in [
        "postgres",
        "rfc5803",
        "dovecot",
        "pgbouncer",
        "postgres-sql",
    ] {
        let made = saslenc()
            .args([
                "secret",
                "scram-sha-256",
                "-F",
                format,
                "-u",
                "alice",
                "--pass",
                "p",
            ])
            .output()
            .unwrap();
        assert!(made.status.success(), "{made:?}");
        saslenc()
            .args(["secret", "verify", "-", "--pass", "p"])
            .write_stdin(made.stdout.clone())
            .assert()
            .success()
            .stdout(predicate::str::starts_with("match:"));
    }
    saslenc()
        .args(["secret", "verify", "-", "--pass", "x"])
        .write_stdin("a:{PLAIN}x\nb:{PLAIN}y\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("standard input has 2 lines"));
}

/// The first line of `child`'s standard output, or `None` if none comes
/// within a minute (the child is left running for the caller to end).
fn first_line_of(child: &mut std::process::Child) -> Option<String> {
    use std::io::BufRead;
    let stdout = child.stdout.take().unwrap();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = send.send(line);
    });
    receive
        .recv_timeout(std::time::Duration::from_secs(60))
        .ok()
}

/// A batch writes each line as it is made: the first user's line comes
/// out while standard input is still open (the whole input used to be
/// read, and every secret made, before anything was written).
#[test]
fn batch_streams_lines_while_input_is_still_coming() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("saslenc"))
        .args(["secret", "cram-md5", "--batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"a:pencil\n").unwrap();
    stdin.flush().unwrap();
    let line = first_line_of(&mut child);
    drop(stdin);
    let status = child.wait().unwrap();
    assert_eq!(line.as_deref(), Some(format!("a:{CRAM}\n").as_str()));
    assert!(status.success());
}

/// With --output, lines go to the temporary file as they are made and the
/// file is replaced only once the input has ended.
#[test]
fn batch_output_is_replaced_only_at_the_end() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = tempdir();
    let path = dir.path().join("passwd");
    std::fs::write(&path, "old\n").unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("saslenc"))
        .args(["secret", "cram-md5", "--batch", "-", "--output"])
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"a:pencil\n").unwrap();
    stdin.flush().unwrap();
    let temp = filled_temporary(dir.path(), "passwd", child.id(), &format!("a:{CRAM}\n"));
    let filled = temp.is_some();
    let temp = temp.unwrap_or_default();
    // Checked before the input ends: the old content is still in place.
    let before = std::fs::read_to_string(&path).unwrap();
    stdin.write_all(b"b:pencil\n").unwrap();
    drop(stdin);
    assert!(child.wait().unwrap().success());
    assert!(filled, "the first line never reached the temporary file");
    assert_eq!(before, "old\n");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("a:{CRAM}\nb:{CRAM}\n")
    );
    assert!(!temp.exists());
}

/// The temporary file `.NAME.saslenc-PID-RANDOM.tmp` in `dir`, once it
/// holds `content` (waiting up to a minute), or `None`.
fn filled_temporary(
    dir: &std::path::Path,
    name: &str,
    pid: u32,
    content: &str,
) -> Option<std::path::PathBuf> {
    let prefix = format!(".{name}.saslenc-{pid}-");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let file_name = entry.file_name().into_string().unwrap();
            let random = file_name
                .strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix(".tmp"));
            // 64 random bits in hex after the PID.
            if random.is_some_and(|r| r.len() == 16 && r.bytes().all(|b| b.is_ascii_hexdigit()))
                && std::fs::read_to_string(entry.path()).is_ok_and(|t| t == content)
            {
                return Some(entry.path());
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    None
}

/// SIGINT, SIGTERM or SIGHUP in the middle of a batch: the temporary file
/// with the secrets made so far is removed, the output is left as it
/// was, and the process dies of the signal, as it would have.
#[test]
fn an_interrupted_batch_removes_its_temporary_file() {
    use std::io::Write;
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    for (signal, number) in [("INT", 2), ("TERM", 15), ("HUP", 1)] {
        let dir = tempdir();
        let path = dir.path().join("passwd");
        std::fs::write(&path, "old\n").unwrap();
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("saslenc"))
            .args(["secret", "cram-md5", "--batch", "-", "--output"])
            .arg(&path)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"a:pencil\n").unwrap();
        stdin.flush().unwrap();
        let temp = filled_temporary(dir.path(), "passwd", child.id(), &format!("a:{CRAM}\n"));
        let killed = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        drop(stdin);
        let temp = temp.expect("the first line reached the temporary file");
        assert_eq!(status.signal(), Some(number), "SIG{signal}: {status:?}");
        assert!(!temp.exists(), "SIG{signal} left {}", temp.display());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "SIG{signal}: {names:?}");
    }
}

/// In a world-writable sticky directory (as `/tmp`), what the kernel's
/// fs.protected_symlinks and fs.protected_regular refuse, saslenc
/// refuses: another user's symbolic link is not followed, another user's
/// file is not replaced (exit 4, nothing written); the directory owner's
/// link and our own are followed. Needs root, to make files of another
/// user (uid 65534) in a temporary directory; skipped otherwise.
#[test]
fn output_in_a_sticky_directory_refuses_what_the_kernel_would() {
    use std::os::unix::fs::{lchown, PermissionsExt};
    let dir = tempdir();
    let sticky = dir.path().join("tmp");
    std::fs::create_dir(&sticky).unwrap();
    std::fs::set_permissions(&sticky, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious\n").unwrap();
    let link = sticky.join("out");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    if lchown(&link, Some(65534), Some(65534)).is_err() {
        eprintln!("skipped: making a link of another user needs root");
        return;
    }
    cram_to(&link)
        .code(4)
        .stdout("")
        .stderr(predicate::str::contains("fs.protected_symlinks"))
        .stderr(predicate::str::contains("owned by uid 65534"));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    // Outside a sticky directory the same link is followed.
    std::fs::set_permissions(&sticky, std::fs::Permissions::from_mode(0o0777)).unwrap();
    cram_to(&link).success();
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        format!("{CRAM}\n")
    );
    std::fs::write(&victim, "precious\n").unwrap();
    // Sticky again, the link now ours (the directory's owner's): followed.
    std::fs::set_permissions(&sticky, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let me = std::fs::metadata(&sticky).unwrap();
    use std::os::unix::fs::MetadataExt;
    lchown(&link, Some(me.uid()), Some(me.gid())).unwrap();
    cram_to(&link).success();
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        format!("{CRAM}\n")
    );
    // Another user's regular file there is not replaced.
    let planted = sticky.join("planted");
    std::fs::write(&planted, "theirs\n").unwrap();
    lchown(&planted, Some(65534), Some(65534)).unwrap();
    cram_to(&planted)
        .code(4)
        .stderr(predicate::str::contains("fs.protected_regular"));
    assert_eq!(std::fs::read_to_string(&planted).unwrap(), "theirs\n");
    assert_eq!(std::fs::metadata(&planted).unwrap().uid(), 65534);
}

/// A file with several links is written in place only once the whole
/// output is known, and locked (flock) from the start: while a batch
/// runs, the file still holds its old content and /proc/locks shows the
/// batch's lock; a second writer while another holds the lock is refused
/// (exit 4), the file untouched.
#[test]
fn output_with_several_links_is_written_whole_and_locked() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = tempdir();
    let path = dir.path().join("passwd");
    std::fs::write(&path, "old\n").unwrap();
    std::fs::hard_link(&path, dir.path().join("second-name")).unwrap();
    // Read from /proc/locks, which takes no lock itself (polling with
    // `flock -n` would hold the lock for an instant and collide with the
    // batch's own attempt): a FLOCK line of the batch's pid on the inode.
    let inode = {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(&path).unwrap().ino()
    };
    let locked_by = |pid: u32| {
        std::fs::read_to_string("/proc/locks").is_ok_and(|locks| {
            locks.lines().any(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                fields.get(1) == Some(&"FLOCK")
                    && fields.get(4) == Some(&pid.to_string().as_str())
                    && fields
                        .get(5)
                        .and_then(|dev_inode| dev_inode.rsplit(':').next())
                        == Some(inode.to_string().as_str())
            })
        })
    };
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("saslenc"))
        .args(["secret", "cram-md5", "--batch", "-", "--output"])
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"a:pencil\n").unwrap();
    stdin.flush().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !locked_by(child.id()) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    if !locked_by(child.id()) {
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        panic!("the batch never locked the file: {out:?}");
    }
    // Give the first line time to be made: it must not reach the file.
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
    // A second writer meanwhile is refused.
    saslenc()
        .args(["secret", "cram-md5", "--pass", "x", "--output"])
        .arg(&path)
        .assert()
        .code(4)
        .stderr(predicate::str::contains("holds a lock on it"));
    stdin.write_all(b"b:pencil\n").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("second-name")).unwrap(),
        format!("a:{CRAM}\nb:{CRAM}\n")
    );
}

/// Where `>` would refuse, and where a rename cannot go: a file this
/// user cannot write (0444) is refused, exit 4, untouched (run as
/// `nobody` through runuser; skipped when that cannot be done), and a
/// file bind-mounted over the path (in a mount namespace of its own,
/// `unshare -m`; skipped without one) is written in place.
#[test]
fn output_refuses_a_read_only_file_and_writes_through_a_bind_mount() {
    use std::os::unix::fs::{chown, PermissionsExt};
    use std::process::Command;
    let dir = tempdir();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let read_only = dir.path().join("ro");
    std::fs::write(&read_only, "kept\n").unwrap();
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o444)).unwrap();
    let binary = assert_cmd::cargo::cargo_bin("saslenc");
    if chown(&read_only, Some(65534), Some(65534)).is_ok() {
        let out = Command::new("runuser")
            .args(["-u", "nobody", "--"])
            .arg(&binary)
            .args(["secret", "cram-md5", "--pass", "pencil", "--output"])
            .arg(&read_only)
            .output()
            .ok()
            .filter(|o| o.status.code() != Some(125) && o.status.code() != Some(126));
        if let Some(out) = out {
            assert_eq!(out.status.code(), Some(4), "{out:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains("not writable for this user (mode 0444"),
                "{err}"
            );
            assert_eq!(std::fs::read_to_string(&read_only).unwrap(), "kept\n");
        } else {
            eprintln!("skipped: cannot run as nobody");
        }
    } else {
        eprintln!("skipped: making a file of another user needs root");
    }
    let source = dir.path().join("source");
    let mounted = dir.path().join("mounted");
    std::fs::write(&source, "old\n").unwrap();
    std::fs::write(&mounted, "under\n").unwrap();
    let script = format!(
        "mount --bind '{}' '{}' && exec '{}' secret cram-md5 --pass pencil --output '{}'",
        source.display(),
        mounted.display(),
        binary.display(),
        mounted.display()
    );
    let out = Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .output()
        .unwrap();
    if String::from_utf8_lossy(&out.stderr).contains("unshare")
        || String::from_utf8_lossy(&out.stderr).contains("mount:")
    {
        eprintln!("skipped: no private mount namespace ({out:?})");
        return;
    }
    assert!(out.status.success(), "{out:?}");
    // Written through the mount into its source; what lies under the
    // mount point is untouched, and no temporary file is left.
    assert_eq!(
        std::fs::read_to_string(&source).unwrap(),
        format!("{CRAM}\n")
    );
    assert_eq!(std::fs::read_to_string(&mounted).unwrap(), "under\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}

/// A FIFO that gets nothing (every batch line bad) is opened and closed,
/// so that its reader ends instead of waiting forever.
#[test]
fn a_fifo_that_gets_nothing_still_sees_its_end() {
    use std::process::{Command, Stdio};
    let dir = tempdir();
    let fifo = dir.path().join("fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let mut reader = Command::new("cat")
        .arg(&fifo)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the reader is in its open of the FIFO, waiting for a
    // writer (the kernel's wchan: wait_for_partner), so that saslenc's
    // open finds it there.
    let wchan = format!("/proc/{}/wchan", reader.id());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::fs::read_to_string(&wchan).map_or(true, |w| w != "wait_for_partner")
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    saslenc()
        .args(["secret", "scram-sha-256", "--batch", "-", "--output"])
        .arg(&fifo)
        .write_stdin("no separator\n:empty user\n")
        .assert()
        .code(3);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while reader.try_wait().unwrap().is_none() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let ended = reader.try_wait().unwrap().is_some();
    if !ended {
        let _ = reader.kill();
    }
    let out = reader.wait_with_output().unwrap();
    assert!(ended, "the FIFO's reader was left waiting");
    assert!(out.stdout.is_empty());
}

/// `--output /dev/stdout` when standard output is a socket (systemd's
/// journal): written as standard output, not opened anew (ENXIO).
#[test]
fn output_dev_stdout_works_on_a_socket() {
    use std::io::Read;
    use std::os::unix::net::UnixStream;
    use std::process::{Command, Stdio};
    let (mine, theirs) = UnixStream::pair().unwrap();
    let status = Command::new(assert_cmd::cargo::cargo_bin("saslenc"))
        .args([
            "secret",
            "cram-md5",
            "--pass",
            "pencil",
            "--output",
            "/dev/stdout",
        ])
        .stdout(Stdio::from(std::os::fd::OwnedFd::from(theirs)))
        .status()
        .unwrap();
    assert!(status.success(), "{status:?}");
    mine.shutdown(std::net::Shutdown::Write).unwrap();
    let mut got = String::new();
    (&mine).read_to_string(&mut got).unwrap();
    assert_eq!(got, format!("{CRAM}\n"));
}

/// Input is no longer capped at 64 MiB: 65 MiB of comments and then one
/// user. A line longer than 2 MiB is an error for that line alone.
#[test]
fn batch_input_of_any_size_with_a_bound_per_line() {
    let mut input = Vec::with_capacity(66 << 20);
    let comment = format!("#{}\n", "x".repeat(1023));
    while input.len() < 65 << 20 {
        input.extend_from_slice(comment.as_bytes());
    }
    input.extend_from_slice(b"a:pencil\n");
    saslenc()
        .args(["secret", "cram-md5", "--batch", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(format!("a:{CRAM}\n"));

    let long = format!("b:{}\n", "p".repeat(2 << 20));
    saslenc()
        .args(["secret", "cram-md5", "--batch", "-"])
        .write_stdin(format!("a:pencil\n{long}c:pencil\n"))
        .assert()
        .code(3)
        .stdout(format!("a:{CRAM}\nc:{CRAM}\n"))
        .stderr(predicate::str::contains(
            "line 2: the line is longer than 2097152 bytes",
        ))
        .stderr(predicate::str::contains("1 of 3 lines"))
        .stderr(predicate::str::contains("ppp").not());
}

/// A UTF-8 byte order mark is not part of the first user name; a note
/// says it was skipped.
#[test]
fn batch_skips_a_byte_order_mark() {
    saslenc()
        .args(["secret", "cram-md5", "--batch", "-"])
        .write_stdin("\u{feff}alice:pencil\n")
        .assert()
        .success()
        .stdout(format!("alice:{CRAM}\n"))
        .stderr(predicate::str::contains("byte order mark"));
    // Only at the start: elsewhere it is part of the name, as typed.
    saslenc()
        .args(["secret", "cram-md5", "--batch", "-"])
        .write_stdin("alice:pencil\n\u{feff}bob:pencil\n")
        .assert()
        .success()
        .stdout(format!("alice:{CRAM}\n\u{feff}bob:{CRAM}\n"))
        .stderr(predicate::str::contains(
            "warning: the user names of line 2 start with a UTF-8 byte order mark",
        ));
    // In a password file, it is kept, with a warning.
    saslenc()
        .args(["secret", "cram-md5", "--pass", "\u{feff}pencil"])
        .assert()
        .success()
        .stdout(predicate::str::contains(CRAM).not())
        .stderr(predicate::str::contains(
            "password starts with a UTF-8 byte order mark",
        ));
    // verify says it too, where it explains a mismatch.
    let dir = crate::common::tempdir();
    let file = dir.path().join("pass");
    std::fs::write(&file, "\u{feff}pencil\n").unwrap();
    saslenc()
        .args(["secret", "verify", CRAM])
        .arg("--pass-file")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "password starts with a UTF-8 byte order mark",
        ));
}

/// A CRAM-MD5 secret for a password SASLprep changes says that gsasl's
/// client, which applies SASLprep, will not log in with it; one for a
/// password SASLprep keeps says nothing.
#[test]
fn cram_md5_notes_gsasls_saslprep() {
    saslenc()
        .args(["secret", "cram-md5", "--pass", "pen\u{ad}cil"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "gsasl's CRAM-MD5 client applies SASLprep",
        ));
    saslenc()
        .args(["secret", "cram-md5", "--pass", "pencil"])
        .assert()
        .success()
        .stderr("");
    saslenc()
        .args(["secret", "cram-md5", "--batch", "-"])
        .write_stdin("a:pencil\nb:p\u{a0}w\n")
        .assert()
        .success()
        .stderr(
            predicate::str::contains("these passwords").and(predicate::str::contains("(line 2)")),
        );
}

/// A user named twice is written twice, with a warning naming both lines;
/// past ten, duplicates are counted.
#[test]
fn batch_warns_of_duplicate_users_with_both_lines() {
    saslenc()
        .args(["secret", "cram-md5", "--batch", "-"])
        .write_stdin("alice:pencil\nbob:pencil\n# c\nalice:other\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("alice:").count(2))
        .stderr(predicate::str::contains(
            "warning: line 4: the user on line 1 comes again; a passwd-file reader such as \
             Dovecot's uses the first entry for a user",
        ))
        .stderr(predicate::str::contains("other").not());
    let input: String = (0..13).map(|i| format!("same:pw{i}\n")).collect();
    let out = saslenc()
        .args(["secret", "cram-md5", "--batch", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert_eq!(err.matches("comes again").count(), 10, "{err}");
    assert!(err.contains("line 11: the user on line 1"), "{err}");
    assert!(
        err.contains("12 user names come more than once (2 more than listed above)"),
        "{err}"
    );
}

/// The SASLprep note counts the lines it changed and lists the first few,
/// not all of them.
#[test]
fn batch_saslprep_note_counts_and_lists_the_first_lines() {
    let input: String = (1..=8)
        .map(|i| {
            if i == 2 {
                "plain:pencil\n".to_owned()
            } else {
                format!("u{i}:pen\u{ad}cil\n")
            }
        })
        .collect();
    saslenc()
        .args(["secret", "scram-sha-256", "--batch", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "changed the passwords of 7 lines (the first: 1, 3, 4, 5, 6) before hashing",
        ));
    saslenc()
        .args(["secret", "scram-sha-256", "--batch", "-"])
        .write_stdin("a:pencil\nb:pen\u{ad}cil\n")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "changed the passwords of line 2 before hashing",
        ));
}

/// `--salt`: at least 8 bytes (RFC 8018) and at most 1024 (libpq refuses a
/// longer server-first message), each refusal with its reason.
#[test]
fn salt_length_is_bounded_with_reasons() {
    use crate::common::b64encode;
    for (len, needle) in [
        (1, "the salt is 1 byte; at least 8 are needed (RFC 8018"),
        (7, "the salt is 7 bytes; at least 8"),
        (
            1025,
            "the salt is 1025 bytes; at most 1024 are taken, since libpq",
        ),
        (1600, "the salt is 1600 bytes"),
    ] {
        saslenc()
            .args(["secret", "scram-sha-256", "--pass", "pencil", "--salt"])
            .arg(b64encode(&vec![0x5a; len]))
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(needle));
    }
    for len in [8, 1024] {
        let out = made(&[
            "scram-sha-256",
            "-F",
            "postgres",
            "--salt",
            &b64encode(&vec![0x5a; len]),
        ]);
        let salt = out.split(['$', ':']).nth(2).unwrap();
        assert_eq!(crate::common::b64decode(salt), vec![0x5a; len]);
    }
}

/// Lengths the rules count in bytes are said in bytes, and a malformed
/// `{CRAM-MD5}` says what is wrong with it.
#[test]
fn messages_count_bytes_and_say_what_is_wrong() {
    // 32 characters, 64 bytes: over PostgreSQL's 63-byte role names.
    saslenc()
        .args([
            "secret",
            "scram-sha-256",
            "-F",
            "postgres-sql",
            "--pass",
            "p",
            "-u",
        ])
        .arg("é".repeat(32))
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "user is 64 bytes long; PostgreSQL cuts",
        ));
    // 32 characters of two bytes each: 64 bytes, but not hex digits.
    let stored = format!("{{CRAM-MD5}}{}", "é".repeat(32));
    saslenc()
        .args(["secret", "verify", &stored, "--pass", "p"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "{CRAM-MD5} is followed by 64 bytes, but byte 0 of them is not a hex digit",
        ));
    let stored = format!("{{CRAM-MD5}}{}g{}", "0".repeat(5), "0".repeat(58));
    saslenc()
        .args(["secret", "verify", &stored, "--pass", "p"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "byte 5 of them is not a hex digit",
        ));
    saslenc()
        .args(["secret", "verify", &CRAM[..CRAM.len() - 1], "--pass", "p"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "{CRAM-MD5} is followed by 63 bytes, not 64: Dovecot writes the two MD5 states as \
             64 hex digits",
        ));
}

/// A password SASLprep maps to nothing (U+00AD alone) is hashed by
/// PostgreSQL as typed (`pg_saslprep` refuses an empty result): the
/// verifier of the bytes C2 AD, computed with Python's hashlib
/// (`pbkdf2_hmac("sha256", b"\xc2\xad", bytes(range(16)), 4096)`, then
/// RFC 5802's keys), not that of the empty string. Other formats refuse
/// the password rather than store a secret of the empty password, except
/// Kafka's, which hashes every password as typed.
#[test]
fn a_password_saslprep_maps_to_nothing_follows_each_target() {
    const OF_C2_AD: &str = "SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$\
        SZkxrvFFqAD5aFlZQn4lVuZycZZKMFRT8rog3aIS6/o=:/J5Er/A3ylR51P4oIB5DsbkgDmuvrVlRZVYC6A5U8Zs=";
    const OF_EMPTY_STORED_KEY: &str = "nJ7NIpEhGWYJgkXlH8+EU0un6/m20+gSgCnEi8kapIM=";
    saslenc()
        .args(["secret", "scram-sha-256", "-F", "postgres", "--salt", SALT])
        .args(["--pass", "\u{ad}"])
        .assert()
        .success()
        .stdout(format!("{OF_C2_AD}\n"));
    saslenc()
        .args(["secret", "verify", OF_C2_AD, "--pass", "\u{ad}"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("match:"));
    // The empty string's verifier is no match for it under PostgreSQL's
    // rule: libpq would send C2 AD.
    let empty = OF_C2_AD.replace(
        "SZkxrvFFqAD5aFlZQn4lVuZycZZKMFRT8rog3aIS6/o=:/J5Er/A3ylR51P4oIB5DsbkgDmuvrVlRZVYC6A5U8Zs=",
        &format!("{OF_EMPTY_STORED_KEY}:s24L6krFXWqocZ+wwtUc/8hxenyJ5AnMUHAahlBS4uY="),
    );
    saslenc()
        .args(["secret", "verify", &empty, "--pass", "\u{ad}"])
        .assert()
        .code(1);
    for args in [&["scram-sha-256"][..], &["scram-sha-1", "-F", "rfc5803"]] {
        saslenc()
            .arg("secret")
            .args(args)
            .args(["--pass", "\u{ad}\u{feff}"])
            .assert()
            .code(3)
            .stdout("")
            .stderr(predicate::str::contains("nothing is left after mapping"));
    }
}

/// The SASLprep notes say what is true for the target: PostgreSQL applies
/// SASLprep itself (so psql logs in), Kafka does not, and a password
/// SASLprep refuses is hashed as typed by PostgreSQL too.
#[test]
fn saslprep_notes_are_true_per_target() {
    let note = |args: &[&str], password: &str| {
        let out = saslenc()
            .arg("secret")
            .args(args)
            .args(["--pass", password])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (_, err) = note(&["scram-sha-256", "-F", "postgres"], "pen\u{ad}cil");
    assert!(err.contains("as PostgreSQL does itself"), "{err}");
    assert!(!err.contains("add --no-saslprep"), "{err}");
    // Kafka hashes the password as typed, on both sides: so does saslenc,
    // with or without --no-saslprep, and says nothing.
    let kafka = ["scram-sha-256", "-F", "kafka", "-u", "a", "--salt", SALT];
    let (made_kafka, err) = note(&kafka, "pen\u{ad}cil");
    assert!(err.is_empty(), "{err}");
    let (raw_kafka, _) = note(&[&kafka[..], &["--no-saslprep"]].concat(), "pen\u{ad}cil");
    assert_eq!(made_kafka, raw_kafka);
    let (out, _) = note(&["verify", made_kafka.trim_end()], "pen\u{ad}cil");
    assert!(out.starts_with("match:"), "{out}");
    // One made after SASLprep ("pencil") is no match for Kafka's clients,
    // which send the password as typed; a note says why.
    let (of_pencil, _) = note(&kafka, "pencil");
    let out = saslenc()
        .args([
            "secret",
            "verify",
            of_pencil.trim_end(),
            "--pass",
            "pen\u{ad}cil",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Kafka's clients hash the password as typed"),
        "{err}"
    );
    let (_, err) = note(&["scram-sha-256"], "pen\u{ad}cil");
    assert!(err.contains("doveadm pw"), "{err}");

    // ASCII is kept as is by PostgreSQL's pg_saslprep, control characters
    // included: made with or without --no-saslprep, the same verifier, and
    // verify says nothing more than "match".
    let args = ["scram-sha-256", "-F", "postgres", "--salt", SALT];
    let (stored, err) = note(&args, "a\u{7}b");
    assert!(err.is_empty(), "{err}");
    let (raw, _) = note(&[&args[..], &["--no-saslprep"]].concat(), "a\u{7}b");
    assert_eq!(stored, raw);
    let (out, err) = note(&["verify", stored.trim_end()], "a\u{7}b");
    assert!(out.starts_with("match:"), "{out}");
    assert!(err.is_empty(), "{err}");
    // A password SASLprep refuses (an emoji, unassigned in Unicode 3.2) or
    // maps to nothing (a soft hyphen alone): PostgreSQL hashes it as typed,
    // so does saslenc, each with a note, and verify says why it matches.
    for (password, why) in [
        ("\u{1f600}", "refuses a character"),
        ("\u{ad}", "maps every character of the password to nothing"),
    ] {
        let (stored, err) = note(&args, password);
        assert!(err.contains("hashed as typed"), "{err}");
        assert!(err.contains(why), "{err}");
        let (raw, _) = note(&[&args[..], &["--no-saslprep"]].concat(), password);
        assert_eq!(stored, raw, "{password:?}");
        let (out, err) = note(&["verify", stored.trim_end()], password);
        assert!(out.starts_with("match:"), "{out}");
        assert!(err.contains("the password matches as typed"), "{err}");
        assert!(err.contains(why), "{err}");
        assert!(!err.contains("will fail"), "{err}");
    }
    // A password SASLprep changes, stored without it: PostgreSQL never
    // makes that, and psql will fail.
    let (stored, _) = note(
        &["scram-sha-256", "-F", "postgres", "--no-saslprep"],
        "pen\u{ad}cil",
    );
    let (_, err) = note(&["verify", stored.trim_end()], "pen\u{ad}cil");
    assert!(err.contains("which PostgreSQL never does"), "{err}");
    assert!(
        err.contains("psql and other clients that apply SASLprep"),
        "{err}"
    );
    let (stored, _) = note(&["scram-sha-256", "--no-saslprep"], "pen\u{ad}cil");
    let (_, err) = note(&["verify", stored.trim_end()], "pen\u{ad}cil");
    assert!(err.contains("as doveadm pw and Kafka make them"), "{err}");
}

/// `verify` answers for the reader of the text: a verifier PostgreSQL
/// would store as a plain password (unpadded base64), a Dovecot count
/// Dovecot refuses, a Kafka credential kafka-storage refuses or reads
/// ambiguously are malformed: exit 3, one line naming the field and the
/// rule, never "match".
#[test]
fn verify_refuses_what_the_reader_refuses() {
    let pg = "SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$\
              zHCdol2044/ZyWzPLi7oxApCkamKw9Z+E4U/QApd/5Y:\
              dd5peBOitVnLNFu7VmwP+HiDaaw4OUCv396eVCWhYiE=";
    let dovecot = "{SCRAM-SHA-256}4095,AAECAwQFBgcICQoLDA0ODw==,\
                   zHCdol2044/ZyWzPLi7oxApCkamKw9Z+E4U/QApd/5Y=,\
                   dd5peBOitVnLNFu7VmwP+HiDaaw4OUCv396eVCWhYiE=";
    let kafka = "SCRAM-SHA-256=[salt=\"AAECAwQFBgcICQoLDA0ODw==\",\
                 saltedpassword=\"+kplllC+jNuDJnQERZXpFNfYXFZPbuL1ItxpaaZL5Ok=\",iterations=4096]";
    let kafka_twice = "SCRAM-SHA-256=[name=alice,salt=\"AAECAwQFBgcICQoLDA0ODw==\",\
                       salt=\"AAECAwQFBgcICQoLDA0ODw==\",\
                       saltedpassword=\"+kplllC+jNuDJnQERZXpFNfYXFZPbuL1ItxpaaZL5Ok=\",iterations=4096]";
    let kafka_many = "SCRAM-SHA-256=[name=alice,salt=\"AAECAwQFBgcICQoLDA0ODw==\",\
                      saltedpassword=\"+kplllC+jNuDJnQERZXpFNfYXFZPbuL1ItxpaaZL5Ok=\",iterations=20000]";
    for (text, rule) in [
        (pg, "its StoredKey is base64 without its '=' padding"),
        (
            dovecot,
            "iteration count 4095 is outside 4096 to 2147483647, the counts Dovecot accepts",
        ),
        (kafka, "has no name="),
        (kafka_twice, "gives salt= twice"),
        (
            kafka_many,
            "iteration count 20000 is outside 4096 to 16384, the counts Kafka accepts",
        ),
    ] {
        let out = saslenc()
            .args(["secret", "verify", text, "--pass", "pencil"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{text}: {out:?}");
        assert!(out.stdout.is_empty(), "{text}: {out:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(rule), "{text}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!err.contains("pencil"), "{err}");
    }
    // The same texts, well formed, match (the Kafka one is the
    // documentation's worked example).
    for text in [
        pg.replacen("/5Y:", "/5Y=:", 1),
        dovecot.replacen("4095,", "4096,", 1),
        kafka.replacen("[salt", "[name=alice,salt", 1),
    ] {
        saslenc()
            .args(["secret", "verify", &text, "--pass", "pencil"])
            .assert()
            .success()
            .stdout(predicate::str::starts_with("match:"));
    }
}

/// Dovecot's `{DIGEST-MD5}`: MD5 of user:realm:password, the realm after
/// the last `@` of --user; the values are `doveadm pw -s DIGEST-MD5 -u
/// user@realm -p pencil` and `-u user`. No --user is a usage error; a bare
/// `{DIGEST-MD5}` cannot be verified without its user (exit 3).
#[test]
fn digest_md5_secret() {
    for (user, line) in [
        (
            "user@realm",
            "user@realm:{DIGEST-MD5}4c81761cb45c1d0e9a64c0e7ed8883a2\n",
        ),
        (
            "user",
            "user:{DIGEST-MD5}dcea7dc1023b1e8a920c5260f2c65188\n",
        ),
    ] {
        saslenc()
            .args(["secret", "digest-md5", "--user", user, "--pass", "pencil"])
            .assert()
            .success()
            .stdout(line);
        saslenc()
            .args(["secret", "verify", line.trim_end(), "--pass", "pencil"])
            .assert()
            .success();
        saslenc()
            .args(["secret", "verify", line.trim_end(), "--pass", "pencik"])
            .assert()
            .code(1);
    }
    saslenc()
        .args(["secret", "digest-md5", "--pass", "pencil"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("user:realm:password"));
    saslenc()
        .args([
            "secret",
            "verify",
            "{DIGEST-MD5}4c81761cb45c1d0e9a64c0e7ed8883a2",
            "--pass",
            "pencil",
        ])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("passwd-file line"));
    saslenc()
        .args([
            "secret",
            "digest-md5",
            "-u",
            "u",
            "--iterations",
            "5000",
            "--pass",
            "p",
        ])
        .assert()
        .code(2);
}

/// The NT hash: MD4 of the UTF-16LE password. "password" gives the
/// published 8846f7ea…; "Password" MS-NLMP section 4.2.2.1.2's NTOWFv1
/// a4f49c40…; a non-ASCII one what `iconv -t UTF-16LE | openssl dgst
/// -md4 -provider legacy` gives. A note says it is password-equivalent.
#[test]
fn nt_hash_secret() {
    for (password, hash) in [
        ("password", "8846f7eaee8fb117ad06bdd830b7586c"),
        ("Password", "a4f49c406510bdcab6824ee7c30fd852"),
        ("pässwörd€", "7f20bf6e69d97371914a8807579cab5c"),
    ] {
        saslenc()
            .args(["secret", "nt-hash", "--pass", password])
            .assert()
            .success()
            .stdout(format!("{{NTLM}}{hash}\n"))
            .stderr(predicates::str::contains("pass-the-hash"));
        let stored = format!("alice:{{NTLM}}{hash}");
        saslenc()
            .args(["secret", "verify", &stored, "--pass", password])
            .assert()
            .success();
        saslenc()
            .args([
                "secret",
                "verify",
                &stored,
                "--pass",
                &format!("{password}1"),
            ])
            .assert()
            .code(1);
    }
    saslenc()
        .args(["secret", "verify", "{NTLM}8846f7ea", "--pass", "password"])
        .assert()
        .code(3);
}
