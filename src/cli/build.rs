//! The options of the encoders, one a mechanism, and of the conversation
//! they may hold.

use super::*;

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
pub struct DigestMd5Args {
    /// The user name
    #[arg(short = 'u', long, value_name = "USER")]
    pub user: OsString,

    /// Act on behalf of this identity (the authzid); empty when not given
    #[arg(short = 'z', long, value_name = "AUTHZID")]
    pub authzid: Option<OsString>,

    /// The server's host name, the second half of the digest-uri
    /// (`smtp/HOST`, `imap/HOST`, `pop/HOST`; the service is --protocol's,
    /// smtp when not given)
    #[arg(short = 'H', long, value_name = "HOST")]
    pub host: OsString,

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

    /// The client nonce, to reproduce an exchange (random when not given)
    #[arg(long, value_name = "CNONCE")]
    pub cnonce: Option<OsString>,

    #[command(flatten)]
    pub encoding: DigestEncodingArgs,

    #[command(flatten)]
    pub conversation: ConversationArgs,

    #[command(flatten)]
    pub password: PasswordArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
pub struct NtlmArgs {
    /// The user name; `DOMAIN\\user` (as Windows writes it) also gives
    /// the domain
    #[arg(short = 'u', long, value_name = "USER")]
    pub user: OsString,

    /// The user's domain (empty when not given, nor in --user)
    #[arg(short = 'd', long, value_name = "DOMAIN")]
    pub domain: Option<OsString>,

    /// The client's workstation name (empty when not given)
    #[arg(short = 'w', long, value_name = "WORKSTATION")]
    pub workstation: Option<OsString>,

    /// The server's CHALLENGE: its base64 as sent, or the whole
    /// `334 <base64>` / `+ <base64>` line as copied from the terminal.
    /// Without it, saslenc holds the conversation (see --interactive)
    #[arg(
        short = 'c',
        long,
        value_name = "CHALLENGE",
        conflicts_with = "interactive"
    )]
    pub challenge: Option<OsString>,

    /// The 8-byte client challenge as 16 hex digits, to reproduce an
    /// exchange (random when not given)
    #[arg(long, value_name = "HEX")]
    pub client_challenge: Option<OsString>,

    /// The timestamp put in the NTLMv2 blob when the server's target info
    /// has none, as a FILETIME (100-nanosecond ticks since 1601-01-01 UTC),
    /// to reproduce an exchange (now when not given). A server's timestamp
    /// is always used as sent
    #[arg(long, value_name = "FILETIME")]
    pub timestamp: Option<u64>,

    #[command(flatten)]
    pub conversation: ConversationArgs,

    #[command(flatten)]
    pub password: PasswordArgs,

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

    /// Channel binding data of the TLS connection the messages travel in,
    /// hex or base64: makes the mechanism SCRAM-SHA-*-PLUS (GS2 flag
    /// `p=TYPE`, the data in client-final's `c=`). For tls-exporter, print
    /// it with `openssl s_client -keymatexport EXPORTER-Channel-Binding
    /// -keymatexportlen 32` (TLS 1.3)
    #[arg(long, value_name = "DATA")]
    pub binding_data: Option<String>,

    /// The channel binding type of --binding-data: tls-exporter (RFC 9266,
    /// 32 bytes) or tls-server-end-point (RFC 5929, the hash of the
    /// server's certificate)
    #[arg(
        long,
        value_name = "TYPE",
        requires = "binding_data",
        default_value = "tls-exporter"
    )]
    pub channel_binding: String,

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

#[derive(Args)]
pub struct DigestEncodingArgs {
    /// How DIGEST-MD5 hashes a non-ASCII user name, realm or password:
    /// utf-8 as typed (what Dovecot checks, and Cyrus SASL too; curl's
    /// way), iso-8859-1 (RFC 2831 section 2.1.2.1: each value ISO 8859-1
    /// can hold converted to it; Cyrus SASL's client) or
    /// iso-8859-1-password (the password alone; GNU SASL's client and
    /// server)
    #[arg(long, value_name = "ENCODING", value_enum, default_value_t = DigestEncodingArg::Utf8)]
    pub digest_encoding: DigestEncodingArg,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DigestEncodingArg {
    /// UTF-8, as typed (Dovecot, curl)
    #[value(name = "utf-8")]
    Utf8,
    /// ISO 8859-1 where it can hold each value (RFC 2831, Cyrus SASL)
    #[value(name = "iso-8859-1")]
    Iso8859_1,
    /// ISO 8859-1 for the password alone (GNU SASL)
    #[value(name = "iso-8859-1-password")]
    Iso8859_1Password,
}

impl From<DigestEncodingArg> for saslenc::mech::digest_md5::Hashing {
    fn from(arg: DigestEncodingArg) -> Self {
        use saslenc::mech::digest_md5::Hashing;
        match arg {
            DigestEncodingArg::Utf8 => Hashing::Utf8,
            DigestEncodingArg::Iso8859_1 => Hashing::Iso8859_1,
            DigestEncodingArg::Iso8859_1Password => Hashing::Iso8859_1Password,
        }
    }
}
