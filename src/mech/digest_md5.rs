//! DIGEST-MD5 (RFC 2831; historic since RFC 6331, which says why: its
//! security layers are weak and its digest lets a captured exchange test
//! password guesses offline). saslenc reads and builds it to debug logins
//! and to move away from it.
//!
//! Section 2.1.1: the server's challenge is a list of directives
//! (`realm="…",nonce="…",qop="auth",charset=utf-8,algorithm=md5-sess`).
//! Section 2.1.2: the client answers with `username`, `realm`, `nonce`,
//! `cnonce`, `nc`, `qop`, `digest-uri` and `response`, where
//!
//! ```text
//! A1       = H(username ":" realm ":" password) ":" nonce ":" cnonce [":" authzid]
//! A2       = "AUTHENTICATE:" digest-uri
//! response = HEX(H(HEX(H(A1)) ":" nonce ":" nc ":" cnonce ":" qop ":" HEX(H(A2))))
//! ```
//!
//! with H the 16-byte MD5. Section 2.1.3: the server proves it knows the
//! password with `rspauth`, the same with `A2 = ":" digest-uri`.
//!
//! ```
//! use saslenc::mech::digest_md5::{DigestMd5, Login};
//! use saslenc::mech::Mechanism;
//! // RFC 2831 section 4.
//! let login = Login {
//!     user: "chris",
//!     password: b"secret",
//!     authzid: "",
//!     digest_uri: "imap/elwood.innosoft.com",
//!     cnonce: "OA6MHXh6VqTrRk",
//! };
//! let mut digest = DigestMd5::new(login)?;
//! let response = digest.respond(
//!     br#"realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",qop="auth",algorithm=md5-sess,charset=utf-8"#,
//! )?;
//! assert!(String::from_utf8_lossy(&response).contains("response=d388dad90d4bbd760a152321f2143af7"));
//! assert!(digest.respond(b"rspauth=ea40f60335c427b5527b84dbabcdfffd")?.is_empty());
//! assert!(digest.is_complete());
//! # Ok::<(), saslenc::Error>(())
//! ```

use md5::{Digest, Md5};
use zeroize::Zeroizing;

use super::{Mechanism, Message};
use crate::layout::{Explain, Field, Layout, Step};
use crate::protocol::Protocol;
use crate::{field, Error};

const NAME: &str = "DIGEST-MD5";

/// The longest challenge or response read: RFC 2831 section 2.1.1 and
/// 2.1.2 limit each to 2048 bytes.
pub const MAX_MESSAGE: usize = 2048;

/// One `name=value` directive, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive<'a> {
    /// The name, as written (names are case-insensitive).
    pub name: &'a [u8],
    /// The value: a token as written, or a quoted string with its quotes
    /// and `\` escapes removed.
    pub value: Vec<u8>,
    /// The value as written, quotes and escapes included.
    pub raw: &'a [u8],
}

impl Directive<'_> {
    fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name.as_bytes())
    }
}

/// Reads a directive list (RFC 2831 section 7.1: `#( name "=" ( token |
/// quoted-string ) )`, white space around the commas): the one reading of
/// DIGEST-MD5's messages, for the client, `decode` and `--explain`. A
/// directive other than `realm` given twice is refused, as section 2.1.1
/// asks.
pub fn directives(bytes: &[u8]) -> Result<Vec<Directive<'_>>, &'static str> {
    if bytes.len() > MAX_MESSAGE {
        return Err("a DIGEST-MD5 message is at most 2048 bytes (RFC 2831 section 2.1)");
    }
    let mut out: Vec<Directive<'_>> = Vec::new();
    let mut at = 0;
    let skip = |at: &mut usize| {
        while bytes
            .get(*at)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b','))
        {
            *at += 1;
        }
    };
    skip(&mut at);
    while at < bytes.len() {
        let start = at;
        while bytes
            .get(at)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            at += 1;
        }
        let name = &bytes[start..at];
        while bytes.get(at).is_some_and(|b| matches!(b, b' ' | b'\t')) {
            at += 1;
        }
        if name.is_empty() || bytes.get(at) != Some(&b'=') {
            return Err("a directive is name=value (RFC 2831 section 7.1)");
        }
        at += 1;
        while bytes.get(at).is_some_and(|b| matches!(b, b' ' | b'\t')) {
            at += 1;
        }
        let value_start = at;
        let mut value = Vec::new();
        if bytes.get(at) == Some(&b'"') {
            at += 1;
            loop {
                match bytes.get(at) {
                    None => return Err("a quoted value does not end (RFC 2831 section 7.2)"),
                    Some(b'"') => {
                        at += 1;
                        break;
                    }
                    Some(b'\\') => {
                        let escaped = *bytes
                            .get(at + 1)
                            .ok_or("a quoted value ends in a backslash (RFC 2831 section 7.2)")?;
                        value.push(escaped);
                        at += 2;
                    }
                    Some(&b) => {
                        value.push(b);
                        at += 1;
                    }
                }
            }
        } else {
            while bytes
                .get(at)
                .is_some_and(|b| !matches!(b, b',' | b' ' | b'\t' | b'\r' | b'\n' | b'"'))
            {
                value.push(bytes[at]);
                at += 1;
            }
        }
        let directive = Directive {
            name,
            value,
            raw: &bytes[value_start..at],
        };
        if !directive.is("realm") && out.iter().any(|d| d.name.eq_ignore_ascii_case(name)) {
            return Err("a directive is given twice (RFC 2831 section 2.1.1)");
        }
        out.push(directive);
        while bytes
            .get(at)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        {
            at += 1;
        }
        match bytes.get(at) {
            None => break,
            Some(b',') => skip(&mut at),
            Some(_) => return Err("directives are separated by commas (RFC 2831 section 7.1)"),
        }
    }
    Ok(out)
}

