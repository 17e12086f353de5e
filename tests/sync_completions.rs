//! The files in `completions/` are what the current clap definition
//! generates. After any change to `src/cli.rs`, regenerate them with
//!
//!     rm -f completions/* && cargo run -- completions --dir completions

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use assert_cmd::Command;

const REGENERATE: &str = "rm -f completions/* && cargo run -- completions --dir completions";

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, fs::read(entry.path()).unwrap())
        })
        .collect()
}

#[test]
fn committed_completions_and_man_pages_are_current() {
    let fresh = tempfile::tempdir().unwrap();
    Command::cargo_bin("saslenc")
        .unwrap()
        .args(["completions", "--dir"])
        .arg(fresh.path())
        .assert()
        .success();
    let fresh = files(fresh.path());
    let committed = files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("completions"));

    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&fresh),
        "completions/ holds other files than the generator writes; run: {REGENERATE}"
    );
    for (name, text) in &fresh {
        assert!(
            committed.get(name) == Some(text),
            "completions/{name} is stale; run: {REGENERATE}"
        );
    }
    for name in [
        "saslenc.bash",
        "_saslenc",
        "saslenc.fish",
        "_saslenc.ps1",
        "saslenc.elv",
        "saslenc.1",
    ] {
        assert!(
            fresh.contains_key(name),
            "the generator no longer writes {name}"
        );
    }
}

#[test]
fn each_file_can_be_printed_on_its_own() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, name) in [
        ("bash", "saslenc.bash"),
        ("zsh", "_saslenc"),
        ("fish", "saslenc.fish"),
        ("powershell", "_saslenc.ps1"),
        ("elvish", "saslenc.elv"),
        ("man", "saslenc.1"),
    ] {
        let output = Command::cargo_bin("saslenc")
            .unwrap()
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(output.status.success());
        assert!(
            output.stdout == fs::read(dir.join(name)).unwrap(),
            "saslenc completions {shell} differs from completions/{name}; run: {REGENERATE}"
        );
    }
}
