//! The command-line definition, and nothing else.
//!
//! Conventions: every option has a long name; a short name only where it
//! is given explicitly here (`short = 'u'`); value names are upper case;
//! long help comes from the doc comments. One rule for values that begin
//! with `-`, for every option alike: they are given as `--opt=VALUE`
//! (and `decode`'s values after `--`), so that `--pass --explain` is a
//! missing value, not a password; no option takes hyphen values. Every text field is taken as an
//! `OsString` so that invalid UTF-8 reaches the library's checks (and its
//! exit status for bad data) instead of being refused as a usage error.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap::builder::TypedValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use saslenc::protocol::Protocol;
use saslenc::stored::Format;
use saslenc::{Charset, Secret};

const EXIT_CODES: &str = "\
Exit status:
  0  success (also when the reader of the output goes away: ... | head)
  1  authentication failed (the server refused the credentials, or sent a
     SCRAM e=...), (secret verify) the password does not match the stored
     secret, (token inspect) a check of the token failed, or (decode --user,
     --pass-...) a credential decoded does not carry the expected one
  2  usage error: bad or conflicting options, an unexpected argument, no
     password or token source, a secret source that is the conversation's
     standard input or saslenc's own output (--pass-fd 1 or 2), an option
     value the format does not allow (secret)
  3  data error: a field breaks a rule (NUL, UTF-8, empty, base64, charset,
     SASLprep), a --pass-cmd or --token-cmd failed, ran past 30 seconds or
     printed nothing, a pasted server line is longer than 64 KiB, standard
     input ended before the server's verdict, an input of decode could not be
     decoded (or none carried a credential to check), a stored secret is malformed, a line of a secret --batch
     failed, or (token inspect) the input is not a token saslenc can read
  4  I/O error: an input could not be read (a missing file, a closed
     descriptor) or the output written (a full disk, a closed stdout)
  5  connect: cannot connect, or timed out
  6  connect: TLS handshake or certificate failure
  7  connect: no usable mechanism, or no STARTTLS where TLS is required;
     the server cannot use the mechanism here (SMTP 504, 530, 534, 538,
     IMAP [PRIVACYREQUIRED]), in connect and pasted lines alike
  8  connect: temporary failure (SMTP 4xx, IMAP [UNAVAILABLE], POP3 [SYS/TEMP])
  9  protocol error: the server broke the protocol or saslenc's limits (in
     connect and the pasted conversation alike: a malformed challenge, a
     success before the exchange was over, a wrong SCRAM server-final or
     server signature, a multi-line reply whose lines carry different
     codes), or refused the command itself (SMTP 500-503, IMAP BAD, POP3
     [SYS/PERM])

Values that begin with '-' are given as --opt=VALUE (decode: after --).";

const EXAMPLES: &str = "\
Examples:
  saslenc plain --user u --pass-env SMTP_PASS
  saslenc plain --user test@example.com --authzid test@example.com --pass-file ~/.smtp-pass
  saslenc login --user user --protocol smtp
  saslenc cram-md5 --user tim \\
      --challenge '334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+'
  saslenc xoauth2 --user me@gmail.com --token-file token.txt --protocol smtp
  saslenc oauthbearer --user me@example.com --host imap.example.com --port 993 --token-env TOKEN
  saslenc external --protocol imap
  saslenc anonymous --trace sirhc
  saslenc scram-sha-256 --user user --pass-env PASS --protocol smtp
      # prints AUTH SCRAM-SHA-256 ..., then reads each 334 line from stdin
  saslenc plain --user u --pass-env SMTP_PASS --explain
  saslenc decode '334 VXNlcm5hbWU6' 'AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm'
  saslenc secret scram-sha-256 --user alice --pass-env PASS   # alice:{SCRAM-SHA-256}...
  saslenc secret verify '{CRAM-MD5}7f47...' --pass-env PASS
  saslenc completions --dir completions";

const SCRAM_HELP: &str = "\
Without --server-first, saslenc holds the conversation: it prints
client-first, reads the server's lines (334 ... / + ... / base64) from
standard input, prints client-final, checks the server's signature in
server-final and ends with the server's verdict.

With --nonce and --server-first it prints client-first and client-final,
and the server-final the server must send (on standard error); add
--server-final to check one.

