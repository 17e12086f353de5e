//! The one catalogue of real mistakes. Each entry is a transformation of
//! the right credential (the account's user name, password, token, or
//! what can be derived from a stored secret) into the lines a client
//! would send after making that mistake. A refused login is explained by
//! an entry only when applying it to the right credential gives exactly
//! the lines received ([`super::search`]); docs/serve.md's table is
//! [`super::markdown`]'s output, checked by a test.

use zeroize::Zeroizing;

use crate::encoding;
use crate::mech::server::Kind;

/// How a credential travelled, which decides the lines a mistake makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// A SASL mechanism: the lines are its responses as typed (base64).
    Sasl(Kind),
    /// IMAP LOGIN: the user name and the password; `literal` when the
    /// password came as a literal (`{n}`).
    ImapLogin {
        /// The password was a literal.
        literal: bool,
    },
    /// POP3 USER and PASS: the user name and the password.
    UserPass,
    /// POP3 APOP: the user name and the digest's hex.
    Apop,
}

/// The right credential of one account, and the exchange's challenge.
pub struct Right<'a> {
    /// The account's user name.
    pub user: &'a str,
    /// The password, when it is known as it is.
    pub password: Option<&'a [u8]>,
    /// HMAC-MD5's inner and outer states of the password (from the
    /// password, or Dovecot's `{CRAM-MD5}`).
    pub cram_states: Option<&'a [u8]>,
    /// The OAuth token.
    pub token: Option<&'a [u8]>,
    /// CRAM-MD5's challenge, or APOP's timestamp.
    pub challenge: &'a [u8],
    /// PLAIN: the authzid is the user (`user\0user\0pass`), not empty.
    pub authzid_is_user: bool,
}

/// What a client sent in one login: each line as typed (a SASL
/// response's base64, or IMAP LOGIN's, USER/PASS's and APOP's fields).
pub struct Received<'a> {
    /// How it travelled.
    pub via: Via,
    /// The lines, in order, up to the one the server stopped at.
    pub lines: &'a [Zeroizing<Vec<u8>>],
}

/// A change of bytes that may not apply (`None`).
pub(super) type Bytes = fn(&[u8]) -> Option<Vec<u8>>;
/// PLAIN's message from its authzid, user name and password.
pub(super) type PlainMessage = fn(&[u8], &[u8], &[u8]) -> Option<Vec<u8>>;

/// Where in the credential a mistake acts.
#[derive(Clone, Copy)]
pub(super) enum Make {
    /// On the password; `undo` gives the right password back from the
    /// sent one, to check a hashed account.
    Password {
        apply: Bytes,
        undo: Option<Bytes>,
        vias: &'static [Mech],
    },
    /// On the user name.
    User(fn(&str) -> Option<Vec<u8>>),
    /// On PLAIN's whole message, from (authzid, user, password).
    Plain(PlainMessage),
    /// On each base64 line of a right SASL exchange.
    Line(fn(&str) -> Option<String>),
    /// The whole exchange, from the right credential.
    Whole(fn(&Right, Via) -> Option<Vec<Vec<u8>>>),
}

/// The ways a credential travels, for an entry's scope.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mech {
    Plain,
    Login,
    ImapLogin,
    UserPass,
}

pub(super) const ALL_PASSWORDS: &[Mech] =
    &[Mech::Plain, Mech::Login, Mech::ImapLogin, Mech::UserPass];
pub(super) const SASL_PASSWORDS: &[Mech] = &[Mech::Plain, Mech::Login];

/// One mistake of the catalogue.
pub struct Mistake {
    /// A short stable name (`echo-newline`).
    pub id: &'static str,
    /// The field it changes.
    pub field: &'static str,
    /// How the bytes differ from the right ones.
    pub what: &'static str,
    /// The command or setting that does it, and the way out.
    pub how: &'static str,
    pub(super) make: Make,
}

impl Mistake {
    /// The finding's sentence: what, where, and how it happens.
    pub fn sentence(&self) -> String {
        format!("{} ({}): {} [{}]", self.what, self.field, self.how, self.id)
    }

    /// The lines a client sends after making this mistake with the right
    /// credential `right`, or `None` where it changes nothing or does not
    /// apply to `via`.
    pub fn apply(&self, right: &Right, via: Via) -> Option<Vec<Vec<u8>>> {
        let password = right.password;
        let lines = match self.make {
            Make::Password { apply, vias, .. } => {
                if !vias.contains(&mech(via)?) {
                    return None;
                }
                let sent = apply(password?)?;
                fields(right, via, right.user.as_bytes(), &sent)?
            }
            Make::User(apply) => {
                let user = apply(right.user)?;
                fields(right, via, &user, password?)?
            }
            Make::Plain(apply) => {
                if via != Via::Sasl(Kind::Plain) {
                    return None;
                }
                let user = right.user.as_bytes();
                let authzid: &[u8] = if right.authzid_is_user { user } else { b"" };
                let message = apply(authzid, user, password?)?;
                vec![encoding::encode(&message).as_bytes().to_vec()]
            }
            Make::Line(apply) => {
                let Via::Sasl(_) = via else { return None };
                let right_lines = right_lines(right, via)?;
                let mut out = Vec::new();
                for line in right_lines {
                    out.push(apply(std::str::from_utf8(&line).ok()?)?.into_bytes());
                }
                out
            }
            Make::Whole(apply) => apply(right, via)?,
        };
        (right_lines(right, via).as_ref() != Some(&lines)).then_some(lines)
    }

    /// `undo` of a password mistake, for an account kept hashed.
    pub(super) fn undo(&self, via: Via) -> Option<Bytes> {
        match self.make {
            Make::Password { undo, vias, .. } if mech(via).is_some_and(|m| vias.contains(&m)) => {
                undo
            }
            _ => None,
        }
    }
}

