//! One module a subcommand: each turns its parsed arguments into library
//! calls and its output. What they share lives here.

mod completions;
mod cram_md5;
mod decode;
mod login;
mod plain;

use std::ffi::OsStr;
use std::io::{self, IsTerminal, Write};

use saslenc::explain::{explain_exchange, Explain};
use saslenc::mech::Exchange;
use saslenc::{field, protocol, Error, Secret, SecretSource};
use zeroize::Zeroizing;

use crate::cli::{Cli, Command, OutputArgs, PasswordArgs};

/// Runs one command. Everything is computed before anything is written,
/// so a failure leaves stdout empty.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Plain(args) => plain::run(args),
        Command::Login(args) => login::run(args),
        Command::CramMd5(args) => cram_md5::run(args),
        Command::Decode(args) => decode::run(args),
        Command::Completions(args) => completions::run(args),
    }
}

/// A command-line value as UTF-8 text, or an error naming the field.
pub(crate) fn text<'a>(field: &'static str, value: &'a OsStr) -> Result<&'a str, Error> {
    field::utf8(field, value.as_encoded_bytes())
}

/// Reads the password from the one source given, or prompts on the
/// terminal when none was given and standard input is one.
pub(crate) fn read_password(args: PasswordArgs, user: &str) -> Result<Secret, Error> {
    let source = if let Some(secret) = args.pass {
        SecretSource::Value(secret)
    } else if let Some(path) = args.pass_file {
        SecretSource::File(path)
    } else if let Some(name) = args.pass_env {
        SecretSource::Env(name)
    } else if args.pass_stdin {
        SecretSource::Stdin
    } else if let Some(fd) = args.pass_fd {
        SecretSource::Fd(fd)
    } else if io::stdin().is_terminal() {
        SecretSource::Prompt(format!("Password for {user}: "))
    } else {
        return Err(Error::NoSecret {
            field: "password",
            options: "--pass-file, --pass-env, --pass-stdin, --pass-fd or --pass",
        });
    };
    source.read("password")
}

/// Ends every encoder: the exchange on stdout, in one piece, then with
/// `--explain` one report a message on stderr. `challenges` are the
/// decoded challenges the responses answered, in order.
pub(crate) fn finish(
    mechanism: &dyn Explain,
    exchange: &Exchange,
    challenges: &[&[u8]],
    output: &OutputArgs,
) -> Result<(), Error> {
    let reports: Vec<Zeroizing<String>> = if output.explain {
        explain_exchange(mechanism, exchange, challenges)
            .iter()
            .map(|layout| Zeroizing::new(layout.report(output.show_secrets)))
            .collect()
    } else {
        Vec::new()
    };
    print(exchange, output)?;
    let mut stderr = io::stderr().lock();
    for (i, report) in reports.iter().enumerate() {
        let separator: &[u8] = if i > 0 { b"\n" } else { b"" };
        stderr
            .write_all(separator)
            .and_then(|()| stderr.write_all(report.as_bytes()))
            .map_err(|e| Error::io("write to standard error", e))?;
    }
    Ok(())
}

/// Writes the rendered exchange to stdout, in one piece.
fn print(exchange: &Exchange, output: &OutputArgs) -> Result<(), Error> {
    let text: Zeroizing<String> = protocol::render(exchange, output.protocol.map(Into::into));
    let mut stdout = io::stdout().lock();
    let result = stdout
        .write_all(text.as_bytes())
        .and_then(|()| {
            if output.no_newline {
                Ok(())
            } else {
                stdout.write_all(b"\n")
            }
        })
        .and_then(|()| stdout.flush());
    result.map_err(|e| Error::io("write to standard output", e))
}
