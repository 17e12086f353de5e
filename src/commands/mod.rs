//! One module a subcommand: each turns its parsed arguments into library
//! calls and its output. What they share lives here.

mod anonymous;
mod completions;
#[cfg(feature = "net")]
pub(crate) mod connect;
mod cram_md5;
mod decode;
mod digest_md5;
mod error;
pub(crate) mod exit;
mod external;
mod login;
mod mechanisms;
mod ntlm;
mod oauthbearer;
mod output_file;
mod plain;
mod scram;
pub(crate) mod screen;
mod secret;
#[cfg(feature = "net")]
mod serve;
mod token;
pub(crate) mod wording;
mod xoauth2;

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

pub(crate) use error::Error;
use saslenc::exchange::{self, Streams};
use saslenc::layout::{explain_exchange, Explain};
use saslenc::mech::{Mechanism, Messages, ScramHash};
use saslenc::protocol::Protocol;
use saslenc::secret::COMMAND_TIMEOUT;
use saslenc::{field, protocol, Secret, SecretSource};
use zeroize::Zeroizing;

use crate::cli::{Cli, Command, OutputArgs, PasswordArgs, TokenArgs};
pub(crate) use wording::message;

/// Runs one command. Everything is computed before anything is written,
/// so a failure leaves stdout empty.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Plain(args) => plain::run(args),
        Command::Login(args) => login::run(args),
        Command::CramMd5(args) => cram_md5::run(args),
        Command::DigestMd5(args) => digest_md5::run(args),
        Command::Ntlm(args) => ntlm::run(args),
        Command::Xoauth2(args) => xoauth2::run(args),
        Command::Oauthbearer(args) => oauthbearer::run(args),
        Command::ScramSha1(args) => scram::run(ScramHash::Sha1, args),
        Command::ScramSha256(args) => scram::run(ScramHash::Sha256, args),
        Command::Mechanisms => mechanisms::run(),
        #[cfg(feature = "net")]
        Command::Connect(args) => connect::run(args),
        Command::External(args) => external::run(args),
        Command::Anonymous(args) => anonymous::run(args),
        Command::Secret(args) => secret::run(args),
        Command::Token(args) => token::run(args),
        #[cfg(feature = "net")]
        Command::Serve(args) => serve::run(args),
        Command::Decode(args) => decode::run(args),
        Command::Completions(args) => completions::run(args),
    }
}

/// A command-line value as UTF-8 text, or an error naming the field.
pub(crate) fn text<'a>(field: &'static str, value: &'a OsStr) -> Result<&'a str, saslenc::Error> {
    field::utf8(field, value.as_encoded_bytes())
}

/// A server message pasted into the option `field` (`--challenge`,
/// `--server-first`: `334 <base64>`, `+ <base64>` or bare base64),
/// decoded; `None` when the conversation is to be held instead.
pub(crate) fn pasted_challenge(
    field: &'static str,
    given: Option<&OsStr>,
) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, saslenc::Error> {
    given
        .map(|line| saslenc::protocol::pasted::challenge(field, text(field, line)?))
        .transpose()
}

/// The sources of one secret as parsed, whatever the secret is called.
pub(crate) struct SecretFrom {
    value: Option<Secret>,
    file: Option<PathBuf>,
    env: Option<OsString>,
    stdin: bool,
    fd: Option<u32>,
    command: Option<OsString>,
    /// How long a `--pass-cmd` or `--token-cmd` may run.
    command_timeout: Duration,
}

impl From<PasswordArgs> for SecretFrom {
    fn from(a: PasswordArgs) -> Self {
        SecretFrom {
            value: a.pass,
            file: a.pass_file,
            env: a.pass_env,
            stdin: a.pass_stdin,
            fd: a.pass_fd,
            command: a.pass_cmd,
            command_timeout: COMMAND_TIMEOUT,
        }
    }
}

impl From<TokenArgs> for SecretFrom {
    fn from(a: TokenArgs) -> Self {
        SecretFrom {
            value: a.token,
            file: a.token_file,
            env: a.token_env,
            stdin: a.token_stdin,
            fd: a.token_fd,
            command: a.token_cmd,
            command_timeout: COMMAND_TIMEOUT,
        }
    }
}