--explain explains client-first and client-final on standard error; the
proof is masked unless --show-secrets, and taken as given by the printf
pipeline, since it needs PBKDF2 (RFC 5802 section 3).

Examples:
  saslenc scram-sha-256 --user user --pass-env PASS --protocol imap
  saslenc scram-sha-1 --user user --pass pencil --nonce fyko+d2lbbFgONRv9qkxdawL \\
      --server-first cj1meWtvK2QybGJiRmdPTlJ2OXFreGRhd0wzcmZjTkhZSlkxWlZ2V1ZzN2oscz1RU1hDUitRNnNlazhiZjkyLGk9NDA5Ng==
  saslenc scram-sha-1 --user user --pass pencil --nonce fyko+d2lbbFgONRv9qkxdawL --explain \\
      --server-first cj1meWtvK2QybGJiRmdPTlJ2OXFreGRhd0wzcmZjTkhZSlkxWlZ2V1ZzN2oscz1RU1hDUitRNnNlazhiZjkyLGk9NDA5Ng==";

/// Build exact SASL credentials and print them base64-encoded.
///
/// saslenc replaces `echo -ne "\0user\0pass" | base64` and its pitfalls:
/// no stray newline, no shell escapes, no line wrapping, no password on the
/// command line. Paste its output into an `openssl s_client` session.
#[derive(Parser)]
#[command(
    name = "saslenc",
    version,
    propagate_version = true,
    subcommand_required = true,
    arg_required_else_help = true,
    after_help = EXAMPLES,
    after_long_help = format!("{EXAMPLES}\n\n{EXIT_CODES}"),
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Each subcommand's arguments are built only when that subcommand runs:
// building all of them took a third of the start-up time.
#[derive(Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// AUTH PLAIN (RFC 4616): one line, authzid NUL user NUL password
    #[command(after_help = "Examples:
  saslenc plain --user u --pass-env SMTP_PASS
  saslenc plain --user test@example.com --authzid test@example.com --pass-file pass.txt
  saslenc plain --user u --protocol imap          # prompts, prints A1 AUTHENTICATE PLAIN ...
  saslenc plain --user u --pass-env SMTP_PASS --explain   # the bytes, and the shell way")]
    Plain(PlainArgs),

    /// AUTH LOGIN: the user name, then the password, each on its own line
    #[command(after_help = "Examples:
  saslenc login --user user --pass-env SMTP_PASS
  saslenc login --user user --protocol smtp       # AUTH LOGIN, then the two answers
  saslenc login --user user --pass-env PASS --interactive   # answer the 334 lines as pasted
  saslenc login --user user --pass-env SMTP_PASS --explain")]
    Login(LoginArgs),

    /// AUTH CRAM-MD5 (RFC 2195): answer the server's challenge
    #[command(after_help = "Examples:
  saslenc cram-md5 --user tim \\
      --challenge PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
  saslenc cram-md5 --user tim \\
      --challenge '334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+'
  saslenc cram-md5 --user tim --pass-env PASS --protocol smtp
      # no --challenge: prints AUTH CRAM-MD5, then reads the 334 line from stdin
  saslenc cram-md5 --user tim --explain \\
      --challenge '334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+'")]
    CramMd5(CramMd5Args),

    /// AUTH DIGEST-MD5 (RFC 2831, historic): answer the challenge, check rspauth
    #[command(
        after_help = "DIGEST-MD5 is historic (RFC 6331): use it to debug a login, and move
to SCRAM-SHA-256.

Examples:
  saslenc digest-md5 --user chris --host elwood.innosoft.com --protocol imap
      # prints A1 AUTHENTICATE DIGEST-MD5, then reads the + lines from stdin
  saslenc digest-md5 --user chris --host elwood.innosoft.com --protocol imap \\
      --cnonce OA6MHXh6VqTrRk --explain \\
      --challenge cmVhbG09ImVsd29vZC5pbm5vc29mdC5jb20iLG5vbmNlPSJPQTZNRzl0RVFHbTJoaCIscW9wPSJhdXRoIixhbGdvcml0aG09bWQ1LXNlc3MsY2hhcnNldD11dGYtOA=="
    )]
    DigestMd5(DigestMd5Args),

    /// AUTH NTLM (MS-NLMP, being retired): NEGOTIATE, then the NTLMv2 answer
    #[command(
        after_help = "Microsoft is retiring NTLM: use it to debug a login, and move to Kerberos
