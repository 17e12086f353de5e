//! Each subcommand's help ends with worked examples, and the examples of
//! decode, completions and --explain are the ones docs/decode.md gives.

use crate::common::saslenc;

fn help(args: &[&str]) -> String {
    let output = saslenc().args(args).arg("--help").output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

/// The encoders, each of which takes --explain and shows it in its
/// examples.
const ENCODERS: &[&str] = &[
    "plain",
    "login",
    "cram-md5",
    "xoauth2",
    "oauthbearer",
    "external",
    "anonymous",
    "scram-sha-1",
    "scram-sha-256",
];

/// The lines of the help's Examples block, without trailing comments.
fn examples(help: &str) -> Vec<String> {
    help.split("Examples:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no Examples block in {help}"))
        .lines()
        .take_while(|line| !line.is_empty())
        .map(|line| line.split("   #").next().unwrap().trim().to_owned())
        .collect()
}

#[test]
fn every_subcommand_help_ends_with_examples() {
    for &sub in ENCODERS.iter().chain(&["decode", "completions"]) {
        let text = help(&[sub]);
        let examples = examples(&text);
        assert!(!examples.is_empty(), "{sub}");
        assert!(
            examples
                .iter()
                .any(|e| e.contains(&format!("saslenc {sub}"))),
            "{sub}"
        );
        // Nothing follows the examples.
        let tail = text.split("Examples:\n").nth(1).unwrap();
        assert!(!tail.trim_end().contains("\n\n"), "{sub}: {tail}");
    }
}

#[test]
fn examples_are_documented() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/decode.md"))
        .expect("docs/decode.md");
    let mut checked = 0;
    for sub in ["decode", "completions"] {
        for example in examples(&help(&[sub])) {
            assert!(
                docs.contains(&example),
                "docs/decode.md lacks the example {example:?}"
            );
            checked += 1;
        }
    }
    for sub in ENCODERS {
        let examples = examples(&help(&[sub]));
        let explain = examples
            .iter()
            .position(|e| e.contains("--explain"))
            .unwrap();
        // The --explain example, and its continuation line if any.
        for example in &examples[explain..] {
            assert!(
                docs.contains(example.as_str()),
                "docs/decode.md lacks {example:?}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 12);
}

/// `saslenc help --help` is a request for help: exit 0.
#[test]
fn help_help_is_help() {
    for args in [
        &["help", "--help"][..],
        &["help", "-h"],
        &["help", "plain", "--help"],
    ] {
        saslenc()
            .args(args)
            .assert()
            .success()
            .stdout(predicates::str::contains("Usage: saslenc"));
    }
}

/// `completions --dir DIR` creates DIR, as the help's own example needs
/// on a fresh clone.
#[test]
fn completions_dir_is_created() {
    let dir = crate::common::tempdir();
    let target = dir.path().join("new").join("completions");
    saslenc()
        .args(["completions", "--dir"])
        .arg(&target)
        .assert()
        .success();
    assert!(target.join("saslenc.bash").is_file());
    assert!(target.join("saslenc.1").is_file());
}

/// A word that is not a verb is not repeated: `saslenc
/// imap://user:hunter2@host` (the verb `connect` forgotten) has a
/// password in it.
#[test]
fn an_unknown_verb_is_not_repeated() {
    for word in ["imap://user:hunter2@host:993", "hunter2"] {
        let out = crate::common::saslenc()
            .args([word, "--user", "user"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("hunter2"), "{stderr}");
        assert!(stderr.contains("unrecognized subcommand"), "{stderr}");
    }
    let out = crate::common::saslenc()
        .arg("imap://user:hunter2@host:993")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("saslenc connect URL"));
    // A near miss still gets its suggestion, which is saslenc's own word.
    let out = crate::common::saslenc().arg("plian").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean login, plain?"));
}
