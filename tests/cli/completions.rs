//! `saslenc completions`: `--install` into the user's own directories
//! (HOME and the XDG variables always point into a temporary directory
//! here), every man page with `--dir`, and a SYNOPSIS that shows values.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::common::{saslenc, tempdir};

/// The files under `dir`, by path relative to it.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, found: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, found);
            } else {
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                found.insert(name, fs::read(&path).unwrap());
            }
        }
    }
    let mut found = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut found);
    }
    found
}

/// What `saslenc completions ARGS` prints.
fn printed(args: &[&str]) -> Vec<u8> {
    let output = saslenc().arg("completions").args(args).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    output.stdout
}

/// Every man page, as `completions man --dir` writes them.
fn man_pages() -> BTreeMap<String, Vec<u8>> {
    let dir = tempdir();
    saslenc()
        .args(["completions", "man", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    tree(dir.path())
}

#[test]
fn install_writes_where_each_shell_and_man_look_and_says_where() {
    let home = tempdir();
    let output = saslenc()
        .args(["completions", "--install"])
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let installed = tree(home.path());

    let bash = ".local/share/bash-completion/completions/saslenc";
    let zsh = ".local/share/zsh/site-functions/_saslenc";
    let fish = ".config/fish/completions/saslenc.fish";
    assert_eq!(installed.get(bash), Some(&printed(&["bash"])));
    assert_eq!(installed.get(zsh), Some(&printed(&["zsh"])));
    assert_eq!(installed.get(fish), Some(&printed(&["fish"])));
    let pages = man_pages();
    assert!(pages.len() > 20, "{:?}", pages.keys());
    for (name, text) in &pages {
        let path = format!(".local/share/man/man1/{name}");
        assert_eq!(installed.get(&path), Some(text), "{path}");
    }
    // Nothing else: no PowerShell or elvish file, no stray directory.
    assert_eq!(installed.len(), 3 + pages.len(), "{:?}", installed.keys());

    let home = home.path().display();
    for line in [
        format!("bash: {home}/{bash}\n"),
        format!("zsh: {home}/{zsh}\n"),
        format!("fish: {home}/{fish}\n"),
        format!(
            "man: {} pages in {home}/.local/share/man/man1\n",
            pages.len()
        ),
        format!("fpath=({home}/.local/share/zsh/site-functions $fpath)"),
        format!("export MANPATH=\"{home}/.local/share/man:\""),
    ] {
        assert!(stdout.contains(&line), "{line:?} not in {stdout}");
    }
}

#[test]
fn install_follows_the_xdg_and_bash_completion_variables() {
    let home = tempdir();
    let elsewhere = tempdir();
    let data = elsewhere.path().join("data");
    let config = elsewhere.path().join("config");
    let bash = elsewhere.path().join("bash");
    saslenc()
        .args(["completions", "--install"])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", &data)
        .env("XDG_CONFIG_HOME", &config)
        .env("BASH_COMPLETION_USER_DIR", &bash)
        .assert()
        .success();
    assert!(tree(home.path()).is_empty());
    assert!(bash.join("completions/saslenc").is_file());
    assert!(data.join("zsh/site-functions/_saslenc").is_file());
    assert!(config.join("fish/completions/saslenc.fish").is_file());
    assert!(data.join("man/man1/saslenc.1").is_file());
    assert!(data.join("man/man1/saslenc-plain.1").is_file());
}

/// The XDG Base Directory specification: a relative path is ignored.
#[test]
fn install_ignores_a_relative_xdg_directory() {
    let home = tempdir();
    let cwd = tempdir();
    saslenc()
        .args(["completions", "bash", "--install"])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", "relative")
        .current_dir(cwd.path())
        .assert()
        .success();
    assert!(tree(cwd.path()).is_empty());
    assert_eq!(
        tree(home.path()).into_keys().collect::<Vec<_>>(),
        [".local/share/bash-completion/completions/saslenc"]
    );
}

#[test]
fn install_of_one_shell_writes_that_shell_only() {
    let home = tempdir();
    saslenc()
        .args(["completions", "fish", "--install"])
        .env("HOME", home.path())
        .assert()
        .success()
        .stdout(format!(
            "fish: {}/.config/fish/completions/saslenc.fish\n",
            home.path().display()
        ));
    assert_eq!(tree(home.path()).len(), 1);
}

#[test]
fn install_refuses_what_it_has_no_directory_for_and_writes_nothing() {
    let home = tempdir();
    for shell in ["powershell", "elvish"] {
        saslenc()
            .args(["completions", shell, "--install"])
            .env("HOME", home.path())
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--install knows no directory"));
    }
    // No HOME (the environment is empty): an I/O error, nothing written.
    let cwd = tempdir();
    saslenc()
        .args(["completions", "--install"])
        .current_dir(cwd.path())
        .assert()
        .code(4)
        .stderr(predicates::str::contains("HOME is not set"));
    saslenc()
        .args(["completions", "--install", "--dir"])
        .arg(cwd.path())
        .env("HOME", home.path())
        .assert()
        .code(2);
    assert!(tree(home.path()).is_empty());
    assert!(tree(cwd.path()).is_empty());
}

/// Every page a page refers to (`saslenc\-connect(1)` in saslenc.1's
/// SUBCOMMANDS section) is written, and `completions man` prints the
/// first, saslenc.1.
#[test]
fn man_dir_writes_every_page_the_pages_refer_to() {
    let pages = man_pages();
    assert_eq!(pages.get("saslenc.1"), Some(&printed(&["man"])));
    let mut referred = 0;
    for text in pages.values() {
        let text = String::from_utf8_lossy(text);
        for (at, _) in text.match_indices("(1)") {
            let start = text[..at]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '\\'))
                .map_or(0, |i| i + 1);
            let name = text[start..at].replace("\\-", "-");
            if name.starts_with("saslenc") {
                referred += 1;
                assert!(
                    pages.contains_key(&format!("{name}.1")),
                    "{name}(1) missing"
                );
            }
        }
    }
    assert!(referred >= 15, "{referred}");
    for page in [
        "saslenc-plain.1",
        "saslenc-connect.1",
        "saslenc-secret-verify.1",
        "saslenc-token-inspect.1",
    ] {
        assert!(pages.contains_key(page), "{page}");
    }
}

