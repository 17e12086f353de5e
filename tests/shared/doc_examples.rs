//! The examples of README.md and docs/*.md, run as a reader would type
//! them.
//!
//! An example is a `console` code block: lines starting with `$ ` are
//! commands (a line ending in `\` goes on on the next), the lines up to
//! the next command are what it prints, standard output and standard
//! error together. In the printed lines, a line that is only `...`
//! stands for any number of lines, and `...` inside a line for any text.
//! Plain code blocks (interactive sessions, prompts) are not run.

use std::path::Path;
use std::process::Command;

/// One command of a `console` block and what the documentation says it
/// prints.
pub struct Example {
    /// `README.md:42`, for failure messages.
    pub place: String,
    pub command: String,
    pub expected: Vec<String>,
}

/// The files whose `console` blocks are examples.
pub fn documents() -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files = vec![format!("{root}/README.md")];
    let mut docs: Vec<String> = std::fs::read_dir(format!("{root}/docs"))
        .expect("docs/ is readable")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .map(|path| path.to_str().expect("UTF-8 path").to_owned())
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// Every example of every document.
pub fn all() -> Vec<Example> {
    documents().iter().flat_map(|file| examples(file)).collect()
}

/// The examples in the `console` blocks of `file`.
pub fn examples(file: &str) -> Vec<Example> {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let name = Path::new(file)
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .map_or(file.to_owned(), |p| {
            p.to_string_lossy().trim_start_matches('/').to_owned()
        });
    let mut found = Vec::new();
    let mut in_console = false;
    let mut lines = text.lines().enumerate();
    while let Some((number, line)) = lines.next() {
        if line.starts_with("```") {
            in_console = !in_console && line == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            let mut command = command.to_owned();
            while command.ends_with('\\') {
                let (_, next) = lines.next().expect("a continued command goes on");
                command.pop();
                command.push_str(next.trim_start());
            }
            found.push(Example {
                place: format!("{name}:{}", number + 1),
                command,
                expected: Vec::new(),
            });
        } else {
            found
                .last_mut()
                .unwrap_or_else(|| panic!("{name}:{}: output before a command", number + 1))
                .expected
                .push(line.to_owned());
        }
    }
    found
}

/// Runs `example` with `sh` in `dir`, with `saslenc` (the binary under
/// test, in `bin`) first on PATH and only `env` in the environment, and
/// says how its output differs from the documented one.
pub fn run(example: &Example, dir: &Path, bin: &Path, env: &[(&str, &str)]) -> Result<(), String> {
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("exec 2>&1 </dev/null\n{}", example.command))
        .current_dir(dir)
        .env_clear()
        .env("PATH", path)
        .env("HOME", dir)
        .envs(env.iter().copied())
        .output()
        .map_err(|e| format!("{}: sh: {e}", example.place))?;
    let actual = String::from_utf8_lossy(&output.stdout);
    // A command that fails shows how: its error, or `echo $?`.
    let failure_shown = example.command.contains("echo $?")
        || example
            .expected
            .iter()
            .any(|line| line.starts_with("saslenc: error:"));
    if !output.status.success() && !failure_shown {
        return Err(format!(
            "{}: `{}` failed ({}) and the documentation does not say so:\n{actual}",
            example.place, example.command, output.status
        ));
    }
    if matches(&example.expected, &actual) {
        Ok(())
    } else {
        Err(format!(
            "{}: `{}` printed\n{actual}--- but the documentation says\n{}",
            example.place,
            example.command,
            example.expected.join("\n")
        ))
    }
}

/// Whether `actual`'s lines are the `expected` ones, with `...` as
/// described at the top.
pub fn matches(expected: &[String], actual: &str) -> bool {
    let actual: Vec<&str> = actual.lines().map(str::trim_end).collect();
    lines_match(expected, &actual)
}

fn lines_match(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim() == "..." => {
            (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..]))
        }
        Some((first, rest)) => {
            actual
                .first()
                .is_some_and(|line| line_matches(first.trim_end(), line))
                && lines_match(rest, &actual[1..])
        }
    }
}

fn line_matches(pattern: &str, line: &str) -> bool {
    let pieces: Vec<&str> = pattern.split("...").collect();
    if pieces.len() == 1 {
        return pattern == line;
    }
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    if !line.starts_with(first) || line.len() < first.len() + last.len() || !line.ends_with(last) {
        return false;
    }
    let mut middle = &line[first.len()..line.len() - last.len()];
    for piece in &pieces[1..pieces.len() - 1] {
        match middle.find(piece) {
            Some(at) => middle = &middle[at + piece.len()..],
            None => return false,
        }
    }
    true
}

#[test]
fn the_wildcards_match_what_they_say() {
    let expected = |lines: &[&str]| lines.iter().map(|&l| l.to_owned()).collect::<Vec<_>>();
    assert!(matches(&expected(&["a", "...", "d"]), "a\nb\nc\nd\n"));
    assert!(matches(&expected(&["a", "...", "b"]), "a\nb\n"));
    assert!(!matches(&expected(&["a", "...", "d"]), "a\nb\nc\n"));
    assert!(matches(&expected(&["x ... z"]), "x y z\n"));
    assert!(matches(&expected(&["x ...: ..."]), "x 1: 2\n"));
    assert!(!matches(&expected(&["x ... z"]), "x y\n"));
    assert!(!matches(&expected(&["abc...abc"]), "abc\n"));
    assert!(!matches(&expected(&["a"]), "a\nb\n"));
    assert!(!matches(&expected(&["a", "b"]), "a\n"));
}
