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
     secret, or (token inspect) a check of the token failed
  2  usage error: bad or conflicting options, an unexpected argument, no
     password or token source, a secret source that is the conversation's
     standard input or saslenc's own output (--pass-fd 1 or 2), an option
     value the format does not allow (secret)
  3  data error: a field breaks a rule (NUL, UTF-8, empty, base64, charset,
     SASLprep), a --pass-cmd or --token-cmd failed, ran past 30 seconds or
     printed nothing, a pasted server line is longer than 64 KiB, standard
     input ended before the server's verdict, an input of decode could not be
     decoded, a stored secret is malformed, a line of a secret --batch
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
    /// until SIGINT or SIGTERM. Every option, diagnosis and limit:
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
  saslenc connect submission://mail.example.com --user u --pass-env PASS --all
  saslenc connect imaps://imap.example.com --user u --pass-env PASS --json | jq .verdict"
    };
}

#[cfg(feature = "net")]
const CONNECT_EXAMPLES: &str = connect_examples!();

#[cfg(feature = "net")]
const CONNECT_LONG: &str = concat!(
    connect_examples!(),
    "\n\n\
Certificates: checked against the platform's trust store, with the host
name. --cafile trusts the certificates of a PEM file instead: CAs, or the
server's own certificate (a self-signed `openssl req -x509` one works, its
host name and dates are still checked). --pin-sha256 accepts exactly the
certificate with that SHA-256 of its DER encoding, as 64 hex digits
(colons allowed: `openssl x509 -in cert.pem -noout -fingerprint -sha256`)
or base64; --probe prints it. --insecure checks nothing, and says so.

Exit status:
  0  accepted (with --probe: the probe completed; with --all: every
     mechanism tried was accepted)
  1  refused: the server refused the credentials (with --all: one was
     refused and nothing else failed; otherwise the status of the first
     mechanism that failed otherwise)
  2  usage error, or a cleartext login without --allow-cleartext
  3  data error: a field breaks a rule of the mechanism
  4  I/O error: a secret could not be read, or the output written
  5  cannot connect, or timed out (--timeout, default 10 seconds)
  6  TLS handshake or certificate failure
  7  no usable mechanism (with --all: nothing could be tried), no
     STARTTLS where TLS is required, or the server cannot use the
     mechanism here (SMTP 504, 530, 534, 538, IMAP [PRIVACYREQUIRED])
  8  temporary failure: SMTP 4xx, IMAP [UNAVAILABLE], POP3 [SYS/TEMP]/[IN-USE]
  9  protocol error: the server broke the protocol or saslenc's limits
     (bytes injected after STARTTLS, an endless line or exchange, a
     success before the mechanism's last step, a SCRAM server signature
     that does not verify, a multi-line reply whose lines carry different
     codes, a reply that came before saslenc's line was written, a dropped
     connection), or refused the command itself rather than the
     credentials (SMTP 500-503, IMAP BAD, POP3 [SYS/PERM])"
);

const DECODE_EXAMPLES: &str = "\
Examples:
  saslenc decode '334 VXNlcm5hbWU6'                 # LOGIN prompt for the user name
  saslenc decode 'AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm'
  saslenc decode 'a1 AUTHENTICATE PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm' --show-secrets
  grep -h 'AUTH ' session.log | saslenc decode --json";

const SECRET_EXAMPLES: &str = "\
Examples:
  saslenc secret scram-sha-256 --pass-env PASS      # {SCRAM-SHA-256}4096,...
  saslenc secret scram-sha-256 --user alice         # asks twice; alice:{SCRAM-...
  saslenc secret scram-sha-256 -F postgres-sql -u alice --pass-file pw | psql
  saslenc secret scram-sha-512 -F kafka -u alice -I 8192 --pass-env PASS
  saslenc secret cram-md5 --pass-env PASS           # {CRAM-MD5}<64 hex digits>
  saslenc secret scram-sha-1 --batch users.txt --output passwd
  saslenc secret verify '{CRAM-MD5}7f47...' --pass-env PASS
  grep '^alice:' /etc/dovecot/passwd | saslenc secret verify - --pass-env PASS";

