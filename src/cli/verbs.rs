//! The options of the verbs that are not encoders: `connect`, `serve`,
//! `secret`, `token`, `decode` and `completions`, with their long help.

use super::*;

#[cfg(feature = "net")]
pub(super) const CONNECT_EXAMPLES: &str = connect_examples!();

#[cfg(feature = "net")]
pub(super) const CONNECT_LONG: &str = concat!(
    connect_examples!(),
    "\n\n\
Certificates: checked against the platform's trust store, with the host
name. --cafile trusts the certificates of a PEM file instead: CAs, or the
server's own certificate (a self-signed `openssl req -x509` one works, its
host name and dates are still checked). --pin-sha256 accepts exactly the
certificate with that SHA-256 of its DER encoding, as 64 hex digits
(colons allowed: `openssl x509 -in cert.pem -noout -fingerprint -sha256`)
or base64; --probe prints it. --insecure checks nothing, and says so.

Client certificates: --cert and --key (PEM, the key unencrypted) present
one when the server asks; EXTERNAL is then chosen where the server offers
it, and sends --authzid, else --user, else nothing as the identity to act
as. --probe says whether the server asks for a certificate, naming which
CAs.

Exit status:
  0  accepted (with --probe: the probe completed; with --all: every
     mechanism tried was accepted)
  1  refused: the server refused the credentials (with --all: one was
     refused and nothing else failed; otherwise the status of the first
     mechanism that failed otherwise)
  2  usage error, or a cleartext login without --allow-cleartext; a
     --cert or --key file that cannot be read or used (encrypted, not
     the certificate's key)
  3  data error: a field breaks a rule of the mechanism
  4  I/O error: a secret could not be read, or the output written
  5  cannot connect, or timed out (--timeout, default 10 seconds)
  6  TLS handshake or certificate failure, or a TLS alert from the
     server (a refused client certificate: unknown_ca, ...)
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

pub(super) const DECODE_EXAMPLES: &str = "\
Examples:
  saslenc decode '334 VXNlcm5hbWU6'                 # LOGIN prompt for the user name
  saslenc decode 'AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm'
  saslenc decode 'a1 AUTHENTICATE PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm' --show-secrets
  grep -h 'AUTH ' session.log | saslenc decode --json
  # Does the logged login carry my password? (exit 1 when not)
  saslenc decode --user tim --pass-env PASS 'AUTH PLAIN AHRpbQB0YW5zdGFhZgo='";

pub(super) const SECRET_EXAMPLES: &str = "\
Examples:
  saslenc secret scram-sha-256 --pass-env PASS      # {SCRAM-SHA-256}4096,...
  saslenc secret scram-sha-256 --user alice         # asks twice; alice:{SCRAM-...
  saslenc secret scram-sha-256 -F postgres-sql -u alice --pass-file pw | psql
  saslenc secret scram-sha-512 -F kafka -u alice -I 8192 --pass-env PASS
  saslenc secret cram-md5 --pass-env PASS           # {CRAM-MD5}<64 hex digits>
  saslenc secret scram-sha-1 --batch users.txt --output passwd
  saslenc secret verify '{CRAM-MD5}7f47...' --pass-env PASS
  grep '^alice:' /etc/dovecot/passwd | saslenc secret verify - --pass-env PASS";

pub(super) const SECRET_EXIT_CODES: &str = "\
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

pub(super) const TOKEN_EXAMPLES: &str = "\
Examples:
  saslenc token inspect --token-env ACCESS_TOKEN --protocol smtp --user me@contoso.com
  saslenc token inspect --token-cmd 'oama access me@contoso.com' --protocol imap
  pizauth show outlook | saslenc token inspect --token-stdin --json";

pub(super) const TOKEN_EXIT_CODES: &str = "\
Exit status:
  0  the token was read and no check failed (notes do not count)
  1  a check failed; every finding is listed
  2  usage error: bad or conflicting options, no token source
  3  the input is not a token saslenc can read (neither a JWT nor a
     Google ya29. token), or --token-cmd failed, overran 30 seconds or
     printed nothing
  4  I/O error: the token could not be read or the output written";

pub(super) const COMPLETIONS_EXAMPLES: &str = "\
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
    /// (the expected password or token stays masked)
    #[arg(long)]
    pub show_secrets: bool,

    /// The user name the credential should carry. With it, or with a
    /// password or token source, each client message (PLAIN, LOGIN's two
    /// answers, CRAM-MD5 after its challenge, XOAUTH2, OAUTHBEARER) is
    /// checked: does it carry the expected password (or token), and if
    /// not, which mistake of serve's catalogue gives the bytes sent, or
    /// where they first differ in shape; a user name that differs only
    /// in case or a diacritic is named. Exit status 1 when one does not
    /// carry it. With --user alone the password is asked for on the
    /// terminal
    #[arg(short = 'u', long, value_name = "USER")]
    pub user: Option<OsString>,

    #[command(flatten)]
    pub password: PasswordArgs,

    #[command(flatten)]
    pub token: TokenArgs,
}