pub(super) fn mech(via: Via) -> Option<Mech> {
    match via {
        Via::Sasl(Kind::Plain) => Some(Mech::Plain),
        Via::Sasl(Kind::Login) => Some(Mech::Login),
        Via::ImapLogin { .. } => Some(Mech::ImapLogin),
        Via::UserPass => Some(Mech::UserPass),
        _ => None,
    }
}

/// The lines a client sends with the right credential over `via`: the
/// password's (PLAIN, LOGIN, IMAP LOGIN, USER/PASS), CRAM-MD5's digest
/// (from the password or the stored states), XOAUTH2's token.
pub fn right_lines(right: &Right, via: Via) -> Option<Vec<Vec<u8>>> {
    match via {
        Via::Sasl(Kind::CramMd5) => {
            let digest = hmac_md5(right.cram_states?, right.challenge);
            cram_line(right, via, digest)
        }
        Via::Sasl(Kind::XOAuth2) => xoauth2_line(right, via, "\x01"),
        _ => fields(right, via, right.user.as_bytes(), right.password?),
    }
}

/// The lines that carry `user` and `password` over `via`.
pub fn fields(right: &Right, via: Via, user: &[u8], password: &[u8]) -> Option<Vec<Vec<u8>>> {
    let b64 = |bytes: &[u8]| encoding::encode(bytes).as_bytes().to_vec();
    match via {
        Via::Sasl(Kind::Plain) => {
            let authzid: &[u8] = if right.authzid_is_user { user } else { b"" };
            Some(vec![b64(&[authzid, b"\0", user, b"\0", password].concat())])
        }
        Via::Sasl(Kind::Login) => Some(vec![b64(user), b64(password)]),
        Via::ImapLogin { .. } | Via::UserPass => Some(vec![user.to_vec(), password.to_vec()]),
        _ => None,
    }
}

/// Whether the lines `received` show the mistake's `expected` lines, up
/// to where the server stopped, and already differ from the `right` ones
/// there. Base64 lines are equal when their text is, or when both decode
/// to the same bytes (with or without padding).
pub(super) fn reproduces(
    expected: &[Vec<u8>],
    right: Option<&[Vec<u8>]>,
    received: &Received,
) -> bool {
    let got = received.lines;
    if got.is_empty() || got.len() > expected.len() {
        return false;
    }
    let sasl = matches!(received.via, Via::Sasl(_));
    let same = |a: &[u8], b: &[u8]| {
        a == b
            || sasl
                && match (std::str::from_utf8(a), std::str::from_utf8(b)) {
                    (Ok(a), Ok(b)) => match (encoding::decode("a", a), encoding::decode("b", b)) {
                        (Ok(a), Ok(b)) => a == b,
                        _ => false,
                    },
                    _ => false,
                }
    };
    let all = got.iter().zip(expected).all(|(g, e)| same(g, e));
    let differs = match right {
        Some(right) => got.iter().zip(right).any(|(g, r)| !same(g, r)) || got.len() > right.len(),
        None => true,
    };
    all && differs
}

/// The most accounts searched for a login whose user name names none.
pub const MAX_SEARCHED_ACCOUNTS: usize = 1000;

/// The user name and password that `received` carries, decoded.
pub fn sent_fields(received: &Received) -> Option<(Vec<u8>, Vec<u8>)> {
    let decode = |line: &[u8]| {
        encoding::decode("line", std::str::from_utf8(line).ok()?)
            .ok()
            .map(|b| b.to_vec())
    };
    match received.via {
        Via::Sasl(Kind::Plain) => {
            let message = decode(received.lines.last()?)?;
            let mut parts = message.split(|&b| b == 0);
            let (_, user, password) = (parts.next()?, parts.next()?, parts.next()?);
            parts
                .next()
                .is_none()
                .then(|| (user.to_vec(), password.to_vec()))
        }
        Via::Sasl(Kind::Login) if received.lines.len() == 2 => {
            Some((decode(&received.lines[0])?, decode(&received.lines[1])?))
        }
        Via::ImapLogin { .. } | Via::UserPass if received.lines.len() == 2 => {
            Some((received.lines[0].to_vec(), received.lines[1].to_vec()))
        }
        _ => None,
    }
}

pub(super) fn hmac_md5(states: &[u8], data: &[u8]) -> Option<String> {
    crate::stored::cram_md5::digest(states, data).map(hex::encode)
}

pub(super) fn hmac_md5_key(key: &[u8], data: &[u8]) -> Option<String> {
    hmac_md5(&crate::stored::cram_md5::states(key)[..], data)
}

pub(super) fn md5_hex(parts: &[&[u8]]) -> String {
    use md5::Digest;
    let mut hasher = md5::Md5::new();
    for part in parts {
        hasher.update(part);
    }
    hex::encode(hasher.finalize())
}

/// CRAM-MD5's one line: base64 of `user SP digest`.
pub(super) fn cram_line(right: &Right, via: Via, digest: Option<String>) -> Option<Vec<Vec<u8>>> {
    if via != Via::Sasl(Kind::CramMd5) {
        return None;
    }
    let message = format!("{} {}", right.user, digest?);
    Some(vec![encoding::encode(message.as_bytes())
        .as_bytes()
        .to_vec()])
}

pub(super) fn xoauth2_line(right: &Right, via: Via, sep: &str) -> Option<Vec<Vec<u8>>> {
    if via != Via::Sasl(Kind::XOAuth2) {
        return None;
    }
    let mut message = format!("user={}{sep}auth=Bearer ", right.user).into_bytes();
    message.extend_from_slice(right.token?);
    message.extend_from_slice(format!("{sep}{sep}").as_bytes());
    Some(vec![encoding::encode(&message).as_bytes().to_vec()])
}