/// Each option that takes a value shows it in the SYNOPSIS, as its
/// OPTIONS entry names it (`\fB\-\-pass\-file\fR \fI<PATH>\fR`).
#[test]
fn man_synopsis_shows_each_option_value() {
    let mut checked = 0;
    for (name, text) in man_pages() {
        let text = String::from_utf8(text).unwrap();
        let synopsis = text
            .split(".SH SYNOPSIS\n")
            .nth(1)
            .and_then(|rest| rest.split("\n.SH ").next())
            .unwrap_or_else(|| panic!("{name}: no SYNOPSIS"));
        // One text line, left-aligned.
        let lines: Vec<&str> = synopsis.lines().collect();
        assert_eq!(lines.len(), 3, "{name}: {synopsis}");
        assert_eq!((lines[0], lines[2]), (".na", ".ad"), "{name}");
        let synopsis = lines[1];
        for entry in text.split(".TP\n").skip(1) {
            let header = entry.lines().next().unwrap();
            let Some((option, value)) = header.split_once(" \\fI<") else {
                continue;
            };
            let Some(value) = value.strip_suffix(">\\fR") else {
                continue;
            };
            if !option.starts_with("\\fB\\-") {
                continue; // a positional argument
            }
            let long = option.rsplit(", ").next().unwrap();
            // Kept on one line with its option.
            let shown = format!("{long}\\ \\fI{value}\\fR");
            assert!(
                synopsis.contains(&shown),
                "{name}: {shown} not in {synopsis}"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
    // And a flag shows none.
    let plain = String::from_utf8(man_pages()["saslenc-plain.1"].clone()).unwrap();
    assert!(plain.contains(
        "\\%[\\fB\\-\\-pass\\-file\\fR\\ \\fIPATH\\fR] \\%[\\fB\\-\\-pass\\-env\\fR\\ \\fIVAR\\fR] \\%[\\fB\\-\\-pass\\-stdin\\fR]"
    ));
}

/// An installed binary has no docs/ directory: help and man pages name the
/// project's URL instead.
#[test]
fn help_points_at_no_file_an_installed_binary_lacks() {
    const URL: &str = "https://github.com/saslenc/saslenc/blob/main/docs/";
    let mut urls = 0;
    for (name, text) in man_pages() {
        let text = String::from_utf8(text).unwrap();
        urls += text.matches(URL).count();
        assert!(!text.replace(URL, "").contains("docs/"), "{name}");
    }
    assert!(urls >= 3, "{urls}");
    for sub in ["serve", "secret", "token"] {
        let help = saslenc().args([sub, "--help"]).output().unwrap();
        let help = String::from_utf8(help.stdout).unwrap();
        assert!(help.contains(URL), "{sub}: {help}");
        assert!(!help.replace(URL, "").contains("docs/"), "{sub}");
    }
}