(GSSAPI) or, with Exchange Online, OAuth (XOAUTH2).

Examples:
  saslenc ntlm --user 'WORK\\alice' --protocol smtp
      # prints AUTH NTLM <NEGOTIATE>, then reads the 334 lines from stdin
  saslenc ntlm --user alice --domain WORK --pass-env PASS --protocol smtp \\
      --challenge '334 TlRMTVNTUAACAAAA...' --explain
  saslenc ntlm --user User --domain Domain --workstation COMPUTER --pass-env PASS \\
      --client-challenge aaaaaaaaaaaaaaaa --timestamp 0 --challenge TlRMTVNTUAACAAAA..."
    )]
    Ntlm(NtlmArgs),

    /// AUTH XOAUTH2 (Gmail, Microsoft 365): user and OAuth 2.0 access token
    #[command(
        after_help = "With --protocol smtp, a response that would make the AUTH line longer than
512 octets (RFC 4954 section 4) is printed on a line of its own, to send
after the server's 334.

Examples:
  saslenc xoauth2 --user me@gmail.com --token-file token.txt
  saslenc xoauth2 --user me@example.com --token-env ACCESS_TOKEN --protocol smtp
  oauth-helper | saslenc xoauth2 --user me@example.com --token-stdin --protocol imap
  saslenc xoauth2 --user me@gmail.com --token-env ACCESS_TOKEN --explain"
    )]
    Xoauth2(Xoauth2Args),

    /// AUTH OAUTHBEARER (RFC 7628): the standard OAuth 2.0 bearer mechanism
    #[command(after_help = "Examples:
  saslenc oauthbearer --user user@example.com --token-env ACCESS_TOKEN
  saslenc oauthbearer --user user@example.com --host server.example.com --port 143 \\
      --token-file token.txt --protocol imap
  saslenc oauthbearer --user user@example.com --token-env ACCESS_TOKEN --explain")]
    Oauthbearer(OauthbearerArgs),

    /// AUTH SCRAM-SHA-1 (RFC 5802): salted challenge-response, server proves itself
    #[command(name = "scram-sha-1", after_help = SCRAM_HELP)]
    ScramSha1(ScramArgs),

    /// AUTH SCRAM-SHA-256 (RFC 7677): salted challenge-response, server proves itself
    #[command(name = "scram-sha-256", after_help = SCRAM_HELP)]
    ScramSha256(ScramArgs),

    /// AUTH EXTERNAL (RFC 4422 appendix A): credentials from TLS or the socket
    #[command(after_help = "Examples:
  saslenc external                        # prints =, the empty initial response
  saslenc external --authzid shared@example.com --protocol imap
  saslenc external --explain              # the empty message, and why = is sent")]
    External(ExternalArgs),

    /// AUTH ANONYMOUS (RFC 4505): optional trace information only
    #[command(after_help = "Examples:
  saslenc anonymous                       # prints =, the empty initial response
  saslenc anonymous --trace sirhc --protocol smtp
  saslenc anonymous --trace sirhc --explain")]
    Anonymous(AnonymousArgs),

    /// List every mechanism with its RFC and when to use it
    #[command(visible_alias = "list")]
    Mechanisms,

    /// Log in to an SMTP, IMAP or POP3 server over TLS and report the verdict
    ///
    /// Connects to URL, starts TLS (STARTTLS/STLS, or implicit TLS for
    /// smtps, submissions, imaps and pop3s), authenticates with the
    /// strongest mechanism both sides have (or --mech), then says goodbye.
    /// Prints the transcript, every line marked C: (client) or S:
    /// (server), with each base64 payload decoded beneath it and every
    /// secret masked with its length, then one verdict line. The exit
    /// status tells a wrong password (1) from a server that is down (5), a
    /// certificate problem (6) or a temporary failure (8).
    ///
    /// URL schemes: smtp:// (port 25) and submission:// (587) with
    /// STARTTLS, smtps:// and submissions:// (465) with implicit TLS;
    /// imap:// (143, STARTTLS), imaps:// (993); pop3:// (110, STLS),
    /// pop3s:// (995). IPv6 addresses go in brackets: imaps://[::1]:993.
    #[cfg(feature = "net")]
    #[command(after_help = CONNECT_EXAMPLES, after_long_help = CONNECT_LONG)]
    Connect(ConnectArgs),

    /// Run a practice SMTP, IMAP or POP3 server that shows what a client
    /// sends, checks its login, and says why a refused login was wrong
    ///
    /// Listens on each URL (smtp:// and submission:// with STARTTLS,
    /// smtps:// and submissions:// with implicit TLS, imap:// imaps://
    /// pop3:// pop3s://; the port is required, 0 picks a free one), prints
    /// one `listening` line per address before it accepts anything, then
    /// for every connection the exchange decoded and masked, a verdict,
    /// and, for a refused login, a diagnosis naming the byte that made it
    /// wrong and the usual cause. Accounts come from --user with a
    /// password or token, --passdb (a Dovecot passwd-file as `saslenc
    /// secret` writes it), or --accept-any. TLS uses --cert/--key or a
    /// fresh self-signed certificate whose SHA-256 pin is printed. AUTH
    /// without TLS is refused unless --allow-cleartext. With --once, the
    /// first connection's verdict is the exit status; otherwise it runs
    /// until SIGINT, SIGTERM or SIGHUP. Every option, diagnosis and limit:
    /// https://github.com/saslenc/saslenc/blob/main/docs/serve.md
    #[cfg(feature = "net")]
    #[command(after_help = SERVE_EXAMPLES, after_long_help = format!("{SERVE_EXAMPLES}\n\n{SERVE_EXIT_CODES}"))]
    Serve(ServeArgs),

    /// Make the secrets a server stores for SCRAM and CRAM-MD5, or check a
    /// password against one
    ///
    /// `saslenc secret MECH` prints the stored secret for a password in the
    /// format a server reads (Dovecot, PostgreSQL, pgbouncer, RFC 5803
    /// LDAP, Kafka), with a random 16-byte salt; `--batch` makes one for
    /// each `user:password` line of a file, on every core. `saslenc secret
    /// verify STORED` checks a password against a stored secret of any of
    /// these formats (and gsasl's, passlib's `$scram$`, Dovecot's
    /// `{PLAIN}`). Every format and where it is used:
    /// https://github.com/saslenc/saslenc/blob/main/docs/secret.md
    #[command(after_help = SECRET_EXAMPLES, after_long_help = format!("{SECRET_EXAMPLES}\n\n{SECRET_EXIT_CODES}"))]
    Secret(SecretArgs),

    /// Decode base64 from a server or client line and show every byte
    ///
    /// Takes each VALUE, or each non-blank line of standard input when no
    /// VALUE is given, as pasted from a terminal or a log: bare base64,
    /// `334 <base64>`, `+ <base64>`, `AUTH <MECH> <base64>` or `<tag>
    /// AUTHENTICATE <MECH> <base64>`; a bare `334`, `+` or `=` is an empty
    /// message. Prints the decoded bytes with every byte visible (NUL as
    /// `\0`, a backslash as `\\`, other control bytes and invisible
    /// characters as `\xHH`), what the message is where its shape is known
    /// (LOGIN prompts, CRAM-MD5 challenges, PLAIN, XOAUTH2, OAUTHBEARER,
    /// SCRAM), and its fields, with passwords, tokens and proofs masked.
    /// A mechanism named on the line wins over the shape. An input that
    /// cannot be decoded is reported on stderr; the others are still
    /// decoded, and the exit status is 3 at the end.
    #[command(after_help = DECODE_EXAMPLES)]
    Decode(DecodeArgs),

    /// Read an OAuth access token offline: its claims, and why a mail login
    /// with it would fail
    ///
    /// `saslenc token inspect` shows the claims of a JWT access token that
    /// decide an XOAUTH2 or OAUTHBEARER login (issuer, audience, scopes or
    /// roles, user, tenant, app, and its times in UTC and in words) and
    /// runs the checks: for Microsoft, Exchange Online's audience (a
    /// Microsoft Graph token is the usual `535 5.7.3`), the scope or
    /// app-only role the protocol needs; for any issuer, expiry and
    /// not-before (allowing 5 minutes of clock skew) and the user. Google
    /// `ya29.` tokens are opaque and only recognised. No network; the
    /// token and its signature are never printed. Every claim, check and
    /// fix: https://github.com/saslenc/saslenc/blob/main/docs/token.md
    #[command(after_help = TOKEN_EXAMPLES, after_long_help = format!("{TOKEN_EXAMPLES}\n\n{TOKEN_EXIT_CODES}"))]
    Token(TokenCommandArgs),

    /// Print shell completions or the man pages, write them into a
    /// directory, or install them where your shell and man look
    ///
    /// `--install` writes the bash, zsh and fish completions and every man
    /// page under your home directory, creating the directories, and
    /// prints where each went: bash
    /// `${XDG_DATA_HOME:-~/.local/share}/bash-completion/completions/saslenc`,
    /// zsh `${XDG_DATA_HOME:-~/.local/share}/zsh/site-functions/_saslenc`
    /// (a directory to put on `fpath`), fish
    /// `${XDG_CONFIG_HOME:-~/.config}/fish/completions/saslenc.fish`, man
    /// pages `${XDG_DATA_HOME:-~/.local/share}/man/man1/`. `man` finds
    /// those when `~/.local/bin` is on PATH; otherwise add the directory
    /// to MANPATH: `export MANPATH="$HOME/.local/share/man:"` (the
    /// trailing colon keeps the system's pages). Without installing
    /// anything, `source <(saslenc completions bash)` in `~/.bashrc` loads
    /// the completions in each new shell. `saslenc completions --dir
    /// completions` regenerates every file that the source tree keeps in
    /// `completions/`.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
}