const SECRET_EXIT_CODES: &str = "\
Exit status:
  0  the secret was made, or the password matches the stored secret
  1  verify: the password does not match the stored secret
  2  usage error: bad or conflicting options, an iteration count or a
     format the scheme does not allow, no password source
  3  data error: the stored secret is malformed or asks for more
     iterations than --max-iterations (verify), a password
     breaks a rule (empty, NUL, SASLprep), or some lines of a batch
     failed (each is reported with its line number; the others are
     still written)
  4  I/O error: an input could not be read or the output written";

const TOKEN_EXAMPLES: &str = "\
Examples:
  saslenc token inspect --token-env ACCESS_TOKEN --protocol smtp --user me@contoso.com
  saslenc token inspect --token-cmd 'oama access me@contoso.com' --protocol imap
  pizauth show outlook | saslenc token inspect --token-stdin --json";

const TOKEN_EXIT_CODES: &str = "\
Exit status:
  0  the token was read and no check failed (notes do not count)
  1  a check failed; every finding is listed
  2  usage error: bad or conflicting options, no token source
  3  the input is not a token saslenc can read (neither a JWT nor a
     Google ya29. token), or --token-cmd failed, overran 30 seconds or
     printed nothing
  4  I/O error: the token could not be read or the output written";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  saslenc completions --install                     # bash, zsh, fish and man under ~
  source <(saslenc completions bash)                # in ~/.bashrc, installing nothing
  saslenc completions zsh > ~/.zfunc/_saslenc
  saslenc completions man --dir ~/.local/share/man/man1   # saslenc.1 and saslenc-*.1
  saslenc completions --dir completions             # all of them, as the source keeps them";

#[derive(Args)]
pub struct TokenCommandArgs {
    #[command(subcommand)]
    pub command: TokenCommand,
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Show a token's claims and check them against the rules of a mail
    /// login; exit status 1 when a check fails
    #[command(after_help = TOKEN_EXAMPLES)]
    Inspect(TokenInspectArgs),
}

#[derive(Args)]
pub struct TokenInspectArgs {
    /// Check the scope or role this protocol needs (Exchange Online:
    /// SMTP.Send, IMAP.AccessAsUser.All, POP.AccessAsUser.All, or their
    /// app-only roles); without it, any of the three will do
    #[arg(short = 'P', long, value_name = "PROTOCOL", value_enum)]
    pub protocol: Option<ProtocolArg>,

    /// The user the login will give (XOAUTH2 user=, OAUTHBEARER a=):
    /// checked against the token's upn, unique_name, preferred_username
    /// or email, ignoring case
    #[arg(short = 'u', long, value_name = "USER")]
    pub user: Option<OsString>,

    /// Print one JSON document: the claims, and each finding with its
    /// check, outcome, rule and fix
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub token: TokenArgs,
}

#[derive(Args)]
pub struct DecodeArgs {
    /// The lines to decode; with none, each line of standard input. A
    /// value that begins with `-` (`-ERR ...`) goes after `--`
    #[arg(value_name = "VALUE")]
    pub values: Vec<OsString>,

    /// Print one JSON object per input, one a line: form, sender,
    /// mechanism, fields (masked ones with a null value), the escaped
    /// text and the bytes as hex (each masked byte as `**`)
    #[arg(long)]
    pub json: bool,

    /// Show passwords, tokens, digests and proofs instead of masking them
    #[arg(long)]
    pub show_secrets: bool,
}

