//! `saslenc completions`: shell completions and the man page, generated
//! from the clap definition in `src/cli.rs`, so that they follow it
//! whatever subcommands it has.

use std::fs;

use clap::{CommandFactory, ValueEnum};
use clap_complete::{Generator, Shell};
use saslenc::Error;

use crate::cli::{Cli, CompletionsArgs, GeneratedFile};

const NAME: &str = "saslenc";

pub fn run(args: CompletionsArgs) -> Result<(), Error> {
    match (args.dir, args.shell) {
        (Some(dir), _) => {
            // The help's own example on a fresh clone names a directory
            // that may not exist yet.
            fs::create_dir_all(&dir)
                .map_err(|e| Error::io(format!("create the directory {}", dir.display()), e))?;
            let shells = GeneratedFile::value_variants();
            for &file in shells.iter().filter(|f| !matches!(f, GeneratedFile::Man)) {
                let (name, text) = generate(file)?;
                let path = dir.join(&name);
                fs::write(&path, text)
                    .map_err(|e| Error::io(format!("write {}", path.display()), e))?;
            }
            // saslenc.1, and one page a subcommand (saslenc-plain.1, ...),
            // which the main page's SUBCOMMANDS section refers to.
            clap_mangen::generate_to(Cli::command(), &dir)
                .map_err(|e| Error::io(format!("write the man pages to {}", dir.display()), e))
        }
        (None, Some(file)) => {
            let (_, text) = generate(file)?;
            super::Stdout::default().write(&text)
        }
        // clap requires one of the two.
        (None, None) => Ok(()),
    }
}

/// The file name under `completions/` and the contents of `file`.
fn generate(file: GeneratedFile) -> Result<(String, Vec<u8>), Error> {
    let mut command = Cli::command();
    let mut text = Vec::new();
    let shell = match file {
        GeneratedFile::Bash => Shell::Bash,
        GeneratedFile::Zsh => Shell::Zsh,
        GeneratedFile::Fish => Shell::Fish,
        GeneratedFile::Powershell => Shell::PowerShell,
        GeneratedFile::Elvish => Shell::Elvish,
        GeneratedFile::Man => {
            // As clap_mangen::generate_to builds it, so that this page and
            // the one --dir writes are the same.
            let mut command = command.disable_help_subcommand(true);
            command.build();
            clap_mangen::Man::new(command)
                .render(&mut text)
                .map_err(|e| Error::io("render the man page", e))?;
            return Ok((format!("{NAME}.1"), text));
        }
    };
    clap_complete::generate(shell, &mut command, NAME, &mut text);
    Ok((shell.file_name(NAME), text))
}