#[cfg(feature = "net")]
macro_rules! connect_examples {
    () => {
        "\
Examples:
  saslenc connect submission://mail.example.com --user me@example.com --pass-env SMTP_PASS
  saslenc connect imaps://imap.example.com --user me --pass-file ~/.imap-pass --mech SCRAM-SHA-256
  saslenc connect imap://127.0.0.1:10143 --cafile server.pem --user u --pass-env PASS -q
  saslenc connect smtps://smtp.gmail.com --user me@gmail.com --token-env ACCESS_TOKEN
  saslenc connect pop3s://pop.example.com --probe
  saslenc connect imaps://imap.example.com --cert me.pem --key me.key --user me
  saslenc connect submission://mail.example.com --user u --pass-env PASS --all
  saslenc connect imaps://imap.example.com --user u --pass-env PASS --json | jq .verdict"
    };
}

#[derive(Args, Default)]
#[group(id = "token-source", multiple = false)]
pub struct TokenArgs {
    /// The token itself. Other users can see it in `ps`, and your shell
    /// history keeps it: use it for scripts and teaching, not real accounts
    #[arg(long, value_name = "TOKEN", value_parser = SecretParser)]
    pub token: Option<Secret>,

    /// Read the token from a file; one trailing line end is removed
    #[arg(long, value_name = "PATH")]
    pub token_file: Option<PathBuf>,

