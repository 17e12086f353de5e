//! The `saslenc` command: parse, run, and map any error to one exit status.

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;
use saslenc::ErrorClass;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // --help and --version come this way too, on stdout, with success.
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(ErrorClass::Usage.exit_code())
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("saslenc: error: {err}");
            ExitCode::from(err.class().exit_code())
        }
    }
}