fn find<'d>(list: &'d [Directive<'_>], name: &str) -> Option<&'d [u8]> {
    list.iter().find(|d| d.is(name)).map(|d| &d.value[..])
}

/// What a login needs: the credentials and the values the client chooses.
#[derive(Clone, Copy)]
pub struct Login<'a> {
    /// The user name.
    pub user: &'a str,
    /// The password.
    pub password: &'a [u8],
    /// The identity to act as, empty for the user's own.
    pub authzid: &'a str,
    /// `service "/" host`, e.g. `imap/mail.example.com` (RFC 2831 section
    /// 2.1.2: the service is `smtp`, `imap` or `pop`).
    pub digest_uri: &'a str,
    /// The client nonce (random in practice; given for reproducible
    /// examples).
    pub cnonce: &'a str,
}

/// The service name of `protocol` in a digest-uri (RFC 2831 section
/// 2.1.2: `smtp`, `imap`, `pop`, the names GSSAPI registers).
pub fn service(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Smtp => "smtp",
        Protocol::Imap => "imap",
        Protocol::Pop3 => "pop",
    }
}

/// The digest-uri for `protocol` at `host`: `service "/" host`.
///
/// ```
/// use saslenc::mech::digest_md5::digest_uri;
/// use saslenc::protocol::Protocol;
/// assert_eq!(digest_uri(Protocol::Pop3, "mail.example.com"), "pop/mail.example.com");
/// ```
pub fn digest_uri(protocol: Protocol, host: &str) -> String {
    format!("{}/{host}", service(protocol))
}

/// How the user name, realm and password are hashed in `H(A1)`.
///
/// RFC 2831 section 2.1.2.1: with `charset=utf-8`, a value that ISO 8859-1
/// can represent is converted to ISO 8859-1 before it is hashed. Peers
/// differ (their sources: Cyrus SASL's `plugins/digestmd5.c`, GNU SASL's
/// `lib/digest-md5/`, Dovecot's `src/auth/mech-digest-md5.c` and
/// `password-scheme.c`, curl's `lib/vauth/digest.c`), and only non-ASCII
/// values tell them apart:
///
/// | peer | client | server |
/// |---|---|---|
/// | Dovecot 2.3 (and its `{DIGEST-MD5}`) | | UTF-8 only |
/// | Cyrus SASL | ISO 8859-1, each value | ISO 8859-1, then UTF-8 |
/// | GNU SASL | ISO 8859-1 for the password only | the same only |
/// | curl | UTF-8 (and no `charset`) | |
///
/// The default is UTF-8: the servers met in practice, Dovecot and Cyrus,
/// both take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Hashing {
    /// The bytes as typed, UTF-8: Dovecot's server, curl's client.
    #[default]
    Utf8,
    /// RFC 2831 section 2.1.2.1: the user name, the realm and the
    /// password each converted to ISO 8859-1 where it can represent the
    /// value (Cyrus SASL's client; its server tries this first).
    Iso8859_1,
    /// The password alone converted to ISO 8859-1 where it can be, the
    /// user name and realm hashed as UTF-8: GNU SASL's client and server.
    Iso8859_1Password,
}

impl Hashing {
    /// Every way, in the order a server tries them.
    pub const ALL: [Hashing; 3] = [
        Hashing::Utf8,
        Hashing::Iso8859_1,
        Hashing::Iso8859_1Password,
    ];

    /// Its name as an option value: `utf-8`, `iso-8859-1`,
    /// `iso-8859-1-password`.
    pub fn as_str(self) -> &'static str {
        match self {
            Hashing::Utf8 => "utf-8",
            Hashing::Iso8859_1 => "iso-8859-1",
            Hashing::Iso8859_1Password => "iso-8859-1-password",
        }
    }

    /// What it is, in words, with the peers that hash this way.
    pub fn describe(self) -> &'static str {
        match self {
            Hashing::Utf8 => {
                "the user name, realm and password hashed as UTF-8, as typed (as Dovecot's \
                 server and curl do)"
            }
            Hashing::Iso8859_1 => {
                "the user name, realm and password each converted to ISO 8859-1 before hashing, \
                 as RFC 2831 section 2.1.2.1 asks (as Cyrus SASL's client does; Dovecot's \
                 server refuses it)"
            }
            Hashing::Iso8859_1Password => {
                "the password converted to ISO 8859-1 before hashing, the user name and realm \
                 as UTF-8 (as GNU SASL does; Dovecot's server refuses it)"
            }
        }
    }
}

/// `text` (UTF-8) in ISO 8859-1, when every character is in it (U+0000 to
/// U+00FF): RFC 2831 section 2.1.2.1's conversion. `None` when a
/// character is not, or `text` is not UTF-8: then it is hashed as it is.
///
/// ```
/// use saslenc::mech::digest_md5::iso_8859_1;
/// assert_eq!(iso_8859_1("pässwörd".as_bytes()).unwrap()[..], b"p\xe4ssw\xf6rd"[..]);
/// assert_eq!(iso_8859_1("пароль".as_bytes()), None);
/// ```
pub fn iso_8859_1(text: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let text = std::str::from_utf8(text).ok()?;
    let mut out = Zeroizing::new(Vec::with_capacity(text.len()));
    for c in text.chars() {
        out.push(u8::try_from(u32::from(c)).ok()?);
    }
    Some(out)
}