    /// Read the token from this environment variable, as is
    #[arg(long, value_name = "VAR")]
    pub token_env: Option<OsString>,

    /// Read the token from standard input, to end of file; one trailing
    /// line end is removed
    #[arg(long)]
    pub token_stdin: bool,

    /// Read the token from an inherited file descriptor, to end of file;
    /// one trailing line end is removed
    #[arg(long, value_name = "FD")]
    pub token_fd: Option<u32>,

    /// Run CMD with `sh -c`, standard input from /dev/null, and take its
    /// standard output as the token, one trailing line end removed (a
    /// token helper: `oama access me@example.com`, `pizauth show
    /// outlook`). It must finish within 30 seconds; a failure reports its
    /// exit status and standard error, never its output
    #[arg(long, value_name = "CMD")]
    pub token_cmd: Option<OsString>,
}

// Where the password comes from: at most one of these. With none, it is
// asked for on the terminal without echo. (A plain comment, as above.)
#[derive(Args, Default)]
#[group(id = "password-source", multiple = false)]
pub struct PasswordArgs {
    /// The password itself. Other users can see it in `ps`, and your shell
    /// history keeps it: use it for scripts and teaching, not real accounts
    #[arg(long, value_name = "PASSWORD", value_parser = SecretParser)]
    pub pass: Option<Secret>,