impl SecretFrom {
    /// The same sources, a command among them given at most `limit` to
    /// run (`connect --timeout` bounds the whole check, the secret's
    /// command included).
    #[cfg_attr(not(feature = "net"), allow(dead_code))]
    pub(crate) fn within(mut self, limit: Duration) -> Self {
        self.command_timeout = self.command_timeout.min(limit);
        self
    }

    /// Whether a source was given on the command line.
    #[cfg_attr(not(feature = "net"), allow(dead_code))]
    pub(crate) fn given(&self) -> bool {
        self.value.is_some()
            || self.file.is_some()
            || self.env.is_some()
            || self.stdin
            || self.fd.is_some()
            || self.command.is_some()
    }

    /// Reads the secret from the one source given, or prompts on the
    /// terminal without echo when none was given and standard input is one.
    /// `options` lists the flags for the error message; `flag` is the
    /// sources' prefix (`pass`, `token`). With `conversation`, standard
    /// input carries the server's lines, and a source that would read it
    /// is refused before anything is read.
    pub(crate) fn read(
        self,
        field: &'static str,
        flag: &'static str,
        options: &'static str,
        conversation: bool,
        prompt: impl FnOnce() -> String,
    ) -> Result<Secret, Error> {
        let reads_stdin = self.value.is_none()
            && self.file.is_none()
            && self.env.is_none()
            && self.command.is_none()
            && (self.stdin || self.fd == Some(0));
        if conversation && reads_stdin {
            return Err(Error::Usage(if flag == "pass" {
                "the conversation reads the server's lines from standard input, so the \
                 password cannot come from there too (--pass-stdin, --pass-fd 0); use \
                 --pass-fd 3 or above, --pass-file or --pass-env"
            } else {
                "the conversation reads the server's lines from standard input, so the \
                 token cannot come from there too (--token-stdin, --token-fd 0); use \
                 --token-fd 3 or above, --token-file or --token-env"
            }));
        }
        let secret = self.read_source(field, flag, options, prompt)?;
        // Masked wherever the run shows anything from now on.
        screen::remember(secret.expose());
        Ok(secret)
    }

    fn read_source(
        self,
        field: &'static str,
        flag: &'static str,
        options: &'static str,
        prompt: impl FnOnce() -> String,
    ) -> Result<Secret, Error> {
        if let Some(secret) = self.value {
            Ok(secret)
        } else if let Some(path) = self.file {
            Ok(SecretSource::File(path).read(field)?)
        } else if let Some(name) = self.env {
            Ok(SecretSource::Env(name).read(field)?)
        } else if let Some(command) = self.command {
            // Its standard input is /dev/null, so it can run in the
            // conversation too.
            Ok(SecretSource::Command {
                command,
                timeout: self.command_timeout,
            }
            .read(field)?)
        } else if let Some(fd) = self.fd.or(self.stdin.then_some(0)) {
            read_descriptor(field, flag, fd)
        } else if io::stdin().is_terminal() {
            Ok(crate::sys::tty::prompt_without_echo(field, &prompt())?)
        } else {
            Err(no_secret(field, options))
        }
    }
}

/// No source for the secret `field` was given, and none can be asked for;
/// `options` are those that would give it.
pub(crate) fn no_secret(field: &str, options: &str) -> Error {
    Error::UsageOf(format!(
        "no {field} given and standard input is not a terminal to prompt on; use one of {options}"
    ))
}

/// Reads a secret from descriptor `fd` (0 for standard input, or one
/// inherited, 3 and above) to end of file from where it stands; one
/// trailing line end is not part of the secret. `flag` is the sources'
/// prefix (`pass`, `token`).
fn read_descriptor(field: &'static str, flag: &'static str, fd: u32) -> Result<Secret, Error> {
    let origin = match fd {
        0 => "from standard input".to_owned(),
        _ => format!("from file descriptor {fd}"),
    };
    let action = || format!("read the {field} {origin}");
    let mut file = match fd {
        0 => crate::sys::streams::stdin().map_err(|e| Error::io(action(), e))?,
        1 | 2 => {
            return Err(Error::Usage(if flag == "pass" {
                "--pass-fd 1 and 2 are standard output and standard error, which \
                 saslenc writes to; pass the password on descriptor 0 or 3 and above"
            } else {
                "--token-fd 1 and 2 are standard output and standard error, which \
                 saslenc writes to; pass the token on descriptor 0 or 3 and above"
            }))
        }
        n => crate::sys::fd::inherited(n).map_err(|e| Error::io(action(), e))?,
    };
    let mut secret = Secret::read_from(field, &origin, &mut file)?;
    secret.strip_one_line_end();
    Ok(secret)
}