/// `MD5(user ":" realm ":" password)`, each value hashed as `hashing`
/// says: the start of `H(A1)` (RFC 2831 section 2.1.2.1).
///
/// ```
/// use saslenc::mech::digest_md5::{h_a1, Hashing};
/// let utf8 = h_a1(b"user", b"realm", "p\u{e4}ss".as_bytes(), Hashing::Utf8);
/// let latin1 = h_a1(b"user", b"realm", "p\u{e4}ss".as_bytes(), Hashing::Iso8859_1);
/// assert_ne!(utf8, latin1);
/// // ASCII is the same either way.
/// assert_eq!(h_a1(b"u", b"r", b"pass", Hashing::Utf8), h_a1(b"u", b"r", b"pass", Hashing::Iso8859_1));
/// ```
pub fn h_a1(user: &[u8], realm: &[u8], password: &[u8], hashing: Hashing) -> Zeroizing<[u8; 16]> {
    let convert = |value: &[u8], applies: bool| match applies.then(|| iso_8859_1(value)).flatten() {
        Some(converted) => converted,
        None => Zeroizing::new(value.to_vec()),
    };
    let names = hashing == Hashing::Iso8859_1;
    let password = convert(password, hashing != Hashing::Utf8);
    let mut md5 = Md5::new();
    md5.update(&convert(user, names)[..]);
    md5.update(b":");
    md5.update(&convert(realm, names)[..]);
    md5.update(b":");
    md5.update(&password[..]);
    let mut out = Zeroizing::new([0u8; 16]);
    out.copy_from_slice(&md5.finalize());
    out
}

/// The `response` (and with `rspauth` the server's proof) for `nonce`,
/// `nc` and `qop`, as 32 lower-case hex digits (RFC 2831 section 2.1.2.1),
/// the values hashed as UTF-8 ([`Hashing::Utf8`]).
pub fn digest(
    login: &Login<'_>,
    realm: &[u8],
    nonce: &[u8],
    nc: &str,
    qop: &str,
    rspauth: bool,
) -> Zeroizing<String> {
    digest_with(login, Hashing::Utf8, realm, nonce, nc, qop, rspauth)
}

/// [`digest`] with the user name, realm and password hashed as `hashing`
/// says.
pub fn digest_with(
    login: &Login<'_>,
    hashing: Hashing,
    realm: &[u8],
    nonce: &[u8],
    nc: &str,
    qop: &str,
    rspauth: bool,
) -> Zeroizing<String> {
    let h_a1 = h_a1(login.user.as_bytes(), realm, login.password, hashing);
    digest_from_key(
        &h_a1,
        &Exchange {
            nonce,
            cnonce: login.cnonce.as_bytes(),
            authzid: login.authzid.as_bytes(),
            digest_uri: login.digest_uri.as_bytes(),
            nc: nc.as_bytes(),
            qop: qop.as_bytes(),
        },
        rspauth,
    )
}

/// The values of one exchange that a digest covers besides the password.
pub struct Exchange<'a> {
    /// The server's nonce.
    pub nonce: &'a [u8],
    /// The client's nonce.
    pub cnonce: &'a [u8],
    /// The authzid, empty for none.
    pub authzid: &'a [u8],
    /// The digest-uri as the client sent it.
    pub digest_uri: &'a [u8],
    /// The nonce count, as sent (8 hex digits).
    pub nc: &'a [u8],
    /// The quality of protection (`auth`).
    pub qop: &'a [u8],
}

/// The `response` (or with `rspauth` the server's proof) from `h_a1`,
/// `MD5(user ":" realm ":" password)`: what a server holding only
/// Dovecot's `{DIGEST-MD5}` computes.
pub fn digest_from_key(
    h_a1: &[u8; 16],
    exchange: &Exchange<'_>,
    rspauth: bool,
) -> Zeroizing<String> {
    let mut a1 = Zeroizing::new(h_a1.to_vec());
    for part in [b":".as_slice(), exchange.nonce, b":", exchange.cnonce] {
        a1.extend_from_slice(part);
    }
    if !exchange.authzid.is_empty() {
        a1.push(b':');
        a1.extend_from_slice(exchange.authzid);
    }
    let mut a2 = Md5::new();
    if !rspauth {
        a2.update(b"AUTHENTICATE");
    }
    a2.update(b":");
    a2.update(exchange.digest_uri);
    let mut kd = Md5::new();
    kd.update(hex::encode(Md5::digest(&a1[..])));
    for part in [
        b":".as_slice(),
        exchange.nonce,
        b":",
        exchange.nc,
        b":",
        exchange.cnonce,
        b":",
        exchange.qop,
        b":",
    ] {
        kd.update(part);
    }
    kd.update(hex::encode(a2.finalize()));
    Zeroizing::new(hex::encode(kd.finalize()))
}

/// A directive's value written as a quoted string (RFC 2831 section 7.2).
fn quoted(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 2);
    out.push(b'"');
    for &b in value {
        if b == b'"' || b == b'\\' {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b'"');
    out
}

/// Where the client stands.
enum State {
    Start,
    /// The response is sent; the server's `rspauth` is due.
    Sent {
        rspauth: Zeroizing<String>,
    },
    Done,
}

/// The DIGEST-MD5 client: the response to the server's challenge, then a
/// check of the server's `rspauth`, answered with an empty response.
/// Only `qop=auth` (authentication without a security layer) is spoken.
pub struct DigestMd5 {
    user: String,
    password: Message,
    authzid: String,
    digest_uri: String,
    cnonce: String,
    hashing: Hashing,
    state: State,
}

impl DigestMd5 {
    /// A client for `login`. The user name must not be empty; no field may
    /// hold NUL.
    pub fn new(login: Login<'_>) -> Result<Self, Error> {
        field::no_nul("user", login.user.as_bytes(), NAME)?;
        field::no_nul("password", login.password, NAME)?;
        field::non_empty("password", login.password, field::EMPTY_SECRET_RULE)?;
        field::non_empty(
            "user",
            login.user.as_bytes(),
            "RFC 2831 section 2.1.2 sends a username",
        )?;
        Ok(DigestMd5 {
            user: login.user.to_owned(),
            password: Message::new(login.password.to_vec()),
            authzid: login.authzid.to_owned(),
            digest_uri: login.digest_uri.to_owned(),
            cnonce: login.cnonce.to_owned(),
            hashing: Hashing::default(),
            state: State::Start,
        })
    }