#[cfg(feature = "net")]
const SERVE_EXAMPLES: &str = "\
Examples:
  # Practise by hand: log in with openssl s_client -starttls smtp -crlf
  saslenc serve smtp://127.0.0.1:2525 --user alice --pass-env PASS
  # Catch what an application sends, any credentials accepted
  saslenc serve submissions://127.0.0.1:4650 --accept-any
  # A CI gate: fail when the application's login is wrong
  saslenc serve smtp://127.0.0.1:2525 --user app --pass-file pw --once &
  my-app --send-test-mail; wait $!";

#[cfg(feature = "net")]
const SERVE_EXIT_CODES: &str = "\
Exit status with --once (the first connection's verdict):
  0  the login was accepted
  1  the login was refused (the diagnosis says why)
  3  a client message was malformed
  5  no connection came within --timeout
  6  the TLS handshake failed
  7  the client never tried to log in
Without --once: 0 after SIGINT or SIGTERM; 2 for a usage error; 4 when a
port cannot be bound.";

#[cfg(feature = "net")]
#[derive(Args)]
pub struct ServeArgs {
    /// Where to listen: SCHEME://HOST:PORT, e.g. smtp://127.0.0.1:2525,
    /// imaps://[::1]:9930, pop3://localhost:0; several URLs, several
    /// listeners
    #[arg(value_name = "URL", required = true)]
    pub urls: Vec<OsString>,

    /// The one account's user name (with a password source, or a token
    /// source for XOAUTH2 and OAUTHBEARER)
    #[arg(short = 'u', long, value_name = "USER", conflicts_with_all = ["passdb", "accept_any"])]
    pub user: Option<OsString>,

    #[command(flatten)]
    pub password: PasswordArgs,

    #[command(flatten)]
    pub token: TokenArgs,

    /// The accounts of a Dovecot passwd-file (user:{SCHEME}data lines, as
    /// `saslenc secret --format dovecot --user` writes them); the
    /// mechanisms offered follow from what is stored
    #[arg(long, value_name = "PATH", conflicts_with = "accept_any")]
    pub passdb: Option<PathBuf>,

    /// Accept every well-formed login, whatever the credentials (capture
    /// mode); still decoded, masked and diagnosed for form. SCRAM is not
    /// offered: its server must prove it knows the password
    #[arg(long)]
    pub accept_any: bool,

    /// The mechanisms to offer, in order, comma-separated (default: every
    /// one the accounts can run, strongest first)
    #[arg(short = 'm', long, value_name = "MECH,...", value_delimiter = ',')]
    pub mech: Vec<String>,

    /// Offer ANONYMOUS (RFC 4505)
    #[arg(long)]
    pub allow_anonymous: bool,

    /// Take AUTH, IMAP LOGIN and POP3 USER/PASS without TLS (loopback
    /// listeners only)
    #[arg(long)]
    pub allow_cleartext: bool,

    /// The certificate chain to serve, PEM (with --key); without it a
    /// fresh self-signed certificate for localhost, 127.0.0.1, ::1 and the
    /// listen names
    #[arg(long, value_name = "PEM", requires = "key")]
    pub cert: Option<PathBuf>,

    /// The private key of --cert, PEM
    #[arg(long, value_name = "PEM", requires = "cert")]
    pub key: Option<PathBuf>,

    /// Write the served certificate (PEM) to this file, for a client's
    /// --cafile / --cacert
    #[arg(long, value_name = "PATH")]
    pub write_cert: Option<PathBuf>,

    /// Stop after the first connection, with its verdict as the exit status
    #[arg(long)]
    pub once: bool,

    /// With --once: the whole run's deadline, in seconds, from start to
    /// the end of the first connection
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,

    /// The most connections served at once; more are told the server is
    /// busy (421, * BYE, -ERR)
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub max_connections: usize,

    /// Show passwords, tokens and proofs in the transcript
    #[arg(long)]
    pub show_secrets: bool,

    /// One JSON object per event per line (NDJSON) on standard output
    #[arg(long)]
    pub json: bool,

    /// Print only the listening lines, verdicts and diagnoses, not the
    /// transcripts
    #[arg(short = 'q', long)]
    pub quiet: bool,
}

