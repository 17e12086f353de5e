//! The `saslenc` command: parse, run, and map any error to one exit status.

mod cli;
mod commands;
mod sys;

use std::io::Write;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Parser;
use saslenc::ErrorClass;

/// The command line, with `--help` after `help` dropped: `saslenc help
/// --help` is a request for help, which clap took for the name of a
/// subcommand.
fn arguments() -> Vec<std::ffi::OsString> {
    let mut args: Vec<_> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "help") {
        let mut i = 2;
        while i < args.len() {
            if args[i] == "--help" || args[i] == "-h" {
                args.remove(i);
            } else {
                i += 1;
            }
        }
    }
    args
}

/// The message for a command line that clap refused. Where clap would
/// repeat a value the user typed (an unexpected argument, an invalid
/// value), it is not repeated: `saslenc plain -u u hunter2` has a
/// password in it.
fn usage_error(err: &clap::Error) -> String {
    let context = |kind| match err.get(kind) {
        Some(ContextValue::String(text)) => Some(text.clone()),
        Some(ContextValue::StyledStr(text)) => Some(text.to_string()),
        Some(ContextValue::Strings(texts)) => Some(texts.join(", ")),
        _ => None,
    };
    let arg = context(ContextKind::InvalidArg).unwrap_or_else(|| "an option".into());
    let message = match err.kind() {
        ErrorKind::UnknownArgument => {
            "unexpected argument (not repeated here: it may be a \
             secret). Passwords and tokens come from --pass-file, --pass-env, --pass-stdin, --pass-cmd, \
             --pass-fd (--token-...) or the prompt; a value that begins with '-' is given as \
             --opt=VALUE, and a decode value that does after --"
                .to_owned()
                + &context(ContextKind::SuggestedArg)
                    .map(|s| format!("; did you mean {s}?"))
                    .unwrap_or_default()
        }
        // `saslenc imap://user:hunter2@host` (the verb forgotten) has a
        // password in the word clap would repeat.
        ErrorKind::InvalidSubcommand => {
            let url = context(ContextKind::InvalidSubcommand).is_some_and(|w| w.contains("://"));
            "unrecognized subcommand (not repeated here: it may be a secret); 'saslenc \
             --help' lists the verbs"
                .to_owned()
                + if url {
                    "; a URL is checked with 'saslenc connect URL'"
                } else {
                    ""
                }
                + &context(ContextKind::SuggestedSubcommand)
                    .map(|s| format!("; did you mean {s}?"))
                    .unwrap_or_default()
        }
        ErrorKind::InvalidValue if context(ContextKind::InvalidValue).as_deref() == Some("") => {
            let long = arg.split_whitespace().next().unwrap_or("--opt").to_owned();
            format!("{arg} needs a value; a value that begins with '-' is given as {long}=VALUE")
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation | ErrorKind::InvalidUtf8 => {
            match context(ContextKind::ValidValue) {
                Some(valid) => {
                    format!("invalid value for {arg} (not repeated here); it takes one of: {valid}")
                }
                None => format!("invalid value for {arg} (not repeated here)"),
            }
        }
        _ => return err.render().to_string(),
    };
    let usage = context(ContextKind::Usage)
        .map(|usage| format!("\n{}\n", usage.trim_end()))
        .unwrap_or_default();
    format!("saslenc: error: {message}\n{usage}\nFor more information, try '--help'.\n")
}

fn main() -> ExitCode {
    let args = arguments();
    let cli = match cli::Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(err) if err.use_stderr() => {
            let message = usage_error(&err);
            #[cfg(feature = "net")]
            if let Some(verdict) = commands::connect::usage_verdict(&args, &message) {
                // Standard error says it all if standard output cannot.
                let verdict = commands::screen::shown_json(&verdict);
                let _ = crate::sys::streams::stdout()
                    .and_then(|mut out| out.write_all(verdict.as_str().as_bytes()));
            }
            let _ = std::io::stderr().write_all(message.as_bytes());
            return ExitCode::from(commands::exit::code(ErrorClass::Usage));
        }
        // --help and --version come this way, on stdout, with success,
        // unless stdout cannot take them.
        Err(err) => {
            let text = err.render().to_string();
            let written =
                crate::sys::streams::stdout().and_then(|mut out| out.write_all(text.as_bytes()));
            return match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(_) => ExitCode::from(commands::exit::code(ErrorClass::Io)),
            };
        }
    };
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of the output has gone (`... | head`): the output
        // ends there, quietly, as cat's and grep's does.
        Err(commands::Error::OutputClosed) => ExitCode::SUCCESS,
        Err(err) => {
            // A standard error that cannot be written loses the message,
            // not the exit status.
            let message = commands::screen::shown(&commands::message(&err));
            let _ = writeln!(std::io::stderr(), "saslenc: error: {message}");
            ExitCode::from(commands::exit::code(err.class()))
        }
    }
}
