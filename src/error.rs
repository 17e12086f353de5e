//! The library's one error type.
//!
//! Every message names the field and the rule it broke, and never contains
//! the field's value: a password must not reach a terminal, a log or a bug
//! report through an error message.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Which class of failure an [`Error`] belongs to: the typed outcome a
/// front end decides its exit status from (the `saslenc` binary does it in
/// one place, its `commands::exit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// The server refused the credentials (or sent a SCRAM `e=` error); a
    /// stored secret does not match; a token check failed.
    Verdict,
    /// The command was used wrongly: conflicting or missing options.
    Usage,
    /// An input value breaks a rule of the mechanism or of the encoding.
    Data,
    /// An input could not be read (missing file, unset variable, closed
    /// descriptor), or the output could not be written.
    Io,
    /// `connect`: the server could not be reached, or did not answer in
    /// time.
    Connect,
    /// `connect`: the TLS handshake failed, or the certificate was not
    /// trusted (expired, wrong host name, unknown issuer, pin mismatch).
    Tls,
    /// `connect`: the server offers no mechanism that can be used, or no
    /// STARTTLS when TLS is required; a server that cannot use the
    /// mechanism here, whatever the credentials.
    Unsupported,
    /// `connect`: the server reported a temporary failure (SMTP 4xx, IMAP
    /// `[UNAVAILABLE]`, POP3 `[SYS/TEMP]` or `[IN-USE]`): try again later.
    TempFail,
    /// The server broke the protocol (a reply out of grammar, bytes
    /// injected after STARTTLS, a line or exchange past saslenc's limits,
    /// success before the mechanism's last step, a SCRAM server signature
    /// that does not verify, the connection closed before the verdict), or
    /// refused the command itself rather than the credentials.
    Protocol,
}

/// A setting an error is about: what a command line gives as an option
/// (`saslenc` spells them `--iterations`, `--cert`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Setting {
    /// The stored-secret format ([`stored::Format`](crate::stored::Format)).
    Format,
    /// The PBKDF2 iteration count of a stored secret.
    Iterations,
    /// The salt of a stored secret.
    Salt,
    /// The mechanism asked for by name.
    Mechanism,
    /// A pinned server certificate, by the SHA-256 of its DER encoding.
    Pin,
    /// A certificate chain (PEM) to present: the server's own, or a
    /// client's for EXTERNAL.
    Certificate,
    /// The private key (PEM) of that certificate.
    Key,
    /// The CA certificates (PEM) a server trusts for client certificates.
    ClientCa,
    /// The channel binding type or data (SCRAM's `-PLUS` mechanisms).
    ChannelBinding,
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Setting::Format => "format",
            Setting::Iterations => "iteration count",
            Setting::Salt => "salt",
            Setting::Mechanism => "mechanism",
            Setting::Pin => "certificate pin",
            Setting::Certificate => "certificate chain",
            Setting::Key => "private key",
            Setting::ClientCa => "client CA file",
            Setting::ChannelBinding => "channel binding",
        })
    }
}

/// What would make a server's certificate trusted
/// ([`Error::Untrusted`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Trust {
    /// The issuer is not in the platform's trust store: give the private
    /// CA, or the self-signed certificate, as a trust anchor, or pin the
    /// certificate.
    AnchorOrPin,
    /// The chain does not end at a certificate among the anchors given.
    NotAmongAnchors,
    /// The server's certificate is a CA certificate (as `openssl req
    /// -x509` makes them): give the server's own certificate as a trust
    /// anchor, or pin it.
    ServerIsCa,
}

impl fmt::Display for Trust {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Trust::AnchorOrPin => {
                "the issuer is not in the platform's trust store; for a private CA or a \
                 self-signed server certificate give it as a trust anchor, or pin it"
            }
            Trust::NotAmongAnchors => {
                "the certificate does not chain to a certificate among the trust anchors given"
            }
            Trust::ServerIsCa => {
                "the server's certificate is a CA certificate, as `openssl req -x509` makes \
                 them: give the server's own certificate as a trust anchor, or pin it"
            }
        })
    }
}

