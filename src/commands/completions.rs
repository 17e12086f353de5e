//! `saslenc completions`: shell completions and the man pages, generated
//! from the clap definition in `src/cli.rs`, so that they follow it
//! whatever subcommands it has; printed, written into a directory, or
//! installed where the user's shells and `man` look.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::commands::Error;
use clap::{Arg, Command, CommandFactory, ValueEnum};
use clap_complete::{Generator, Shell};

use crate::cli::{Cli, CompletionsArgs, GeneratedFile};

const NAME: &str = "saslenc";

const NO_DIRECTORY: Error = Error::Usage(
    "--install knows no directory that PowerShell or elvish reads completions from; print \
     them (saslenc completions powershell) and load them from your profile",
);

/// What `--install` writes when no SHELL is given.
const INSTALLED: [GeneratedFile; 4] = [
    GeneratedFile::Bash,
    GeneratedFile::Zsh,
    GeneratedFile::Fish,
    GeneratedFile::Man,
];

pub fn run(args: CompletionsArgs) -> Result<(), Error> {
    if args.install {
        return install(args.shell);
    }
    match (args.dir, args.shell) {
        (Some(dir), shell) => {
            let which = match shell {
                Some(file) => vec![file],
                None => GeneratedFile::value_variants().to_vec(),
            };
            for file in which {
                write_all(&dir, &generate(file)?)?;
            }
            Ok(())
        }
        (None, Some(file)) => {
            // The main page alone for `man`: the pages of the subcommands
            // cannot share one output.
            let files = generate(file)?;
            let (_, text) = files.into_iter().next().unwrap_or_default();
            super::Stdout::default().write(&text)
        }
        // clap requires one of the three.
        (None, None) => Ok(()),
    }
}

/// The files `file` stands for, each with its name under `completions/`:
/// one for a shell; for `man`, `saslenc.1` first, then one page a
/// subcommand (`saslenc-plain.1`, `saslenc-secret-verify.1`, ...), which
/// the main page's SUBCOMMANDS section refers to.
fn generate(file: GeneratedFile) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let shell = match file {
        GeneratedFile::Bash => Shell::Bash,
        GeneratedFile::Zsh => Shell::Zsh,
        GeneratedFile::Fish => Shell::Fish,
        GeneratedFile::Powershell => Shell::PowerShell,
        GeneratedFile::Elvish => Shell::Elvish,
        GeneratedFile::Man => return man_pages(),
    };
    let mut text = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), NAME, &mut text);
    Ok(vec![(shell.file_name(NAME), text)])
}

/// Every man page, built as `clap_mangen::generate_to` builds them, with a
/// SYNOPSIS that shows each option's value.
fn man_pages() -> Result<Vec<(String, Vec<u8>)>, Error> {
    fn add(command: &Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<(), Error> {
        let man = clap_mangen::Man::new(command.clone());
        let mut text = Vec::new();
        man.render(&mut text)
            .map_err(|e| Error::io("render the man page", e))?;
        pages.push((man.get_filename(), with_synopsis(text, command)));
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            add(sub, pages)?;
        }
        Ok(())
    }
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    add(&command, &mut pages)?;
    Ok(pages)
}

/// `page` with its SYNOPSIS replaced by [`synopsis`]: clap_mangen's names
/// the options without their values (`[--pass-file]`), which leaves a
/// reader to guess which options take one.
fn with_synopsis(page: Vec<u8>, command: &Command) -> Vec<u8> {
    const HEADING: &[u8] = b".SH SYNOPSIS\n";
    let Some(start) = find(&page, HEADING).map(|at| at + HEADING.len()) else {
        return page;
    };
    let end = find(&page[start..], b"\n.SH ").map_or(page.len(), |at| start + at + 1);
    let mut out = page[..start].to_vec();
    out.extend_from_slice(synopsis(command).as_bytes());
    out.extend_from_slice(&page[end..]);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The SYNOPSIS of `command` in roff, one text line: optional options in brackets,
/// then the required ones, each with its value (`\%[\fB\-\-pass\-file\fR\
/// \fIPATH\fR]`), then the positional arguments and the subcommand. Each
/// item is kept whole (`\%`: no hyphenation, `\ `: no break before the
/// value): `\-\-ex\-plain` or a value split from its option across two
/// lines is not what a reader can type.
fn synopsis(command: &Command) -> String {
    let name = command.get_bin_name().unwrap_or_else(|| command.get_name());
    let mut line = format!("\\fB{}\\fR", roff_escape(name));
    let options: Vec<&Arg> = command
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_positional())
        .collect();
    let optional = options.iter().filter(|a| !a.is_required_set());
    let required = options.iter().filter(|a| a.is_required_set());
    for (arg, required) in optional
        .map(|a| (a, false))
        .chain(required.map(|a| (a, true)))
    {
        let mut words = Vec::new();
        if let Some(short) = arg.get_short() {
            words.push(format!("\\fB\\-{}\\fR", roff_escape(&short.to_string())));
        }
        if let Some(long) = arg.get_long() {
            words.push(format!("\\fB\\-\\-{}\\fR", roff_escape(long)));
        }
        let mut text = words.join("|");
        if arg.get_num_args().is_some_and(|n| n.takes_values()) {
            let value = arg
                .get_value_names()
                .map(|names| names.join(" "))
                .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
            let _ = write!(text, "\\ \\fI{}\\fR", roff_escape(&value));
        }
        if required {
            let _ = write!(line, " \\%{text}");
        } else {
            let _ = write!(line, " \\%[{text}]");
        }
    }
    for arg in command.get_positionals().filter(|a| !a.is_hide_set()) {
        let value = arg
            .get_value_names()
            .map(|names| names.join(" "))
            .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
        let many = arg.get_num_args().is_some_and(|n| n.max_values() > 1);
        let value = format!(
            "\\fI{}\\fR{}",
            roff_escape(&value),
            if many { "..." } else { "" }
        );
        if arg.is_required_set() {
            let _ = write!(line, " \\%{value}");
        } else {
            let _ = write!(line, " \\%[{value}]");
        }
    }
    if command.get_subcommands().any(|s| !s.is_hide_set()) {
        line.push_str(" \\fISUBCOMMAND\\fR");
    }
    // Left-aligned, as SYNOPSIS sections are, not stretched to both
    // margins; `.ad` goes back to the page's own adjustment.
    format!(".na\n{line}\n.ad\n")
}