#[cfg(feature = "net")]
#[derive(Args)]
pub struct ConnectArgs {
    /// The server: smtp://, submission://, smtps://, submissions://,
    /// imap://, imaps://, pop3:// or pop3s://, then HOST[:PORT]
    #[arg(value_name = "URL")]
    pub url: OsString,

    /// The user to log in as (for ANONYMOUS, the trace information)
    #[arg(short = 'u', long, value_name = "USER")]
    pub user: Option<OsString>,

    /// Act on behalf of this identity (PLAIN, SCRAM, EXTERNAL)
    #[arg(short = 'z', long, value_name = "AUTHZID")]
    pub authzid: Option<OsString>,

    /// The mechanism, as servers name it (any case): SCRAM-SHA-256,
    /// SCRAM-SHA-1, PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER, EXTERNAL,
    /// ANONYMOUS. Without it, the strongest that both sides have
    #[arg(short = 'm', long, value_name = "MECH")]
    pub mech: Option<String>,

    /// Use --mech even if the server does not advertise it
    #[arg(long, requires = "mech")]
    pub force_mech: bool,

    #[command(flatten)]
    pub password: PasswordArgs,

    #[command(flatten)]
    pub token: TokenArgs,

    /// The name sent with EHLO (SMTP)
    #[arg(long, value_name = "NAME", default_value = "localhost")]
    pub ehlo: String,

    /// Trust the certificates in this PEM file instead of the platform's
    /// store: a private CA, or the server's own (self-signed) certificate
    #[arg(long, value_name = "PEM")]
    pub cafile: Option<PathBuf>,

    /// Accept exactly the certificate whose DER encoding has this SHA-256
    /// (64 hex digits, colons allowed, or base64); may be repeated
    #[arg(long = "pin-sha256", value_name = "HASH")]
    pub pin_sha256: Vec<String>,

    /// Do not verify the certificate at all (warns on every run)
    #[arg(short = 'k', long, conflicts_with_all = ["cafile", "pin_sha256"])]
    pub insecure: bool,

    /// Do not start TLS on a STARTTLS scheme (smtp, submission, imap, pop3)
    #[arg(long)]
    pub no_tls: bool,

    /// With --no-tls, allow PLAIN, LOGIN, XOAUTH2 and OAUTHBEARER, which
    /// send the password or token itself
    #[arg(long, requires = "no_tls")]
    pub allow_cleartext: bool,

    /// Seconds to wait for the connection and for each line of the server
    #[arg(short = 't', long, value_name = "SECS", default_value_t = saslenc::login::DEFAULT_TIMEOUT.as_secs())]
    pub timeout: u64,

    /// Print only the verdict line
    #[arg(short = 'q', long, conflicts_with = "json")]
    pub quiet: bool,

    /// Print one JSON document instead of the transcript
    #[arg(long)]
    pub json: bool,

    /// Show passwords, tokens, proofs and digests in the transcript
    #[arg(long)]
    pub show_secrets: bool,

    /// No login: report TLS version, cipher, certificate and the
    /// mechanisms offered before and after TLS, with warnings
    #[arg(long, conflicts_with_all = ["mech", "all"])]
    pub probe: bool,

    /// Try every mechanism the server offers and saslenc has, one
    /// connection each, and print a table
    #[arg(long, conflicts_with = "mech")]
    pub all: bool,
}

#[derive(Args)]
pub struct SecretArgs {
    #[command(subcommand)]
    pub command: SecretCommand,
}

#[derive(Subcommand)]
pub enum SecretCommand {
    /// SCRAM-SHA-256 (RFC 7677): StoredKey and ServerKey
    #[command(name = "scram-sha-256", after_help = SECRET_EXAMPLES)]
    ScramSha256(MakeSecretArgs),

    /// SCRAM-SHA-1 (RFC 5802): StoredKey and ServerKey
    #[command(name = "scram-sha-1", after_help = SECRET_EXAMPLES)]
    ScramSha1(MakeSecretArgs),