    /// Read the password from a file; one trailing line end is removed
    #[arg(long, value_name = "PATH")]
    pub pass_file: Option<PathBuf>,

    /// Read the password from this environment variable, as is
    #[arg(long, value_name = "VAR")]
    pub pass_env: Option<OsString>,

    /// Read the password from standard input, to end of file; one trailing
    /// line end is removed
    #[arg(long)]
    pub pass_stdin: bool,

    /// Read the password from an inherited file descriptor (e.g. a pipe
    /// opened with `3<<<"$PASS"`), to end of file; one trailing line end is
    /// removed
    #[arg(long, value_name = "FD")]
    pub pass_fd: Option<u32>,

    /// Run CMD with `sh -c`, standard input from /dev/null, and take its
    /// standard output as the password, one trailing line end removed
    /// (`pass show mail`, `secret-tool lookup ...`). It must finish within
    /// 30 seconds; a failure reports its exit status and standard error,
    /// never its output
    #[arg(long, value_name = "CMD")]
    pub pass_cmd: Option<OsString>,
}

#[derive(Args)]
pub struct EncodingArgs {
    /// The character set the fields are sent in. RFCs require UTF-8; latin1
    /// (ISO-8859-1) is for legacy servers that store passwords in it
    #[arg(long, value_name = "CHARSET", value_enum, default_value_t = CharsetArg::Utf8)]
    pub charset: CharsetArg,
}

#[derive(Args)]
pub struct OutputArgs {
    /// Print the lines to paste into a session of this protocol: the AUTH
    /// (or IMAP AUTHENTICATE) command, then the answers in order
    #[arg(short = 'P', long, value_name = "PROTOCOL", value_enum)]
    pub protocol: Option<ProtocolArg>,

    /// Do not print a newline after the last line
    #[arg(short = 'n', long)]
    pub no_newline: bool,

    /// Also explain each message on stderr: its exact bytes (escaped and
    /// as a hex dump), its length, its base64, a portable `printf`
    /// pipeline that prints the same base64, and what the classic
    /// `echo "..." | base64` really gives instead. Stdout stays as without
    /// it. In a conversation (--interactive, or no --challenge or
    /// --server-first), each message is explained as it is printed.
    /// Secrets are masked unless --show-secrets
    #[arg(long)]
    pub explain: bool,

    /// Show the password and other secrets in the --explain output
    #[arg(long, requires = "explain")]
    pub show_secrets: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum CharsetArg {
    /// UTF-8 (RFC 4616, RFC 4422)
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// ISO-8859-1, one byte a character
    #[value(name = "latin1", alias = "iso-8859-1")]
    Latin1,
}

impl From<CharsetArg> for Charset {
    fn from(arg: CharsetArg) -> Self {
        match arg {
            CharsetArg::Utf8 => Charset::Utf8,
            CharsetArg::Latin1 => Charset::Latin1,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ProtocolArg {
    /// SMTP: AUTH <MECH> [<base64>]
    Smtp,
    /// IMAP with SASL-IR: A1 AUTHENTICATE <MECH> [<base64>]
    Imap,
    /// POP3: AUTH <MECH> [<base64>]
    Pop3,
}

impl From<ProtocolArg> for Protocol {
    fn from(arg: ProtocolArg) -> Self {
        match arg {
            ProtocolArg::Smtp => Protocol::Smtp,
            ProtocolArg::Imap => Protocol::Imap,
            ProtocolArg::Pop3 => Protocol::Pop3,
        }
    }
}

/// Takes `--pass` straight into a [`Secret`], bytes as given, so that no
/// plain copy of it stays in the parsed arguments.
#[derive(Clone)]
pub struct SecretParser;

impl TypedValueParser for SecretParser {
    type Value = Secret;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Secret, clap::Error> {
        Ok(Secret::new(value.as_encoded_bytes().to_vec()))
    }
}

mod build;
mod verbs;

pub use build::*;
pub use verbs::*;

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
