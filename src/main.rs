//! The `saslenc` command: parse, run, and map any error to one exit status.

mod cli;
mod commands;
mod fd;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use saslenc::ErrorClass;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // --help and --version come this way too, on stdout, with success.
            let printed = err.print();
            return if err.use_stderr() {
                ExitCode::from(ErrorClass::Usage.exit_code())
            } else if printed.is_err() {
                ExitCode::from(ErrorClass::Io.exit_code())
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of the output has gone (`... | head`): the output
        // ends there, quietly, as cat's and grep's does.
        Err(saslenc::Error::OutputClosed) => ExitCode::SUCCESS,
        Err(err) => {
            // A standard error that cannot be written loses the message,
            // not the exit status.
            let _ = writeln!(std::io::stderr(), "saslenc: error: {err}");
            ExitCode::from(err.class().exit_code())
        }
    }
}