/// The options that give a password, as errors name them.
pub(crate) const PASSWORD_SOURCES: &str =
    "--pass-file, --pass-env, --pass-stdin, --pass-fd, --pass-cmd or --pass";

/// The options that give an OAuth access token, as errors name them.
pub(crate) const TOKEN_SOURCES: &str =
    "--token-file, --token-env, --token-stdin, --token-fd, --token-cmd or --token";

/// Reads the password (see [`SecretFrom::read`]).
pub(crate) fn read_password(
    args: PasswordArgs,
    user: &str,
    conversation: bool,
) -> Result<Secret, Error> {
    SecretFrom::from(args).read("password", "pass", PASSWORD_SOURCES, conversation, || {
        format!("Password for {user}: ")
    })
}

/// Reads the OAuth access token (see [`SecretFrom::read`]).
pub(crate) fn read_token(args: TokenArgs, user: &str, conversation: bool) -> Result<Secret, Error> {
    SecretFrom::from(args).read("token", "token", TOKEN_SOURCES, conversation, || {
        format!("Access token for {user}: ")
    })
}

/// Ends every encoder: the exchange on stdout, in one piece, then with
/// `--explain` one report a message on stderr. `challenges` are the
/// decoded challenges the responses answered, in order.
pub(crate) fn finish(
    mechanism: &dyn Explain,
    exchange: &Messages,
    challenges: &[&[u8]],
    output: &OutputArgs,
) -> Result<(), Error> {
    finish_with_server(mechanism, exchange, challenges, None, output)
}

/// [`finish`], with `--explain` also reporting the server's first
/// challenge read as `server` (a binary message, as NTLM's CHALLENGE),
/// between the initial response and the response that answers it.
pub(crate) fn finish_with_server(
    mechanism: &dyn Explain,
    exchange: &Messages,
    challenges: &[&[u8]],
    server: Option<saslenc::layout::Layout>,
    output: &OutputArgs,
) -> Result<(), Error> {
    let reports: Vec<Zeroizing<String>> = if output.explain {
        let mut layouts = explain_exchange(mechanism, exchange, challenges);
        if let Some(server) = server {
            let at = usize::from(exchange.initial.is_some()).min(layouts.len());
            layouts.insert(at, server);
        }
        layouts
            .iter()
            .map(|layout| Zeroizing::new(layout.report(output.show_secrets)))
            .collect()
    } else {
        Vec::new()
    };
    print(exchange, output)?;
    let mut text = Zeroizing::new(String::new());
    for (i, report) in reports.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(report);
    }
    if !text.is_empty() {
        write_stderr(text.as_bytes())?;
    }
    Ok(())
}

/// Writes the rendered exchange to stdout, in one piece, with notes on
/// stderr where the output needs explaining.
pub(crate) fn print(exchange: &Messages, output: &OutputArgs) -> Result<(), Error> {
    let (text, notes) = protocol::render_with_notes(exchange, output.protocol.map(Protocol::from));
    for text in notes {
        note(&format!("note: {text}"))?;
    }
    let mut whole = Zeroizing::new(String::with_capacity(text.len() + 1));
    whole.push_str(&text);
    if !output.no_newline {
        whole.push('\n');
    }
    Stdout::default().write(whole.as_bytes())
}

/// Writes `saslenc: {text}` and a newline to standard error, `text` shown
/// through the boundary ([`screen::shown`]); a write that fails (a full
/// disk, a closed descriptor) is an I/O error, never a panic.
pub(crate) fn note(text: &str) -> Result<(), Error> {
    let text = screen::shown(text);
    let mut line = Vec::with_capacity(text.as_str().len() + 10);
    line.extend_from_slice(b"saslenc: ");
    line.extend_from_slice(text.as_str().as_bytes());
    line.push(b'\n');
    write_stderr(&line)
}