    /// SCRAM-SHA-512: for Kafka and RFC 5803 (LDAP)
    #[command(name = "scram-sha-512", after_help = SECRET_EXAMPLES)]
    ScramSha512(MakeSecretArgs),

    /// Dovecot's {CRAM-MD5}: the HMAC-MD5 key states, no salt
    #[command(after_help = SECRET_EXAMPLES)]
    CramMd5(MakeSecretArgs),

    /// Check a password against a stored secret of any known format
    ///
    /// Recognises Dovecot's {SCRAM-SHA-1}, {SCRAM-SHA-256}, {CRAM-MD5} and
    /// {PLAIN} (also as a passwd-file line), gsasl --mkpasswd output,
    /// PostgreSQL verifiers (bare, in an ALTER/CREATE ROLE statement or a
    /// pgbouncer line), RFC 5803 authPassword, Kafka's --add-scram form
    /// and passlib's $scram$. Compares in constant time; exits 0 on a
    /// match, 1 on a mismatch, 3 when the stored secret is malformed.
    #[command(after_help = "Examples:
  saslenc secret verify --pass-env PASS \\
      '{CRAM-MD5}7f47ace0e2af8f6cdeb72c03243a8c87834e19104164d6a42de72d243adb4080'
  psql -Atc \"select rolpassword from pg_authid where rolname='alice'\" |
      saslenc secret verify - --pass-fd 3 3<pw.txt")]
    Verify(VerifySecretArgs),
}

#[derive(Args)]
pub struct MakeSecretArgs {
    /// The text to print: dovecot ({SCHEME}..., also gsasl's), postgres
    /// (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer
    /// (userlist.txt line), rfc5803 (LDAP authPassword), kafka
    /// (kafka-storage --add-scram)
    #[arg(short = 'F', long, value_name = "FORMAT", value_enum, default_value_t = FormatArg::Dovecot)]
    pub format: FormatArg,

    /// PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at
    /// most 16384 for Kafka
    #[arg(short = 'I', long, value_name = "N")]
    pub iterations: Option<u32>,

    /// The salt, base64, 8 to 1024 bytes; 16 random bytes from the
    /// operating system when not given. Fix it only for tests and examples
    #[arg(long, value_name = "BASE64", conflicts_with = "batch")]
    pub salt: Option<OsString>,

    /// The user the secret is for: needed by postgres-sql, pgbouncer and
    /// kafka; with the other formats it makes a `user:secret` line (a
    /// Dovecot passwd-file entry)
    #[arg(short = 'u', long, value_name = "USER", conflicts_with = "batch")]
    pub user: Option<OsString>,

    /// Hash the password as given, without SASLprep (RFC 4013), as
    /// `doveadm pw` and Kafka do
    #[arg(long)]
    pub no_saslprep: bool,

    /// Make one secret for each line of FILE (`-`: standard input):
    /// `user:password` (split at the first `:`, the rest kept as is) or
    /// `user<TAB>base64-password` (for passwords with newlines or leading
    /// blanks). Empty lines and lines starting with `#` are skipped. Prints
    /// one line per user, in input order, as they are made; a bad line is
    /// reported with its number and the others are still written (exit
    /// status 3); a user named twice is warned of
    #[arg(
        short = 'b',
        long,
        value_name = "FILE",
        conflicts_with = "password-source"
    )]
    pub batch: Option<PathBuf>,

    /// Write to FILE instead of standard output ('-' is standard output).
    /// A regular file (or a symbolic link to one) is replaced atomically at
    /// its target, keeping its mode, owner and group (a new file is 0600);
    /// a file with several links is written in place; a device, FIFO or
    /// terminal is written through, never replaced
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub password: PasswordArgs,
}

#[derive(Args)]
pub struct VerifySecretArgs {
    /// The stored secret, as the server keeps it; `-` reads one line from
    /// standard input
    #[arg(value_name = "STORED")]
    pub stored: OsString,