/// Everything that can go wrong while building a credential.
///
/// `field` is always the name of an input (`"user"`, `"password"`,
/// `"challenge"`, ...), never its value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A NUL byte inside a field that the mechanism delimits with NUL or
    /// that servers treat as a C string.
    #[error("{field} contains a NUL byte at byte offset {offset}; {mechanism} forbids NUL inside a field")]
    Nul {
        /// The field's name.
        field: &'static str,
        /// Byte offset of the first NUL.
        offset: usize,
        /// The mechanism whose rule this is.
        mechanism: &'static str,
    },

    /// A field that must be text is not valid UTF-8.
    #[error("{field} is not valid UTF-8 (invalid byte sequence at byte offset {offset}); SASL fields are UTF-8 text")]
    InvalidUtf8 {
        /// The field's name.
        field: &'static str,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },

    /// A field that must not be empty is empty.
    #[error("{field} is empty; {rule}")]
    Empty {
        /// The field's name.
        field: &'static str,
        /// The rule, with its source.
        rule: &'static str,
    },

    /// ISO-8859-1 ([`Charset::Latin1`](crate::Charset::Latin1)) was asked
    /// for and a character has no ISO-8859-1 form.
    #[error(
        "{field} has a character at character position {position} that ISO-8859-1 cannot represent"
    )]
    NotLatin1 {
        /// The field's name.
        field: &'static str,
        /// 0-based position of the character, counted in characters.
        position: usize,
    },

    /// A value that must be base64 is not.
    #[error("{field} is not valid base64: {reason}")]
    Base64 {
        /// The field's name.
        field: &'static str,
        /// What the decoder found (offsets and byte values of the base64
        /// text, never of a secret).
        reason: String,
    },

    /// A pasted line that carries no base64 to decode.
    #[error("{field} holds no base64 to decode: {reason}")]
    NoBase64 {
        /// The field's name.
        field: &'static str,
        /// Why (the form found, never the text).
        reason: String,
    },

    /// Some inputs of a batch could not be decoded; each was reported.
    #[error("{failed} of {total} inputs could not be decoded")]
    DecodeFailed {
        /// How many failed.
        failed: usize,
        /// How many there were.
        total: usize,
    },

    /// `decode` with an expected credential: some credentials decoded do
    /// not carry it; each was reported.
    #[error("{differ} of {checked} credentials checked do not carry the expected {what}")]
    NotExpected {
        /// How many do not.
        differ: usize,
        /// How many were checked.
        checked: usize,
        /// `"password"` or `"token"` (or both, in words).
        what: &'static str,
    },

    /// `decode` with an expected credential, and no input carried one
    /// that could be checked.
    #[error("no input carried a credential that could be checked against the expected {what}")]
    NothingChecked {
        /// `"password"` or `"token"`.
        what: &'static str,
    },

    /// A secret longer than the limit (guards against `--pass-file /dev/zero`).
    #[error("{field} is longer than {limit} bytes; refusing to read more")]
    TooLong {
        /// The field's name.
        field: &'static str,
        /// The limit in bytes.
        limit: usize,
    },

    /// The server sent a challenge the mechanism has no step for.
    #[error("unexpected challenge: {mechanism} has no step left after {steps} response(s)")]
    UnexpectedChallenge {
        /// The mechanism.
        mechanism: &'static str,
        /// How many responses were already sent.
        steps: usize,
    },

    /// A mechanism was asked to log in without a credential it needs.
    #[error("{mechanism} needs a {what}, and none was given")]
    MissingCredential {
        /// The mechanism.
        mechanism: &'static str,
        /// `"user"`, `"password"` or `"token"`.
        what: &'static str,
    },

    /// An environment variable named as a secret source is not set.
    #[error("environment variable {name} (named for the {field}) is not set")]
    EnvMissing {
        /// The field's name.
        field: &'static str,
        /// The variable's name.
        name: String,
    },

    /// A byte or character that the mechanism's grammar does not allow in
    /// this field (a `\x01` in an OAuth field, a `,` in a SCRAM nonce).
    #[error("{field} has a forbidden character at byte offset {offset}; {rule}")]
    Forbidden {
        /// The field's name.
        field: &'static str,
        /// Byte offset of the first forbidden character.
        offset: usize,
        /// The rule, with its source.
        rule: &'static str,
    },

    /// A field breaks a length rule.
    #[error("{field} is {len} characters long; {rule}")]
    Length {
        /// The field's name.
        field: &'static str,
        /// Its length in characters.
        len: usize,
        /// The rule, with its source.
        rule: &'static str,
    },

    /// A field breaks a length rule counted in bytes.
    #[error("{field} is {len} bytes long; {rule}")]
    ByteLength {
        /// The field's name.
        field: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The rule, with its source.
        rule: &'static str,
    },

    /// SASLprep (RFC 4013) refuses the field.
    #[error("{field} is refused by SASLprep (RFC 4013): {reason}")]
    SaslPrep {
        /// The field's name.
        field: &'static str,
        /// Which rule it breaks, with the character position where known
        /// (never the character itself).
        reason: String,
    },

    /// A message from the server does not follow the mechanism's grammar.
    #[error("{field} from the server is malformed: {reason}")]
    Malformed {
        /// The server message's name (`"server-first"`, ...).
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },

    /// The server ended the exchange with an error of the mechanism
    /// (SCRAM `e=...`, an OAUTHBEARER JSON status).
    #[error("the server reported a {mechanism} failure: {message}")]
    ServerError {
        /// The mechanism.
        mechanism: &'static str,
        /// The server's error, as it sent it (control characters escaped).
        message: String,
    },

    /// The server's proof (SCRAM's server signature) did not verify.
    #[error("the server signature in {mechanism} server-final does not match the one computed from the password: the server does not know this password, or the exchange was altered")]
    ServerSignature {
        /// The mechanism.
        mechanism: &'static str,
    },

    /// The server reported success before it proved that it knows the
    /// credentials.
    #[error("the server reported success without sending its {mechanism} server-final; its identity is not verified")]
    UnprovenSuccess {
        /// The mechanism.
        mechanism: &'static str,
    },

    /// A success arrived before the mechanism sent its last response: it
    /// is no verdict on these credentials (a line pasted out of place, or a
    /// server that did not check them).
    #[error("the server reported success ({reply}) before {mechanism} sent its last response; that is no verdict on these credentials: the line answers something else, or the server did not check them")]
    EarlySuccess {
        /// The mechanism.
        mechanism: &'static str,
        /// The server's line (escaped and cut as notes are).
        reply: String,
    },

    /// The server refused the authentication with a final reply.
    #[error("authentication failed: the server answered {reply}")]
    Refused {
        /// The server's reply line (control characters escaped).
        reply: String,
    },

    /// The conversation ended before the server's final reply.
    #[error("standard input ended before the server's final reply; no verdict ({what})")]
    NoVerdict {
        /// Where the conversation stood.
        what: &'static str,
    },

    /// A URL that is not `SCHEME://HOST[:PORT]` of a known scheme. The
    /// URL itself is not repeated: it might hold a password.
    #[error("URL: {rule}")]
    Url {
        /// The rule it breaks.
        rule: String,
    },

    /// A host that is neither a DNS name nor an IP address.
    #[error("{host:?} is neither a host name nor an IP address")]
    Host {
        /// The host as given.
        host: String,
    },

    /// A certificate and key that do not make a TLS server (or client).
    #[error("the certificate and key do not make a TLS {side}: {reason}")]
    CertificateKey {
        /// `"server"` or `"client"`.
        side: &'static str,
        /// rustls's reason.
        reason: String,
    },

    /// An exchange fed after it ended: a new login needs a new session.
    #[error("the exchange is over; a new one needs a new session")]
    ExchangeOver,

    /// The server could not be reached.
    #[error("cannot connect to {server}: {reason}")]
    Connect {
        /// `host:port`.
        server: String,
        /// The operating system's reason, or the name lookup's.
        reason: String,
    },

    /// The server did not answer within `--timeout`.
    #[error("timed out after {seconds} s waiting for {what}")]
    Timeout {
        /// What saslenc was waiting for ("the greeting", ...).
        what: String,
        /// The timeout.
        seconds: u64,
    },

    /// The TLS handshake failed or the certificate is not trusted.
    #[error("TLS with {server} failed: {reason}")]
    Tls {
        /// `host:port`.
        server: String,
        /// rustls's reason, with a hint where one helps.
        reason: String,
    },

    /// The certificate is not trusted, and trusting it is the caller's to
    /// decide: the advice says how, in the library's terms.
    #[error("TLS with {server} failed: {reason} ({trust})")]
    Untrusted {
        /// `host:port`.
        server: String,
        /// rustls's reason.
        reason: String,
        /// What would make the certificate trusted.
        trust: Trust,
    },

    /// The server ended an established TLS session with an alert (RFC
    /// 8446 section 6.2): in TLS 1.3 a server refuses a client certificate
    /// this way, after the client's side of the handshake is done.
    #[error("the server ended TLS with the alert {alert}{meaning}")]
    TlsAlert {
        /// The alert's name in RFC 8446 (`unknown_ca`, ...).
        alert: String,
        /// What it means here, after `: `, or nothing.
        meaning: &'static str,
    },

    /// The server offers nothing saslenc can use (no common mechanism, no
    /// STARTTLS).
    #[error("{0}")]
    Unsupported(String),

    /// STARTTLS (`word`: STLS for POP3) is not offered and TLS is
    /// required.
    #[error(
        "the server does not offer {word}, and TLS is required (use the implicit-TLS scheme, \
         or log in without TLS with cleartext allowed)"
    )]
    NoStartTls {
        /// `STARTTLS` or `STLS`.
        word: &'static str,
    },

    /// Without TLS the server offers no mechanism: it offers AUTH only
    /// after STARTTLS (`word`), as servers commonly do.
    #[error(
        "the server offers no mechanism before TLS: it offers {word}, and AUTH only after it, \
         as servers commonly do"
    )]
    NoMechanismBeforeTls {
        /// `STARTTLS` or `STLS`.
        word: &'static str,
    },

    /// The mechanism asked for is not offered by the server.
    #[error("the server does not offer {mechanism} (it offers {offered})")]
    NotOffered {
        /// The mechanism asked for.
        mechanism: &'static str,
        /// What the server offers, space-separated, or `none`.
        offered: String,
    },

    /// A mechanism that sends the secret itself would do so without TLS,
    /// and cleartext was not allowed.
    #[error("{mechanism} would send the {what} itself without TLS")]
    Cleartext {
        /// The mechanism.
        mechanism: &'static str,
        /// `password` or `token`.
        what: &'static str,
    },

    /// A URL with a user or password in it: they are given apart.
    #[error(
        "URL: no user or password in the URL: give the user, and the password from a file, the \
         environment, a descriptor or the prompt"
    )]
    CredentialsInUrl,

    /// The server reported a temporary failure.
    #[error("temporary failure: the server answered {reply}")]
    TempFail {
        /// The server's reply (escaped), with its explanation.
        reply: String,
    },

    /// The server broke the protocol or one of saslenc's limits.
    #[error("protocol error: {0}")]
    Protocol(String),

    /// A setting is outside what the chosen format allows (an iteration
    /// count below 4096, SCRAM-SHA-1 for PostgreSQL).
    #[error("{setting}: {rule}")]
    OptionRule {
        /// The setting.
        setting: Setting,
        /// The rule it breaks, with its source.
        rule: String,
    },

    /// A setting's value is not in the form it takes.
    #[error("the {setting} takes {takes}")]
    SettingForm {
        /// The setting.
        setting: Setting,
        /// The form it takes, with its source.
        takes: &'static str,
    },

    /// A stored-secret format that names the user was asked for without
    /// one.
    #[error("the {format} format names the user: give one")]
    NoUser {
        /// The format's name (`"pgbouncer"`, ...).
        format: &'static str,
    },

    /// A file named by a setting cannot be used (a certificate chain with
    /// no certificate, a key that is not PEM).
    #[error("{setting} {}: {reason}", path.display())]
    BadFile {
        /// The setting that named it.
        setting: Setting,
        /// The file.
        path: PathBuf,
        /// What is wrong with it (never its contents).
        reason: String,
    },

    /// A stored secret (`saslenc secret verify`) has no shape saslenc
    /// knows, or a part of it is malformed.
    #[error("the stored secret is malformed: {reason}")]
    BadStored {
        /// What is wrong with it (never its text, which may hold a
        /// password).
        reason: String,
    },

    /// A stored secret asks for more PBKDF2 iterations than the check
    /// allows: [`MAX_ITERATIONS`](crate::stored::MAX_ITERATIONS) unless
    /// the caller gives another bound
    /// ([`verify_bounded`](crate::stored::verify_bounded)).
    #[error(
        "the stored secret asks for {iterations} PBKDF2 iterations, above the {max} allowed{}",
        if *max == crate::stored::MAX_ITERATIONS { " (the most saslenc secret makes)" } else { "" }
    )]
    StoredIterations {
        /// The stored count.
        iterations: u32,
        /// The bound it is above.
        max: u32,
    },

    /// The password does not match the stored secret.
    #[error("the password does not match the stored {scheme} secret")]
    Mismatch {
        /// The stored secret's scheme (`"SCRAM-SHA-256"`, ...).
        scheme: &'static str,
    },

    /// A line of a batch is neither `user:password` nor `user<TAB>base64`.
    #[error("the line is neither user:password nor user, tab, base64 password: {reason}")]
    BatchLine {
        /// What is missing (never the line's text, which may be a password).
        reason: &'static str,
    },

    /// Some lines of a batch could not be made into stored secrets; each
    /// was reported with its line number.
    #[error("{failed} of {total} lines could not be made into stored secrets")]
    BatchFailed {
        /// How many failed.
        failed: usize,
        /// How many there were.
        total: usize,
    },

    /// A batch with no user line in it (only blanks and comments, or
    /// nothing at all).
    #[error("the batch has no user lines (only blank lines and # comments, or nothing); nothing was written")]
    BatchEmpty,

    /// A command named as the source of a secret failed, overran its
    /// time, or printed nothing.
    #[error("the command for the {field} {reason}")]
    SecretCommand {
        /// The secret's name.
        field: &'static str,
        /// What happened: the exit status and standard error (never the
        /// standard output, which may hold the secret).
        reason: String,
    },

    /// The input of `token inspect` is neither a JWT nor a token saslenc
    /// knows to be opaque.
    #[error("the token is not one saslenc can read: {reason}")]
    NotAToken {
        /// Why (the part and the rule, never the token's text).
        reason: String,
    },

    /// Checks of an OAuth token failed; each was reported.
    #[error("{failed} of {total} token checks failed")]
    TokenChecks {
        /// How many failed.
        failed: usize,
        /// How many ran.
        total: usize,
    },

    /// Reading an input or writing the output failed.
    #[error("cannot {action}: {source}")]
    Io {
        /// What was being done, e.g. "read the password from /path".
        action: String,
        /// The operating system's reason.
        #[source]
        source: io::Error,
    },
}

