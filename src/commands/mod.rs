//! One module a subcommand: each turns its parsed arguments into library
//! calls and its output. What they share lives here.

mod anonymous;
mod completions;
mod cram_md5;
mod decode;
mod external;
mod login;
mod mechanisms;
mod oauthbearer;
mod plain;
mod scram;
mod secret;
mod xoauth2;

use std::ffi::{OsStr, OsString};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use saslenc::conversation::{self, Streams};
use saslenc::explain::{explain_exchange, Explain};
use saslenc::mech::{Exchange, Mechanism, ScramHash};
use saslenc::protocol::Protocol;
use saslenc::{field, protocol, Error, Secret, SecretSource};
use zeroize::Zeroizing;

use crate::cli::{Cli, Command, OutputArgs, PasswordArgs, TokenArgs};

/// Runs one command. Everything is computed before anything is written,
/// so a failure leaves stdout empty.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Plain(args) => plain::run(args),
        Command::Login(args) => login::run(args),
        Command::CramMd5(args) => cram_md5::run(args),
        Command::Xoauth2(args) => xoauth2::run(args),
        Command::Oauthbearer(args) => oauthbearer::run(args),
        Command::ScramSha1(args) => scram::run(ScramHash::Sha1, args),
        Command::ScramSha256(args) => scram::run(ScramHash::Sha256, args),
        Command::Mechanisms => mechanisms::run(),
        Command::External(args) => external::run(args),
        Command::Anonymous(args) => anonymous::run(args),
        Command::Secret(args) => secret::run(args),
        Command::Decode(args) => decode::run(args),
        Command::Completions(args) => completions::run(args),
    }
}

/// A command-line value as UTF-8 text, or an error naming the field.
pub(crate) fn text<'a>(field: &'static str, value: &'a OsStr) -> Result<&'a str, Error> {
    field::utf8(field, value.as_encoded_bytes())
}

/// The sources of one secret as parsed, whatever the secret is called.
pub(crate) struct SecretArgs {
    value: Option<Secret>,
    file: Option<PathBuf>,
    env: Option<OsString>,
    stdin: bool,
    fd: Option<u32>,
}

impl From<PasswordArgs> for SecretArgs {
    fn from(a: PasswordArgs) -> Self {
        SecretArgs {
            value: a.pass,
            file: a.pass_file,
            env: a.pass_env,
            stdin: a.pass_stdin,
            fd: a.pass_fd,
        }
    }
}

impl From<TokenArgs> for SecretArgs {
    fn from(a: TokenArgs) -> Self {
        SecretArgs {
            value: a.token,
            file: a.token_file,
            env: a.token_env,
            stdin: a.token_stdin,
            fd: a.token_fd,
        }
    }
}

impl SecretArgs {
    /// Reads the secret from the one source given, or prompts on the
    /// terminal without echo when none was given and standard input is one.
    /// `options` lists the flags for the error message.
    pub(crate) fn read(
        self,
        field: &'static str,
        options: &'static str,
        prompt: impl FnOnce() -> String,
    ) -> Result<Secret, Error> {
        let source = if let Some(secret) = self.value {
            SecretSource::Value(secret)
        } else if let Some(path) = self.file {
            SecretSource::File(path)
        } else if let Some(name) = self.env {
            SecretSource::Env(name)
        } else if self.stdin {
            SecretSource::Stdin
        } else if let Some(fd) = self.fd {
            SecretSource::Fd(fd)
        } else if io::stdin().is_terminal() {
            SecretSource::Prompt(prompt())
        } else {
            return Err(Error::NoSecret { field, options });
        };
        source.read(field)
    }
}

/// Reads the password (see [`SecretArgs::read`]).
pub(crate) fn read_password(args: PasswordArgs, user: &str) -> Result<Secret, Error> {
    SecretArgs::from(args).read(
        "password",
        "--pass-file, --pass-env, --pass-stdin, --pass-fd or --pass",
        || format!("Password for {user}: "),
    )
}

/// Reads the OAuth access token (see [`SecretArgs::read`]).
pub(crate) fn read_token(args: TokenArgs, user: &str) -> Result<Secret, Error> {
    SecretArgs::from(args).read(
        "token",
        "--token-file, --token-env, --token-stdin, --token-fd or --token",
        || format!("Access token for {user}: "),
    )
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

/// Writes the rendered exchange to stdout, in one piece, with notes on
/// stderr where the output needs explaining.
pub(crate) fn print(exchange: &Exchange, output: &OutputArgs) -> Result<(), Error> {
    let (text, notes) = protocol::render_with_notes(exchange, output.protocol.map(Protocol::from));
    for note in notes {
        eprintln!("saslenc: note: {note}");
    }
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

/// Holds the conversation for `mechanism` on stdin/stdout (see
/// [`saslenc::conversation`]). `secret_on_stdin` says whether a secret was
/// already read from standard input, which then cannot carry server lines.
pub(crate) fn converse<M: Mechanism + Explain>(
    mechanism: &mut M,
    output: &OutputArgs,
    secret_on_stdin: bool,
) -> Result<(), Error> {
    if secret_on_stdin {
        return Err(Error::Usage(
            "the conversation reads the server's lines from standard input, so the secret \
             cannot come from there too; use --pass-fd/--token-fd, a file or the environment",
        ));
    }
    if output.no_newline {
        return Err(Error::Usage(
            "--no-newline does not apply to the conversation, whose every line is to be \
             pasted and ends with a newline",
        ));
    }
    let stdin = io::stdin();
    let prompt = stdin.is_terminal();
    let mut input = stdin.lock();
    let mut stdout = io::stdout().lock();
    let mut stderr = io::stderr().lock();
    let mut streams = Streams {
        input: &mut input,
        output: &mut stdout,
        notes: &mut stderr,
        prompt,
        explain: output.explain,
        show_secrets: output.show_secrets,
    };
    conversation::run(mechanism, output.protocol.map(Into::into), &mut streams).map(drop)
}