    /// Check the password only as given, without SASLprep (by default a
    /// SCRAM secret is checked with the SASLprep'd password, then as given)
    #[arg(long)]
    pub no_saslprep: bool,

    /// Refuse SCRAM secrets of more than N PBKDF2 iterations, at once
    /// (exit status 3); 10000000 by default, the most `secret` makes. Each
    /// check derives once (twice when SASLprep changes the password), about
    /// 0.5 s per million iterations with SHA-512
    #[arg(long, value_name = "N", default_value_t = saslenc::stored::MAX_ITERATIONS,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_iterations: u32,

    #[command(flatten)]
    pub password: PasswordArgs,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// Dovecot passdb: {SCRAM-SHA-256}i,salt,StoredKey,ServerKey
    Dovecot,
    /// PostgreSQL verifier: SCRAM-SHA-256$i:salt$StoredKey:ServerKey
    Postgres,
    /// ALTER ROLE "user" PASSWORD '<verifier>';
    PostgresSql,
    /// pgbouncer userlist.txt: "user" "<verifier>"
    Pgbouncer,
    /// RFC 5803 authPassword: SCRAM-SHA-1$i:salt$StoredKey:ServerKey
    Rfc5803,
    /// kafka-storage --add-scram: SCRAM-SHA-256=[name=...,salt=...,...]
    Kafka,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Self {
        match arg {
            FormatArg::Dovecot => Format::Dovecot,
            FormatArg::Postgres => Format::Postgres,
            FormatArg::PostgresSql => Format::PostgresSql,
            FormatArg::Pgbouncer => Format::Pgbouncer,
            FormatArg::Rfc5803 => Format::Rfc5803,
            FormatArg::Kafka => Format::Kafka,
        }
    }
}

#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell to print completions for, or `man` for the man pages
    #[arg(value_name = "SHELL", value_enum, required_unless_present_any = ["dir", "install"])]
    pub shell: Option<GeneratedFile>,

    /// Write the files into this directory, creating it: SHELL's
    /// completions, every man page (`man`), or without SHELL the
    /// completions for every shell and every man page, under the names the
    /// source tree keeps them
    #[arg(short = 'd', long, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Install the completions for bash, zsh and fish and every man page
    /// (or SHELL's alone) into your own directories, creating them, and
    /// print where each went
    #[arg(short = 'i', long, conflicts_with = "dir")]
    pub install: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum GeneratedFile {
    /// Bash completions
    Bash,
    /// Zsh completions
    Zsh,
    /// Fish completions
    Fish,
    /// PowerShell completions
    Powershell,
    /// Elvish completions
    Elvish,
    /// The man pages: saslenc.1 printed, and one page a subcommand
    /// (saslenc-plain.1, ...) with --dir or --install
    Man,
}

#[derive(Args)]
pub struct PlainArgs {
    /// The user to authenticate as (the authcid)
    #[arg(short = 'u', long, value_name = "USER")]
    pub user: OsString,

    /// Act on behalf of this identity (the authzid); empty when not given.
    /// Some older servers want it equal to the user
    #[arg(short = 'z', long, value_name = "AUTHZID")]
    pub authzid: Option<OsString>,

    #[command(flatten)]
    pub password: PasswordArgs,

    #[command(flatten)]
    pub encoding: EncodingArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
pub struct LoginArgs {
    /// The user name
    #[arg(short = 'u', long, value_name = "USER")]
    pub user: OsString,

    #[command(flatten)]
    pub conversation: ConversationArgs,

    #[command(flatten)]
    pub password: PasswordArgs,

    #[command(flatten)]
    pub encoding: EncodingArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
pub struct CramMd5Args {
    /// The user name
    #[arg(short = 'u', long, value_name = "USER")]
    pub user: OsString,