#[cfg(feature = "net")]
pub(super) const SERVE_EXAMPLES: &str = "\
Examples:
  # Practise by hand: log in with openssl s_client -starttls smtp -crlf
  saslenc serve smtp://127.0.0.1:2525 --user alice --pass-env PASS
  # Catch what an application sends, any credentials accepted
  saslenc serve submissions://127.0.0.1:4650 --accept-any
  # EXTERNAL: client certificates from your CA, for the account alice
  saslenc serve imaps://127.0.0.1:9930 --user alice --client-ca ca.pem
  # A CI gate: fail when the application's login is wrong
  saslenc serve smtp://127.0.0.1:2525 --user app --pass-file pw --once &
  my-app --send-test-mail; wait $!";

#[cfg(feature = "net")]
pub(super) const SERVE_EXIT_CODES: &str = "\
Exit status with --once (the first connection's verdict):
  0  the login was accepted
  1  the login was refused (the diagnosis says why)
  3  a client message was malformed
  5  no connection came within --timeout
  6  the TLS handshake failed
  7  the client never tried to log in
Without --once: 0 after SIGINT, SIGTERM or SIGHUP; 2 for a usage error; 4 when a
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

    /// NTLM (with --mech NTLM): also accept NTLMv1 responses, plain or
    /// with extended session security, checked from the NT hash; each
    /// accepted one is diagnosed as weak. LM-only responses stay refused
    #[arg(long)]
    pub allow_ntlmv1: bool,

    /// NTLM (with --mech NTLM): the domain this server is in, named in its
    /// CHALLENGE; a login naming another domain is refused as a wrong
    /// domain (an empty one is taken as this one). Without it the
    /// CHALLENGE names the host name and any domain is taken
    #[arg(long, value_name = "DOMAIN")]
    pub ntlm_domain: Option<String>,

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

    /// Ask TLS clients for a certificate from the CAs in this PEM file, and
    /// offer EXTERNAL on TLS connections: it logs in as the certificate's
    /// CN, email or DNS name that is an account (--user, --passdb, or any
    /// with --accept-any)
    #[arg(long, value_name = "PEM")]
    pub client_ca: Option<PathBuf>,

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

    /// Once every listener is bound, write their URLs to this file, one a
    /// line, with the ports actually bound (atomically: a script that
    /// sees the file sees it whole). A file left by an earlier run is
    /// removed at start, and this one when serve ends
    #[arg(long, value_name = "PATH")]
    pub ready_file: Option<PathBuf>,

    /// Wait this long before answering a refused or malformed login, as
    /// Dovecot's auth_failure_delay does, to slow down password guessing;
    /// other connections are served meanwhile. Decimals allowed, at most
    /// 60 (default: 2 on a listener whose address is not loopback, 0 on
    /// loopback)
    #[arg(long, value_name = "SECONDS")]
    pub failure_delay: Option<f64>,

    /// Put a refused login's diagnosis in the reply the client sees (SMTP
    /// 535- lines, IMAP NO text, POP3 -ERR text), masked: `auto` on
    /// loopback listeners (a practice server), `never` to answer as a real
    /// server does
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = ClientDiagnosis::Auto)]
    pub client_diagnosis: ClientDiagnosis,

    /// Fail on purpose at STEP of every session, to try a client's error
    /// handling: STEP is greeting, auth, mail, rcpt or data (the last
    /// three SMTP only); FAILURE is temporary (421/454/451, IMAP
    /// [UNAVAILABLE], POP3 [SYS/TEMP]), permanent (554/535/550, IMAP NO or
    /// BYE, POP3 -ERR) or drop (the connection closed, no reply).
    /// Repeat for several steps
    #[arg(long, value_name = "STEP=FAILURE")]
    pub chaos: Vec<String>,

    /// Keep each message accepted (SMTP DATA, IMAP APPEND) in this
    /// Maildir (tmp/ then new/, made if missing), and serve it back over
    /// POP3 (LIST, RETR, TOP, UIDL, DELE) and IMAP (the INBOX: FETCH,
    /// SEARCH, STORE, EXPUNGE) to every account; without it, messages are
    /// counted and discarded
    #[arg(long, value_name = "DIR")]
    pub maildir: Option<PathBuf>,
}