/// `text` as roff prints it: a backslash doubled, a hyphen escaped so that
/// it is a minus sign (what a reader copies into a shell), not a hyphen.
fn roff_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('-', "\\-")
}

/// Writes `files` into `dir`, creating it: the help's own example on a
/// fresh clone names a directory that may not exist yet.
fn write_all(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>, Error> {
    fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("create the directory {}", dir.display()), e))?;
    files
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            fs::write(&path, text)
                .map_err(|e| Error::io(format!("write {}", path.display()), e))?;
            Ok(path)
        })
        .collect()
}

/// `--install`: each file where its reader looks in the user's own
/// directories, then one line each saying where it went.
fn install(only: Option<GeneratedFile>) -> Result<(), Error> {
    let home = Home::from_env()?;
    let which = match only {
        Some(file) => vec![file],
        None => INSTALLED.to_vec(),
    };
    let targets = which
        .into_iter()
        .map(|file| Ok((file, home.dir_for(file).ok_or(NO_DIRECTORY)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    let mut report = String::new();
    for (file, dir) in targets {
        let mut files = generate(file)?;
        if let (GeneratedFile::Bash, Some((name, _))) = (file, files.first_mut()) {
            // bash-completion loads the file named after the command.
            NAME.clone_into(name);
        }
        let written = write_all(&dir, &files)?;
        match file {
            GeneratedFile::Man => {
                let _ = writeln!(report, "man: {} pages in {}", written.len(), dir.display());
            }
            _ => {
                for path in &written {
                    let _ = writeln!(report, "{}: {}", shell_name(file), path.display());
                }
            }
        }
        match file {
            GeneratedFile::Zsh => {
                let _ = writeln!(
                    report,
                    "  zsh reads it when that directory is on fpath: in ~/.zshrc, before \
                     compinit: fpath=({} $fpath)",
                    dir.display()
                );
            }
            GeneratedFile::Man => {
                let man = dir.parent().unwrap_or(&dir);
                let _ = writeln!(
                    report,
                    "  if man saslenc does not find them: export MANPATH=\"{}:\"",
                    man.display()
                );
            }
            _ => {}
        }
    }
    super::Stdout::default().write(report.as_bytes())
}

fn shell_name(file: GeneratedFile) -> &'static str {
    match file {
        GeneratedFile::Bash => "bash",
        GeneratedFile::Zsh => "zsh",
        GeneratedFile::Fish => "fish",
        GeneratedFile::Powershell => "powershell",
        GeneratedFile::Elvish => "elvish",
        GeneratedFile::Man => "man",
    }
}

/// The user's directories, from HOME and the XDG Base Directory variables.
struct Home {
    home: PathBuf,
}

impl Home {
    fn from_env() -> Result<Self, Error> {
        match absolute_var("HOME") {
            Some(home) => Ok(Home { home }),
            None => Err(Error::io(
                "find your home directory to install into",
                io::Error::new(
                    io::ErrorKind::NotFound,
                    "HOME is not set to an absolute path",
                ),
            )),
        }
    }

    /// `$XDG_DATA_HOME`, or `~/.local/share`.
    fn data(&self) -> PathBuf {
        absolute_var("XDG_DATA_HOME").unwrap_or_else(|| self.home.join(".local").join("share"))
    }

    /// `$XDG_CONFIG_HOME`, or `~/.config`.
    fn config(&self) -> PathBuf {
        absolute_var("XDG_CONFIG_HOME").unwrap_or_else(|| self.home.join(".config"))
    }

    /// Where `file` goes, when there is a directory its reader looks in.
    fn dir_for(&self, file: GeneratedFile) -> Option<PathBuf> {
        Some(match file {
            // bash-completion's own lookup: BASH_COMPLETION_USER_DIR, else
            // ${XDG_DATA_HOME:-~/.local/share}/bash-completion.
            GeneratedFile::Bash => absolute_var("BASH_COMPLETION_USER_DIR")
                .unwrap_or_else(|| self.data().join("bash-completion"))
                .join("completions"),
            GeneratedFile::Zsh => self.data().join("zsh").join("site-functions"),
            // fish's $__fish_config_dir/completions.
            GeneratedFile::Fish => self.config().join("fish").join("completions"),
            GeneratedFile::Man => self.data().join("man").join("man1"),
            GeneratedFile::Powershell | GeneratedFile::Elvish => return None,
        })
    }
}

/// The variable `name` when it holds an absolute path: the XDG Base
/// Directory specification says to ignore a relative one, and an empty
/// HOME would put the files under the current directory.
fn absolute_var(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|value: &OsString| !value.is_empty())
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
}