    /// Hashes the user name, realm and password as `hashing` says
    /// (UTF-8 unless told).
    pub fn with_hashing(mut self, hashing: Hashing) -> Self {
        self.hashing = hashing;
        self
    }

    fn login(&self) -> Login<'_> {
        Login {
            user: &self.user,
            password: &self.password,
            authzid: &self.authzid,
            digest_uri: &self.digest_uri,
            cnonce: &self.cnonce,
        }
    }

    fn response(&mut self, challenge: &[u8]) -> Result<Message, Error> {
        let list = directives(challenge).map_err(|rule| Error::malformed("challenge", rule))?;
        let nonce = find(&list, "nonce")
            .ok_or_else(|| {
                Error::malformed("challenge", "it has no nonce (RFC 2831 section 2.1.1)")
            })?
            .to_vec();
        let qop = find(&list, "qop").unwrap_or(b"auth");
        if !qop
            .split(|&b| b == b',')
            .any(|q| q.trim_ascii().eq_ignore_ascii_case(b"auth"))
        {
            return Err(Error::malformed(
                "challenge",
                "the server offers no qop=auth; saslenc speaks no security layer (auth-int, auth-conf)",
            ));
        }
        if find(&list, "algorithm").is_none_or(|a| !a.eq_ignore_ascii_case(b"md5-sess")) {
            return Err(Error::malformed(
                "challenge",
                "algorithm=md5-sess is missing (RFC 2831 section 2.1.1)",
            ));
        }
        // The first realm the server offers; none: the empty realm.
        let realm = find(&list, "realm").unwrap_or_default().to_vec();
        let nc = "00000001";
        let login = self.login();
        let response = digest_with(&login, self.hashing, &realm, &nonce, nc, "auth", false);
        let rspauth = digest_with(&login, self.hashing, &realm, &nonce, nc, "auth", true);
        let mut out = Message::new(Vec::with_capacity(256));
        out.extend_from_slice(b"charset=utf-8,username=");
        out.extend_from_slice(&quoted(self.user.as_bytes()));
        out.extend_from_slice(b",realm=");
        out.extend_from_slice(&quoted(&realm));
        out.extend_from_slice(b",nonce=");
        out.extend_from_slice(&quoted(&nonce));
        out.extend_from_slice(format!(",nc={nc},cnonce=").as_bytes());
        out.extend_from_slice(&quoted(self.cnonce.as_bytes()));
        out.extend_from_slice(b",digest-uri=");
        out.extend_from_slice(&quoted(self.digest_uri.as_bytes()));
        out.extend_from_slice(b",response=");
        out.extend_from_slice(response.as_bytes());
        out.extend_from_slice(b",qop=auth");
        if !self.authzid.is_empty() {
            out.extend_from_slice(b",authzid=");
            out.extend_from_slice(&quoted(self.authzid.as_bytes()));
        }
        self.state = State::Sent { rspauth };
        Ok(out)
    }
}

impl Mechanism for DigestMd5 {
    fn name(&self) -> &'static str {
        NAME
    }

    fn initial(&mut self) -> Result<Option<Message>, Error> {
        // RFC 2831 section 2.1: the server speaks first.
        Ok(None)
    }

    fn respond(&mut self, challenge: &[u8]) -> Result<Message, Error> {
        match &self.state {
            State::Start => self.response(challenge),
            State::Sent { rspauth } => {
                let list =
                    directives(challenge).map_err(|rule| Error::malformed("rspauth", rule))?;
                let sent = find(&list, "rspauth").ok_or_else(|| {
                    Error::malformed(
                        "rspauth",
                        "the server's second challenge is rspauth=… (RFC 2831 section 2.1.3)",
                    )
                })?;
                if !bool::from(subtle::ConstantTimeEq::ct_eq(sent, rspauth.as_bytes())) {
                    return Err(Error::malformed(
                        "rspauth",
                        "the server's rspauth does not match the one computed from the password: \
                         the server does not know it, or the exchange was altered",
                    ));
                }
                self.state = State::Done;
                Ok(Message::new(Vec::new()))
            }
            State::Done => Err(Error::UnexpectedChallenge {
                mechanism: NAME,
                steps: 2,
            }),
        }
    }

    fn is_complete(&self) -> bool {
        matches!(self.state, State::Done)
    }
}

/// The server's challenge (RFC 2831 section 2.1.1): the realm, the nonce,
/// `qop="auth"`, `charset=utf-8` and `algorithm=md5-sess`, unquoted as the
/// RFC writes it (curl gives up on Dovecot's quoted form).
pub fn server_challenge(realm: &str, nonce: &str) -> Vec<u8> {
    let mut out = b"realm=".to_vec();
    out.extend_from_slice(&quoted(realm.as_bytes()));
    out.extend_from_slice(b",nonce=");
    out.extend_from_slice(&quoted(nonce.as_bytes()));
    out.extend_from_slice(b",qop=\"auth\",charset=utf-8,algorithm=md5-sess");
    out
}

/// A client's digest-response as the server reads it.
pub struct ClientResponse {
    /// `username`.
    pub user: String,
    /// `realm` (empty when left out).
    pub realm: Vec<u8>,
    /// `nonce`.
    pub nonce: Vec<u8>,
    /// `cnonce`.
    pub cnonce: Vec<u8>,
    /// `nc` (quoted or not: curl quotes it).
    pub nc: Vec<u8>,
    /// `qop`, `auth` when left out (RFC 2831 section 2.1.2).
    pub qop: Vec<u8>,
    /// `digest-uri`.
    pub digest_uri: Vec<u8>,
    /// `response`, 32 hex digits.
    pub response: Vec<u8>,
    /// `authzid`, empty when left out.
    pub authzid: Vec<u8>,
}