/// Where serve tells a client why its login was refused.
#[cfg(feature = "net")]
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClientDiagnosis {
    /// On loopback listeners
    Auto,
    /// On every listener
    Always,
    /// Never: the replies are a real server's
    Never,
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

    /// The channel binding of SCRAM-SHA-1-PLUS and SCRAM-SHA-256-PLUS,
    /// which a server offering them is logged in with over TLS:
    /// tls-exporter (RFC 9266, TLS 1.3; the default there),
    /// tls-server-end-point (RFC 5929, the hash of the server's
    /// certificate; the default on TLS 1.2) or none
    #[arg(long, value_name = "TYPE", value_enum)]
    pub channel_binding: Option<ChannelBindingArg>,

    #[command(flatten)]
    pub digest_encoding: DigestEncodingArgs,

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

    /// Present this client certificate (PEM, leaf first) when the server
    /// asks: EXTERNAL then logs in with it, and is chosen where the server
    /// offers it. --user becomes EXTERNAL's authorization identity
    #[arg(long, value_name = "PEM", requires = "key", conflicts_with = "no_tls")]
    pub cert: Option<PathBuf>,

    /// The private key of --cert, PEM, unencrypted (PKCS #8, RSA or EC)
    #[arg(long, value_name = "PEM", requires = "cert")]
    pub key: Option<PathBuf>,

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

    /// Connect to HOST:PORT (an IPv6 address in brackets) instead of the
    /// URL's host and port, which still name the server for SNI and the
    /// certificate check, as curl's --connect-to: one node behind a load
    /// balancer
    #[arg(long, value_name = "HOST:PORT")]
    pub connect_to: Option<String>,

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

    /// Dovecot's {DIGEST-MD5}: MD5 of user:realm:password; --user is
    /// required, user@realm names the realm (historic mechanism)
    #[command(after_help = SECRET_EXAMPLES)]
    DigestMd5(MakeSecretArgs),

    /// The NT hash, {NTLM}: MD4 of the UTF-16LE password, as Samba,
    /// FreeRADIUS and passlib store it; password-equivalent
    #[command(name = "nt-hash", after_help = SECRET_EXAMPLES)]
    NtHash(MakeSecretArgs),

    /// Check a password against a stored secret of any known format
    ///
    /// Recognises Dovecot's {SCRAM-SHA-1}, {SCRAM-SHA-256}, {CRAM-MD5} and
    /// {PLAIN} (also as a passwd-file line), {DIGEST-MD5} as a passwd-file
    /// line (its hash holds the user), gsasl --mkpasswd output,
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
pub enum ChannelBindingArg {
    /// RFC 9266: 32 bytes of the TLS 1.3 exporter
    TlsExporter,
    /// RFC 5929: the hash of the server's certificate
    TlsServerEndPoint,
    /// No channel binding: the -PLUS mechanisms are not chosen
    None,
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