    /// The server's challenge: its base64 as sent, or the whole
    /// `334 <base64>` / `+ <base64>` line as copied from the terminal.
    /// Without it, saslenc holds the conversation (see --interactive)
    #[arg(
        short = 'c',
        long,
        value_name = "CHALLENGE",
        conflicts_with = "interactive"
    )]
    pub challenge: Option<OsString>,

    #[command(flatten)]
    pub conversation: ConversationArgs,

    #[command(flatten)]
    pub password: PasswordArgs,

    #[command(flatten)]
    pub encoding: EncodingArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
pub struct Xoauth2Args {
    /// The mailbox owner the token was issued for
    #[arg(short = 'u', long, value_name = "USER")]
    pub user: OsString,

    #[command(flatten)]
    pub conversation: ConversationArgs,

    #[command(flatten)]
    pub token: TokenArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
pub struct OauthbearerArgs {
    /// The user to act as (the GS2 authzid); `,` and `=` are escaped as
    /// `=2C` and `=3D`
    #[arg(short = 'u', long, value_name = "USER")]
    pub user: OsString,

    /// The server's host name, sent as host= (left out when not given)
    #[arg(short = 'H', long, value_name = "HOST")]
    pub host: Option<OsString>,

    /// The server's port, sent as port= (left out when not given)
    #[arg(short = 'p', long, value_name = "PORT")]
    pub port: Option<u16>,

    #[command(flatten)]
    pub conversation: ConversationArgs,

    #[command(flatten)]
    pub token: TokenArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
pub struct ScramArgs {
    /// The user name; `,` and `=` are escaped as `=2C` and `=3D`
    #[arg(short = 'u', long, value_name = "USER")]
    pub user: OsString,

    /// Act on behalf of this identity (the GS2 authzid); none when not given
    #[arg(short = 'z', long, value_name = "AUTHZID")]
    pub authzid: Option<OsString>,

    /// The client nonce: printable ASCII without `,`. Random (from the
    /// operating system) when not given; fix it only for tests and teaching
    #[arg(short = 'N', long, value_name = "NONCE")]
    pub nonce: Option<OsString>,

    /// Send the password and user name as given, without SASLprep
    /// (RFC 4013), for servers that skip it
    #[arg(long)]
    pub no_saslprep: bool,

    /// The server's first message (base64, or a pasted `334 ...` / `+ ...`
    /// line): print client-final without holding a conversation
    #[arg(
        short = 's',
        long,
        value_name = "SERVER_FIRST",
        requires = "nonce",
        conflicts_with = "interactive"
    )]
    pub server_first: Option<OsString>,

    /// The server's final message, to check against the expected server
    /// signature (with --server-first)
    #[arg(
        short = 'f',
        long,
        value_name = "SERVER_FINAL",
        requires = "server_first"
    )]
    pub server_final: Option<OsString>,

    #[command(flatten)]
    pub conversation: ConversationArgs,

    #[command(flatten)]
    pub password: PasswordArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
pub struct ConversationArgs {
    /// Hold the conversation: print the first line, then read each server
    /// line from standard input (bare base64, or `334 ...` / `+ ...` as
    /// pasted) and print the next response, until the server's verdict
    #[arg(short = 'i', long)]
    pub interactive: bool,
}

#[derive(Args)]
pub struct ExternalArgs {
    /// Act as this identity; empty (the identity of the external
    /// credentials) when not given
    #[arg(short = 'z', long, value_name = "AUTHZID")]
    pub authzid: Option<OsString>,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
pub struct AnonymousArgs {
    /// Trace information for the server's log: an email address or up to
    /// 255 characters; empty when not given
    #[arg(short = 't', long, value_name = "TRACE")]
    pub trace: Option<OsString>,

    #[command(flatten)]
    pub output: OutputArgs,
}

// Where the OAuth 2.0 access token comes from: at most one of these. With
// none, it is asked for on the terminal without echo. (A plain comment: a
// doc comment here would become the about text of every subcommand that
// flattens this, since subcommands are built lazily.)
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