impl ClientResponse {
    /// Reads a digest-response; the error names what is missing.
    pub fn read(bytes: &[u8]) -> Result<ClientResponse, String> {
        let list = directives(bytes).map_err(str::to_owned)?;
        let need = |name: &str| {
            find(&list, name).map(<[u8]>::to_vec).ok_or_else(|| {
                format!("the digest-response has no {name} (RFC 2831 section 2.1.2): {SHAPE}")
            })
        };
        let user = need("username")?;
        let response = need("response")?;
        if response.len() != 32 || !response.iter().all(u8::is_ascii_hexdigit) {
            return Err("response is 32 hex digits (RFC 2831 section 2.1.2.1)".into());
        }
        Ok(ClientResponse {
            user: String::from_utf8_lossy(&user).into_owned(),
            realm: find(&list, "realm").unwrap_or_default().to_vec(),
            nonce: need("nonce")?,
            cnonce: need("cnonce")?,
            nc: need("nc")?,
            qop: find(&list, "qop").unwrap_or(b"auth").to_vec(),
            digest_uri: need("digest-uri")?,
            response: response.to_ascii_lowercase(),
            authzid: find(&list, "authzid").unwrap_or_default().to_vec(),
        })
    }

    /// The digest values, for [`digest_from_key`].
    pub fn exchange(&self) -> Exchange<'_> {
        Exchange {
            nonce: &self.nonce,
            cnonce: &self.cnonce,
            authzid: &self.authzid,
            digest_uri: &self.digest_uri,
            nc: &self.nc,
            qop: &self.qop,
        }
    }
}

/// Why a server refuses a digest-response before (or instead of) checking
/// the digest: what is certain about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unfit {
    /// Not the nonce this exchange's challenge carried: a response
    /// replayed from another exchange.
    Nonce,
    /// A nonce count other than 1: this nonce was issued for one
    /// authentication, so a higher count replays it.
    NonceCount(String),
    /// A qop other than `auth` (a security layer this server does not
    /// offer).
    Qop(String),
    /// A realm other than the one offered.
    Realm {
        /// What the client answered.
        sent: String,
        /// What the server offered.
        offered: String,
    },
    /// A digest-uri whose service is not the protocol's.
    DigestUri {
        /// What the client sent.
        sent: String,
        /// The protocol's service name.
        service: &'static str,
    },
}

impl std::fmt::Display for Unfit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unfit::Nonce => f.write_str(
                "the nonce is not the one this server sent: a response replayed from another \
                 exchange (RFC 2831 section 2.1.2)",
            ),
            Unfit::NonceCount(nc) => write!(
                f,
                "nonce count {nc}: a nonce serves one authentication, nc=00000001; a higher \
                 count replays it (RFC 2831 section 2.1.2)"
            ),
            Unfit::Qop(qop) => write!(
                f,
                "qop={qop}: this server offers qop=auth only, no security layer"
            ),
            Unfit::Realm { sent, offered } => write!(
                f,
                "wrong realm: the client answered for realm \"{sent}\"; this server offered \
                 \"{offered}\", and the digest covers the realm"
            ),
            Unfit::DigestUri { sent, service } => write!(
                f,
                "wrong digest-uri: \"{sent}\" names another service; this protocol's is \
                 {service}/HOST (RFC 2831 section 2.1.2), and the digest covers it"
            ),
        }
    }
}

/// What is certain about `response` before its digest is checked, against
/// the challenge's `nonce` and `realm` and the protocol's `service`
/// (`None`: any). The host half of the digest-uri is not checked: curl
/// sends the realm there.
pub fn unfit(
    response: &ClientResponse,
    nonce: &str,
    realm: &str,
    service: Option<&'static str>,
) -> Option<Unfit> {
    if response.nonce != nonce.as_bytes() {
        return Some(Unfit::Nonce);
    }
    let count = std::str::from_utf8(&response.nc)
        .ok()
        .filter(|nc| nc.len() == 8)
        .and_then(|nc| u32::from_str_radix(nc, 16).ok());
    if count != Some(1) {
        return Some(Unfit::NonceCount(field::printable(&response.nc)));
    }
    if !response.qop.eq_ignore_ascii_case(b"auth") {
        return Some(Unfit::Qop(field::printable(&response.qop)));
    }
    if response.realm != realm.as_bytes() {
        return Some(Unfit::Realm {
            sent: field::printable(&response.realm),
            offered: realm.to_owned(),
        });
    }
    if let Some(service) = service {
        let sent = response
            .digest_uri
            .split(|&b| b == b'/')
            .next()
            .unwrap_or_default();
        if !sent.eq_ignore_ascii_case(service.as_bytes()) {
            return Some(Unfit::DigestUri {
                sent: field::printable(&response.digest_uri),
                service,
            });
        }
    }
    None
}

impl Explain for DigestMd5 {
    /// The digest-response with every directive a field and the response
    /// masked, then the empty answer to `rspauth`.
    fn layout(&self, step: &Step<'_>) -> Layout {
        match directives(step.message) {
            Ok(list) if !list.is_empty() => layout(step.message, &list)
                .labelled("digest-response (RFC 2831 section 2.1.2)")
                .note(
                    "response is HEX(MD5(HEX(MD5(A1)) \":\" nonce \":\" nc \":\" cnonce \":\" qop \
                     \":\" HEX(MD5(\"AUTHENTICATE:\" digest-uri)))) with A1 = MD5(username \":\" \
                     realm \":\" password) \":\" nonce \":\" cnonce [\":\" authzid] (RFC 2831 \
                     section 2.1.2.1): it lets anyone who captures it test password guesses, so it \
                     is masked like the password",
                ),
            _ => Layout::new(NAME)
                .literal(step.message)
                .labelled("the answer to rspauth")
                .note(
                    "the server proved it knows the password (rspauth checked); the client \
                     answers with an empty response (RFC 2831 section 2.1.3)",
                ),
        }
    }
}