impl Error {
    /// The class of this error, which decides the exit status.
    pub fn class(&self) -> ErrorClass {
        match self {
            Error::MissingCredential { .. }
            | Error::Url { .. }
            | Error::Host { .. }
            | Error::CertificateKey { .. }
            | Error::ExchangeOver
            | Error::OptionRule { .. }
            | Error::SettingForm { .. }
            | Error::NoUser { .. }
            | Error::BadFile { .. }
            | Error::Cleartext { .. }
            | Error::CredentialsInUrl => ErrorClass::Usage,
            Error::ServerError { .. }
            | Error::Refused { .. }
            | Error::Mismatch { .. }
            | Error::NotExpected { .. }
            | Error::TokenChecks { .. } => ErrorClass::Verdict,
            Error::Nul { .. }
            | Error::InvalidUtf8 { .. }
            | Error::Empty { .. }
            | Error::NotLatin1 { .. }
            | Error::Base64 { .. }
            | Error::NoBase64 { .. }
            | Error::DecodeFailed { .. }
            | Error::NothingChecked { .. }
            | Error::TooLong { .. }
            | Error::UnexpectedChallenge { .. }
            | Error::Forbidden { .. }
            | Error::Length { .. }
            | Error::ByteLength { .. }
            | Error::SaslPrep { .. }
            | Error::Malformed { .. }
            | Error::EarlySuccess { .. }
            | Error::NoVerdict { .. }
            | Error::BadStored { .. }
            | Error::StoredIterations { .. }
            | Error::BatchLine { .. }
            | Error::BatchFailed { .. }
            | Error::BatchEmpty
            | Error::NotAToken { .. }
            | Error::SecretCommand { .. } => ErrorClass::Data,
            Error::EnvMissing { .. } | Error::Io { .. } => ErrorClass::Io,
            Error::Connect { .. } | Error::Timeout { .. } => ErrorClass::Connect,
            Error::Tls { .. } | Error::Untrusted { .. } | Error::TlsAlert { .. } => ErrorClass::Tls,
            Error::Unsupported(_)
            | Error::NoStartTls { .. }
            | Error::NoMechanismBeforeTls { .. }
            | Error::NotOffered { .. } => ErrorClass::Unsupported,
            Error::TempFail { .. } => ErrorClass::TempFail,
            // The server failed to prove itself: its fault, as
            // `exchange` words it, not a refusal of the credentials.
            Error::Protocol(_) | Error::ServerSignature { .. } | Error::UnprovenSuccess { .. } => {
                ErrorClass::Protocol
            }
        }
    }

    /// Shorthand for an [`Error::Malformed`].
    pub fn malformed(field: &'static str, reason: impl Into<String>) -> Self {
        Error::Malformed {
            field,
            reason: reason.into(),
        }
    }

    /// Shorthand for an [`Error::Io`].
    pub fn io(action: impl Into<String>, source: io::Error) -> Self {
        Error::Io {
            action: action.into(),
            source,
        }
    }
}