/// `text` safe for a terminal: every character that prints as nothing or
/// as something else ([`saslenc::field::is_invisible`]: ESC sequences,
/// BEL, bidirectional overrides) but the line end is written as `\xHH`.
/// Server text reaches messages in many ways (a mechanism name, a reply
/// quoted in a verdict or an error); this is the last gate before the
/// terminal. A backslash is left as it is, so text already escaped does
/// not change.
pub(crate) fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    use std::fmt::Write as _;
    replace_invisible(text, |out, c| {
        let mut buf = [0u8; 4];
        for byte in c.encode_utf8(&mut buf).bytes() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    })
}

/// `text` with every invisible character but the line end (see
/// [`terminal_safe`]) written by `escape`; borrowed when there is none.
fn replace_invisible(text: &str, escape: impl Fn(&mut String, char)) -> std::borrow::Cow<'_, str> {
    let invisible = |c: char| c != '\n' && saslenc::field::is_invisible(c);
    if !text.chars().any(invisible) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if invisible(c) {
            escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// `value` as pretty JSON with a final line end, every invisible
/// character (see [`terminal_safe`]) written as a `\uXXXX` escape, so
/// that nothing is lost and nothing reaches a terminal raw (serde_json
/// escapes only the characters below U+0020). They can only stand inside
/// strings, where the escape means the same character.
#[cfg(feature = "net")]
pub(crate) fn json_text(value: &serde_json::Value) -> String {
    json_safe(&format!("{value:#}\n"))
}

/// `value` as one line of JSON (JSON Lines), escaped as [`json_text`].
pub(crate) fn json_line(value: &serde_json::Value) -> String {
    json_safe(&format!("{value}\n"))
}

fn json_safe(json: &str) -> String {
    use std::fmt::Write as _;
    replace_invisible(json, |out, c| {
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            let _ = write!(out, "\\u{unit:04x}");
        }
    })
    .into_owned()
}

/// Writes `bytes` to standard error, in one piece; see [`note`].
pub(crate) fn write_stderr(bytes: &[u8]) -> Result<(), Error> {
    let action = "write to standard error";
    let mut stderr = crate::sys::streams::stderr().map_err(|e| Error::io(action, e))?;
    stderr
        .write_all(bytes)
        .and_then(|()| stderr.flush())
        .map_err(|e| Error::io(action, e))
}

/// Standard output for one command's whole output, taken on first use.
/// A reader that has gone is [`Error::OutputClosed`]; any other failure
/// (a closed descriptor, a full disk) is an I/O error.
#[derive(Default)]
pub(crate) struct Stdout(Option<File>);

impl Stdout {
    /// Writes `bytes` in one piece.
    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let failed = |e: io::Error| {
            if e.kind() == io::ErrorKind::BrokenPipe {
                Error::OutputClosed
            } else {
                Error::io("write to standard output", e)
            }
        };
        let file = match &mut self.0 {
            Some(file) => file,
            None => self
                .0
                .insert(crate::sys::streams::stdout().map_err(failed)?),
        };
        file.write_all(bytes)
            .and_then(|()| file.flush())
            .map_err(failed)
    }
}

/// Holds the conversation for `mechanism` on stdin/stdout (see
/// [`saslenc::exchange`]).
pub(crate) fn converse<M: Mechanism + Explain>(
    mechanism: &mut M,
    output: &OutputArgs,
) -> Result<(), Error> {
    if output.no_newline {
        return Err(Error::Usage(
            "--no-newline does not apply to the conversation, whose every line is to be \
             pasted and ends with a newline",
        ));
    }
    let stdin = crate::sys::streams::stdin()
        .map_err(|e| Error::io("read the server's lines from standard input", e))?;
    let prompt = stdin.is_terminal();
    let mut input = io::BufReader::new(stdin);
    let mut stdout =
        crate::sys::streams::stdout().map_err(|e| Error::io("write to standard output", e))?;
    let mut stderr =
        crate::sys::streams::stderr().map_err(|e| Error::io("write to standard error", e))?;
    let mut streams = Streams {
        input: &mut input,
        output: &mut stdout,
        notes: &mut stderr,
        prompt,
        explain: output.explain,
        show_secrets: output.show_secrets,
        secrets: screen::secrets(),
    };
    exchange::run(mechanism, output.protocol.map(Into::into), &mut streams)?;
    Ok(())
}