/// A directive's field in a layout: its name, and whether its value lets a
/// password guess be checked offline (`response`, `rspauth`).
fn layout_field(directive: &Directive<'_>) -> Field {
    const KNOWN: &[(&str, &str)] = &[
        ("realm", "REALM"),
        ("nonce", "NONCE"),
        ("qop", "QOP"),
        ("stale", "STALE"),
        ("maxbuf", "MAXBUF"),
        ("charset", "CHARSET"),
        ("algorithm", "ALGORITHM"),
        ("cipher", "CIPHER"),
        ("username", "USER"),
        ("cnonce", "CNONCE"),
        ("nc", "NC"),
        ("digest-uri", "DIGEST_URI"),
        ("authzid", "AUTHZID"),
    ];
    if directive.is("response") {
        return Field::secret("response", "RESPONSE", directive.raw);
    }
    if directive.is("rspauth") {
        return Field::secret("rspauth", "RSPAUTH", directive.raw);
    }
    let (name, var) = KNOWN
        .iter()
        .find(|(name, _)| directive.is(name))
        .copied()
        .unwrap_or(("directive", "DIRECTIVE"));
    Field::text(name, var, directive.raw)
}

/// The layout of a directive list, each value a field as written.
fn layout(bytes: &[u8], list: &[Directive<'_>]) -> Layout {
    let mut layout = Layout::new(NAME);
    let mut at = 0;
    for directive in list {
        let start = directive.raw.as_ptr() as usize - bytes.as_ptr() as usize;
        layout = layout
            .literal(&bytes[at..start])
            .field(layout_field(directive));
        at = start + directive.raw.len();
    }
    layout.literal(&bytes[at..]).note(HISTORIC)
}

/// What every reader of a DIGEST-MD5 message is told.
pub(crate) const HISTORIC: &str = "DIGEST-MD5 is historic (RFC 6331): a captured exchange \
     lets anyone test password guesses offline, and servers drop it; SCRAM-SHA-256 is its \
     replacement";

/// The shape of a digest-response, for a message that does not fit it.
pub(crate) const SHAPE: &str = "username=\"…\",realm=\"…\",nonce=\"…\",cnonce=\"…\",nc=…,qop=auth,\
     digest-uri=\"…\",response=… (RFC 2831 section 2.1.2)";

/// The client's digest-response, where the bytes have its shape (a
/// username, a nonce and a response): for `decode`, the response masked.
pub(crate) fn recognise_client(bytes: &[u8]) -> Option<(&'static str, Layout)> {
    let list = directives(bytes).ok()?;
    let has = |name: &str| list.iter().any(|d| d.is(name));
    (has("username") && has("response") && has("nonce")).then(|| {
        (
            "digest-response (RFC 2831 section 2.1.2)",
            layout(bytes, &list),
        )
    })
}

/// The server's digest-challenge (a nonce and an algorithm, no username)
/// or its `rspauth` (masked), where the bytes have the shape (for
/// `decode`).
pub(crate) fn recognise_server(bytes: &[u8]) -> Option<(&'static str, Layout)> {
    let list = directives(bytes).ok()?;
    let has = |name: &str| list.iter().any(|d| d.is(name));
    let what = if has("rspauth") && list.len() == 1 {
        "rspauth, the server's proof (RFC 2831 section 2.1.3)"
    } else if has("nonce") && has("algorithm") && !has("username") {
        "digest-challenge (RFC 2831 section 2.1.1)"
    } else {
        return None;
    };
    Some((what, layout(bytes, &list)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHALLENGE: &[u8] = br#"realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",qop="auth",algorithm=md5-sess,charset=utf-8"#;

    fn rfc2831() -> DigestMd5 {
        DigestMd5::new(Login {
            user: "chris",
            password: b"secret",
            authzid: "",
            digest_uri: "imap/elwood.innosoft.com",
            cnonce: "OA6MHXh6VqTrRk",
        })
        .unwrap()
    }

    /// RFC 2831 section 4, byte for byte (the order of the directives is
    /// saslenc's; the values are the RFC's).
    #[test]
    fn rfc2831_section_4() {
        let mut digest = rfc2831();
        assert!(digest.initial().unwrap().is_none());
        let response = digest.respond(CHALLENGE).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&response),
            r#"charset=utf-8,username="chris",realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",nc=00000001,cnonce="OA6MHXh6VqTrRk",digest-uri="imap/elwood.innosoft.com",response=d388dad90d4bbd760a152321f2143af7,qop=auth"#
        );
        assert!(!digest.is_complete());
        assert!(digest
            .respond(b"rspauth=ea40f60335c427b5527b84dbabcdfffd")
            .unwrap()
            .is_empty());
        assert!(digest.is_complete());
    }

    #[test]
    fn a_wrong_rspauth_is_refused() {
        let mut digest = rfc2831();
        digest.respond(CHALLENGE).unwrap();
        let err = digest
            .respond(b"rspauth=ea40f60335c427b5527b84dbabcdfffe")
            .unwrap_err();
        assert!(err.to_string().contains("does not match"), "{err}");
        assert!(!digest.is_complete());
    }

    #[test]
    fn directives_read_quotes_escapes_and_dovecot_quirks() {
        // Dovecot quotes algorithm and may send an empty realm.
        let list = directives(
            br#"realm="",nonce="a\"b\\c", qop="auth",charset=utf-8,algorithm="md5-sess""#,
        )
        .unwrap();
        assert_eq!(find(&list, "realm"), Some(&b""[..]));
        assert_eq!(find(&list, "nonce"), Some(&br#"a"b\c"#[..]));
        assert_eq!(find(&list, "algorithm"), Some(&b"md5-sess"[..]));
        assert!(directives(br#"nonce="a",nonce="b""#).is_err());
        assert!(directives(br#"realm="a",realm="b",nonce="n""#).is_ok());
        assert!(directives(br#"nonce="open"#).is_err());
        assert!(directives(b"nonce").is_err());
        assert!(directives(&[b'a'; 3000]).is_err());
    }

    #[test]
    fn no_security_layer_is_offered() {
        let mut digest = rfc2831();
        let err = digest
            .respond(br#"nonce="n",qop="auth-int",algorithm=md5-sess"#)
            .unwrap_err();
        assert!(err.to_string().contains("security layer"), "{err}");
    }

    #[test]
    fn decode_masks_the_response_and_rspauth() {
        let mut digest = rfc2831();
        let response = digest.respond(CHALLENGE).unwrap();
        let (what, layout) = recognise_client(&response).unwrap();
        assert!(what.starts_with("digest-response"));
        assert_eq!(
            layout.escaped(false),
            r#"charset=utf-8,username="chris",realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",nc=00000001,cnonce="OA6MHXh6VqTrRk",digest-uri="imap/elwood.innosoft.com",response=********,qop=auth"#
        );
        assert_eq!(&layout.bytes()[..], &response[..]);
        let (what, layout) = recognise_server(b"rspauth=ea40f60335c427b5527b84dbabcdfffd").unwrap();
        assert!(what.starts_with("rspauth"));
        assert_eq!(layout.escaped(false), "rspauth=********");
        assert!(recognise_server(CHALLENGE)
            .unwrap()
            .0
            .starts_with("digest-challenge"));
        assert!(recognise_client(CHALLENGE).is_none());
    }

    mod server_side {
        use super::super::*;
        use crate::mech::server::{Check, Refusal, ScramSecret, Server, Step, Store};
        use crate::mech::{Kind, Mechanism, ScramHash};

        /// chris / secret, the RFC's user.
        struct Chris;
        impl Store for Chris {
            fn password(&self, _: &str, _: &[u8]) -> Check {
                Check::Unverifiable
            }
            fn scram(&self, _: &str, _: ScramHash) -> Option<ScramSecret> {
                None
            }
            fn cram_md5(&self, _: &str, _: &[u8], _: &[u8; 16]) -> Check {
                Check::Unverifiable
            }
            fn token(&self, _: &str, _: &[u8]) -> Check {
                Check::Unverifiable
            }
            fn digest_md5(
                &self,
                user: &str,
                realm: &str,
                check: &mut dyn FnMut(&[u8; 16], Option<Hashing>) -> bool,
            ) -> Check {
                if user != "chris" {
                    return Check::NoSuchUser;
                }
                let key = crate::stored::digest_md5::h_a1(user, realm, b"secret");
                if check(&key, None) {
                    Check::Match
                } else {
                    Check::Mismatch
                }
            }
        }

        fn challenge(server: &mut Server<'_>) -> Vec<u8> {
            match server.start(None) {
                Step::Challenge(c) => c.to_vec(),
                other => panic!("{other:?}"),
            }
        }

        fn client(password: &[u8], uri: &str) -> DigestMd5 {
            DigestMd5::new(Login {
                user: "chris",
                password,
                authzid: "",
                digest_uri: uri,
                cnonce: "OA6MHXh6VqTrRk",
            })
            .unwrap()
        }

        /// The server's challenge is read by the client, its rspauth
        /// verifies, and the empty answer logs in; the challenge has
        /// algorithm=md5-sess unquoted.
        #[test]
        fn a_right_response_gets_rspauth_and_success() {
            let mut server = Server::new(Kind::DigestMd5, &Chris)
                .with_hostname("elwood.innosoft.com")
                .with_digest_service("imap");
            let c = challenge(&mut server);
            assert!(String::from_utf8_lossy(&c).ends_with(",algorithm=md5-sess"));
            let mut digest = client(b"secret", "imap/elwood.innosoft.com");
            let response = digest.respond(&c).unwrap();
            let Step::Challenge(rspauth) = server.respond(&response) else {
                panic!()
            };
            let answer = digest.respond(&rspauth).unwrap();
            assert!(digest.is_complete());
            assert!(
                matches!(server.respond(&answer), Step::Success { ref user, .. } if user == "chris")
            );
        }

        fn refused(response: &[u8], server: &mut Server<'_>) -> (Refusal, String) {
            match server.respond(response) {
                Step::Failure(f) => (f.refusal, f.reason),
                other => panic!("{other:?}"),
            }
        }

        /// What is certain is said: a wrong password, realm, digest-uri
        /// service, nonce count or nonce.
        #[test]
        fn each_certain_refusal_is_named() {
            let run = |edit: &dyn Fn(String) -> String, password: &[u8], uri: &str| {
                let mut server = Server::new(Kind::DigestMd5, &Chris)
                    .with_hostname("elwood.innosoft.com")
                    .with_digest_service("imap");
                let c = challenge(&mut server);
                let response = client(password, uri).respond(&c).unwrap();
                let response = edit(String::from_utf8_lossy(&response).into_owned());
                refused(response.as_bytes(), &mut server)
            };
            let same = |r: String| r;
            let (refusal, reason) = run(&same, b"wrong", "imap/elwood.innosoft.com");
            assert_eq!(refusal, Refusal::Store);
            assert!(reason.contains("the password differs"), "{reason}");
            let (_, reason) = run(&same, b"secret", "smtp/elwood.innosoft.com");
            assert!(reason.starts_with("wrong digest-uri"), "{reason}");
            let (_, reason) = run(
                &|r: String| r.replace("realm=\"elwood.innosoft.com\"", "realm=\"other\""),
                b"secret",
                "imap/elwood.innosoft.com",
            );
            assert!(reason.starts_with("wrong realm"), "{reason}");
            let (refusal, reason) = run(
                &|r: String| r.replace("nc=00000001", "nc=00000002"),
                b"secret",
                "imap/elwood.innosoft.com",
            );
            assert_eq!(refusal, Refusal::Store);
            assert!(reason.contains("replays"), "{reason}");
            // A response replayed from an exchange with another nonce.
            let mut server =
                Server::new(Kind::DigestMd5, &Chris).with_hostname("elwood.innosoft.com");
            challenge(&mut server);
            let old = client(b"secret", "imap/elwood.innosoft.com")
                .respond(super::CHALLENGE)
                .unwrap();
            let (refusal, reason) = refused(&old, &mut server);
            assert_eq!(refusal, Refusal::Store);
            assert!(reason.contains("replayed"), "{reason}");
        }

        /// curl quotes nc and puts the realm in the digest-uri.
        #[test]
        fn curls_quoted_nc_is_taken() {
            let mut server = Server::new(Kind::DigestMd5, &Chris).with_hostname("localhost");
            let c = challenge(&mut server);
            let response = client(b"secret", "smtp/localhost").respond(&c).unwrap();
            let response =
                String::from_utf8_lossy(&response).replace("nc=00000001", "nc=\"00000001\"");
            assert!(matches!(
                server.respond(response.as_bytes()),
                Step::Challenge(_)
            ));
        }
    }
}

/// RFC 2831 section 2.1.2.1's ISO 8859-1 rule on the client's side, each
/// key against MD5 of the bytes written out by hand.
#[cfg(test)]
mod hashing_tests {
    use super::*;

    fn md5(bytes: &[u8]) -> [u8; 16] {
        Md5::digest(bytes).into()
    }

    #[test]
    fn iso_8859_1_holds_latin1_only() {
        assert_eq!(
            iso_8859_1("pässwörd".as_bytes()).as_deref().map(|v| &v[..]),
            Some(&b"p\xe4ssw\xf6rd"[..])
        );
        // U+00FF is the last character ISO 8859-1 holds; U+0100 is not.
        assert_eq!(
            iso_8859_1("\u{ff}".as_bytes()).as_deref().map(|v| &v[..]),
            Some(&b"\xff"[..])
        );
        assert!(iso_8859_1("\u{100}".as_bytes()).is_none());
        assert!(iso_8859_1("пароль".as_bytes()).is_none());
        assert!(iso_8859_1("€".as_bytes()).is_none());
        // Not UTF-8: hashed as it is.
        assert!(iso_8859_1(b"p\xe4ss").is_none());
    }

    #[test]
    fn each_way_hashes_the_bytes_it_says() {
        let password = "pässwörd".as_bytes();
        assert_eq!(
            *h_a1("jörg".as_bytes(), b"r", password, Hashing::Utf8),
            md5("jörg:r:pässwörd".as_bytes())
        );
        assert_eq!(
            *h_a1("jörg".as_bytes(), b"r", password, Hashing::Iso8859_1),
            md5(b"j\xf6rg:r:p\xe4ssw\xf6rd")
        );
        assert_eq!(
            *h_a1(
                "jörg".as_bytes(),
                b"r",
                password,
                Hashing::Iso8859_1Password
            ),
            md5(b"j\xc3\xb6rg:r:p\xe4ssw\xf6rd")
        );
        // A value ISO 8859-1 cannot hold is hashed as UTF-8 every way,
        // each value on its own (Cyrus SASL's reading of the rule).
        for hashing in Hashing::ALL {
            assert_eq!(
                *h_a1(b"alice", b"r", "пароль".as_bytes(), hashing),
                md5("alice:r:пароль".as_bytes())
            );
        }
        assert_eq!(
            *h_a1(
                "jörg".as_bytes(),
                b"r",
                "пароль".as_bytes(),
                Hashing::Iso8859_1
            ),
            md5(&[b"j\xf6rg:r:".as_slice(), "пароль".as_bytes()].concat())
        );
        // The stored {DIGEST-MD5} (Dovecot's, UTF-8) is the UTF-8 key.
        assert_eq!(
            *h_a1(b"user", b"realm", "pässwörd".as_bytes(), Hashing::Utf8),
            *crate::stored::digest_md5::h_a1("user", "realm", "pässwörd".as_bytes())
        );
    }

    /// The client sends the response its way; a server hashing another
    /// way computes another digest (the response differs).
    #[test]
    fn the_client_hashes_as_told() {
        let challenge = br#"realm="r",nonce="n",qop="auth",charset=utf-8,algorithm=md5-sess"#;
        let mut responses = Vec::new();
        for hashing in Hashing::ALL {
            let mut client = DigestMd5::new(Login {
                user: "jörg",
                password: "pässwörd".as_bytes(),
                authzid: "",
                digest_uri: "imap/h",
                cnonce: "c",
            })
            .unwrap()
            .with_hashing(hashing);
            let sent = client.respond(challenge).unwrap();
            let list = directives(&sent).unwrap();
            let response = find(&list, "response").unwrap().to_vec();
            // The user name goes out in UTF-8 whichever way it is hashed.
            assert_eq!(find(&list, "username").unwrap(), "jörg".as_bytes());
            let key = h_a1("jörg".as_bytes(), b"r", "pässwörd".as_bytes(), hashing);
            let exchange = Exchange {
                nonce: b"n",
                cnonce: b"c",
                authzid: b"",
                digest_uri: b"imap/h",
                nc: b"00000001",
                qop: b"auth",
            };
            assert_eq!(response, digest_from_key(&key, &exchange, false).as_bytes());
            responses.push(response);
        }
        assert_ne!(responses[0], responses[1]);
        assert_ne!(responses[1], responses[2]);
        assert_ne!(responses[0], responses[2]);
    }
}
