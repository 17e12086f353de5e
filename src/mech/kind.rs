//! Every mechanism saslenc has, by kind: its name, what credential it
//! needs, whether the secret crosses in the clear, how strong it is, and
//! the one constructor of its client from [`Credentials`].

use std::fmt;
use std::str::FromStr;

use super::channel_binding::Binding;
use super::ntlm::{self, client::Ntlm};
use super::scram::{random_nonce, Prep, ScramHash};
use super::{
    digest_md5, Anonymous, CramMd5, DigestMd5, External, Login, Mechanism, OAuthBearer, Plain,
    Scram, XOAuth2,
};
use crate::layout::Explain;
use crate::{Charset, Error, Secret};

/// A mechanism.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// PLAIN (RFC 4616).
    Plain,
    /// LOGIN (draft-murchison-sasl-login).
    Login,
    /// CRAM-MD5 (RFC 2195).
    CramMd5,
    /// SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677), without
    /// channel binding.
    Scram(ScramHash),
    /// SCRAM-SHA-1-PLUS and SCRAM-SHA-256-PLUS: SCRAM bound to the TLS
    /// channel (RFC 5802 section 6), with `tls-exporter` (RFC 9266) or
    /// `tls-server-end-point` (RFC 5929).
    ScramPlus(ScramHash),
    /// Google's and Microsoft's XOAUTH2.
    XOAuth2,
    /// OAUTHBEARER (RFC 7628).
    OAuthBearer,
    /// EXTERNAL (RFC 4422 appendix A): the identity of the TLS client
    /// certificate.
    External,
    /// ANONYMOUS (RFC 4505).
    Anonymous,
    /// DIGEST-MD5 (RFC 2831, historic by RFC 6331): run only when asked
    /// for by name.
    DigestMd5,
    /// NTLM (MS-NLMP), NTLMv2 only: run only when asked for by name.
    /// Microsoft deprecated it.
    Ntlm,
}

/// A client of any mechanism, that can also describe its messages: what
/// [`Kind::client`] makes.
pub trait Client: Mechanism + Explain {}

impl<T: Mechanism + Explain> Client for T {}

/// What a client may log in with. Which fields a mechanism needs is its
/// [`Kind`]'s to say; a missing one is [`Error::MissingCredential`].
///
/// ```
/// use saslenc::mech::{Credentials, Kind};
///
/// let credentials = Credentials::password("tim", "tanstaaftanstaaf");
/// let mut plain = "plain".parse::<Kind>()?.client(&credentials)?;
/// assert_eq!(&plain.initial()?.unwrap()[..], b"\0tim\0tanstaaftanstaaf");
/// # Ok::<(), saslenc::Error>(())
/// ```
#[derive(Default)]
pub struct Credentials {
    /// The user name (authentication identity).
    pub user: Option<String>,
    /// The identity to act as, empty for the user's own. EXTERNAL sends
    /// it, or else the user name: its identity comes from outside SASL
    /// (a TLS client certificate), and the user name asked for must be
    /// the one logged in as, not whatever the certificate names.
    pub authzid: String,
    /// The password.
    pub password: Option<Secret>,
    /// An OAuth 2.0 access token.
    pub token: Option<Secret>,
    /// The server's host and port, which OAUTHBEARER names in its message.
    pub server: Option<(String, u16)>,
    /// The protocol spoken, whose service name DIGEST-MD5's digest-uri
    /// holds (`smtp`, `imap`, `pop`) with the server's host.
    pub protocol: Option<crate::protocol::Protocol>,
    /// How DIGEST-MD5 hashes the user name, realm and password (UTF-8
    /// unless told).
    pub digest_hashing: digest_md5::Hashing,
}

impl Credentials {
    /// A user name and password.
    pub fn password(user: &str, password: &str) -> Self {
        Credentials {
            user: Some(user.to_owned()),
            password: Some(Secret::new(password.as_bytes().to_vec())),
            ..Credentials::default()
        }
    }

    /// A user name and OAuth access token.
    pub fn token(user: &str, token: &str) -> Self {
        Credentials {
            user: Some(user.to_owned()),
            token: Some(Secret::new(token.as_bytes().to_vec())),
            ..Credentials::default()
        }
    }
}

impl Kind {
    /// Every mechanism a client can run, strongest first.
    pub const ALL: [Kind; 13] = [
        Kind::ScramPlus(ScramHash::Sha256),
        Kind::ScramPlus(ScramHash::Sha1),
        Kind::Scram(ScramHash::Sha256),
        Kind::Scram(ScramHash::Sha1),
        Kind::CramMd5,
        Kind::DigestMd5,
        Kind::OAuthBearer,
        Kind::XOAuth2,
        Kind::Plain,
        Kind::Login,
        Kind::External,
        Kind::Anonymous,
        Kind::Ntlm,
    ];

    /// The password mechanisms a client chooses from, in its order of
    /// preference: SCRAM first; PLAIN and LOGIN over TLS before CRAM-MD5,
    /// whose server must keep the password itself (or its MD5 midstates).
    pub const PASSWORD_PREFERENCE: [Kind; 5] = [
        Kind::Scram(ScramHash::Sha256),
        Kind::Scram(ScramHash::Sha1),
        Kind::Plain,
        Kind::Login,
        Kind::CramMd5,
    ];

    /// The mechanisms bound to the TLS channel, which a client that can
    /// bind prefers to all of [`Kind::PASSWORD_PREFERENCE`].
    pub const BOUND_PREFERENCE: [Kind; 2] = [
        Kind::ScramPlus(ScramHash::Sha256),
        Kind::ScramPlus(ScramHash::Sha1),
    ];

    /// The OAuth 2.0 mechanisms, in a client's order of preference.
    pub const OAUTH_PREFERENCE: [Kind; 2] = [Kind::OAuthBearer, Kind::XOAuth2];

    /// The registered name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Plain => "PLAIN",
            Kind::Login => "LOGIN",
            Kind::CramMd5 => "CRAM-MD5",
            Kind::Scram(hash) => hash.mechanism(),
            Kind::ScramPlus(hash) => hash.plus_mechanism(),
            Kind::XOAuth2 => "XOAUTH2",
            Kind::OAuthBearer => "OAUTHBEARER",
            Kind::External => "EXTERNAL",
            Kind::Anonymous => "ANONYMOUS",
            Kind::DigestMd5 => "DIGEST-MD5",
            Kind::Ntlm => "NTLM",
        }
    }

    /// Every mechanism a server can run (all but EXTERNAL, which needs
    /// the TLS layer's client certificate), strongest first.
    pub fn served_kinds() -> impl Iterator<Item = Kind> {
        Kind::ALL.into_iter().filter(|&k| k != Kind::External)
    }

    /// The mechanism named `name` (any case) among those a server runs.
    pub fn served(name: &str) -> Option<Kind> {
        Kind::served_kinds().find(|k| k.name().eq_ignore_ascii_case(name))
    }

    /// Whether the password (or token) crosses the wire as it is, so that
    /// only TLS protects it.
    pub fn cleartext(self) -> bool {
        matches!(
            self,
            Kind::Plain | Kind::Login | Kind::XOAuth2 | Kind::OAuthBearer
        )
    }

    /// Whether the credential is an OAuth token rather than a password.
    pub fn takes_token(self) -> bool {
        matches!(self, Kind::XOAuth2 | Kind::OAuthBearer)
    }

    /// Whether the mechanism needs a password.
    pub fn takes_password(self) -> bool {
        matches!(
            self,
            Kind::Plain
                | Kind::Login
                | Kind::CramMd5
                | Kind::Scram(_)
                | Kind::ScramPlus(_)
                | Kind::DigestMd5
                | Kind::Ntlm
        )
    }

    /// The SCRAM hash, for SCRAM with or without `-PLUS`.
    pub fn scram_hash(self) -> Option<ScramHash> {
        match self {
            Kind::Scram(hash) | Kind::ScramPlus(hash) => Some(hash),
            _ => None,
        }
    }

    /// The `-PLUS` variant of a SCRAM mechanism, and the SCRAM mechanism
    /// of a `-PLUS` one; `None` for the others.
    pub fn binding_twin(self) -> Option<Kind> {
        match self {
            Kind::Scram(hash) => Some(Kind::ScramPlus(hash)),
            Kind::ScramPlus(hash) => Some(Kind::Scram(hash)),
            _ => None,
        }
    }

    /// Whether the mechanism needs a user name.
    pub fn takes_user(self) -> bool {
        !matches!(self, Kind::External | Kind::Anonymous)
    }

    /// The client of this mechanism for `credentials` (SCRAM with a fresh
    /// random nonce and SASLprep, names and passwords as UTF-8), without
    /// channel binding: a `-PLUS` mechanism needs
    /// [`Kind::client_with_binding`].
    pub fn client(self, credentials: &Credentials) -> Result<Box<dyn Client>, Error> {
        self.client_with_binding(credentials, Binding::Declined)
    }

    /// [`Kind::client`], with SCRAM's GS2 flag `binding` (RFC 5802
    /// section 6): a `-PLUS` mechanism needs [`Binding::Bound`], which a
    /// mechanism without `-PLUS` cannot carry; the others take no binding.
    ///
    /// ```
    /// use saslenc::mech::{Binding, BindingType, ChannelBinding, Credentials, Kind};
    /// let credentials = Credentials::password("user", "pencil");
    /// let data = ChannelBinding::new(BindingType::TlsExporter, vec![1; 32])?;
    /// let plus: Kind = "SCRAM-SHA-256-PLUS".parse()?;
    /// let mut client = plus.client_with_binding(&credentials, Binding::Bound(data))?;
    /// assert!(client.initial()?.unwrap().starts_with(b"p=tls-exporter,,n=user,r="));
    /// assert!(plus.client(&credentials).is_err());
    /// # Ok::<(), saslenc::Error>(())
    /// ```
    pub fn client_with_binding(
        self,
        credentials: &Credentials,
        binding: Binding,
    ) -> Result<Box<dyn Client>, Error> {
        let mechanism = self.name();
        let missing = |what| Error::MissingCredential { mechanism, what };
        let user = || credentials.user.as_deref().ok_or(missing("user"));
        let password = || {
            credentials
                .password
                .as_ref()
                .ok_or(missing("password"))
                .and_then(|s| s.as_text("password"))
        };
        let token = || {
            credentials
                .token
                .as_ref()
                .ok_or(missing("token"))
                .and_then(|s| s.as_text("token"))
        };
        let authzid = credentials.authzid.as_str();
        Ok(match self {
            Kind::Plain => Box::new(Plain::new(authzid, user()?, password()?, Charset::Utf8)?),
            Kind::Login => Box::new(Login::new(user()?, password()?, Charset::Utf8)?),
            Kind::CramMd5 => Box::new(CramMd5::new(user()?, password()?, Charset::Utf8)?),
            Kind::Scram(hash) | Kind::ScramPlus(hash) => {
                // -PLUS binds, SCRAM does not: the GS2 flag must say so.
                match (matches!(self, Kind::ScramPlus(_)), &binding) {
                    (false, Binding::Bound(_)) => {
                        return Err(Error::OptionRule {
                            setting: crate::Setting::ChannelBinding,
                            rule: format!(
                                "{mechanism} carries no channel binding; {} does",
                                hash.plus_mechanism()
                            ),
                        });
                    }
                    (true, Binding::Bound(_)) | (false, _) => {}
                    (true, _) => return Err(missing("channel binding data")),
                }
                Box::new(
                    Scram::new(
                        hash,
                        authzid,
                        user()?,
                        password()?,
                        &random_nonce()?,
                        Prep::SaslPrep,
                    )?
                    .with_binding(binding),
                )
            }
            Kind::XOAuth2 => Box::new(XOAuth2::new(user()?, token()?)?),
            Kind::OAuthBearer => {
                let (host, port) = match &credentials.server {
                    Some((host, port)) => (Some(host.as_str()), Some(*port)),
                    None => (None, None),
                };
                Box::new(OAuthBearer::new(user()?, host, port, token()?)?)
            }
            Kind::External => Box::new(External::new(match authzid {
                "" => credentials.user.as_deref().unwrap_or(""),
                given => given,
            })?),
            Kind::Anonymous => Box::new(Anonymous::new(credentials.user.as_deref().unwrap_or(""))?),
            Kind::DigestMd5 => {
                let (host, _) = credentials.server.as_ref().ok_or(missing("server"))?;
                let protocol = credentials.protocol.ok_or(missing("protocol"))?;
                let digest_uri = digest_md5::digest_uri(protocol, host);
                Box::new(
                    DigestMd5::new(digest_md5::Login {
                        user: user()?,
                        password: password()?.as_bytes(),
                        authzid,
                        digest_uri: &digest_uri,
                        cnonce: &random_nonce()?,
                    })?
                    .with_hashing(credentials.digest_hashing),
                )
            }
            Kind::Ntlm => {
                // DOMAIN\user, as Windows writes it; a bare name has no
                // domain.
                let (domain, user) = user()?.split_once('\\').unwrap_or(("", user()?));
                Box::new(Ntlm::new(ntlm::client::Login {
                    user,
                    domain,
                    password: password()?,
                    workstation: "",
                    client_challenge: ntlm::client::random_client_challenge()?,
                    timestamp: None,
                })?)
            }
        })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name no [`Kind`] has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownMechanism(pub String);

impl fmt::Display for UnknownMechanism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "saslenc has no mechanism {}; it has {}",
            crate::field::printable(self.0.as_bytes()),
            Kind::ALL.map(Kind::name).join(", ")
        )
    }
}

impl std::error::Error for UnknownMechanism {}

impl From<UnknownMechanism> for Error {
    /// A rule of the mechanism setting: which names there are.
    fn from(unknown: UnknownMechanism) -> Error {
        Error::OptionRule {
            setting: crate::Setting::Mechanism,
            rule: unknown.to_string(),
        }
    }
}

impl FromStr for Kind {
    type Err = UnknownMechanism;

    /// The mechanism of this registered name, in any case.
    fn from_str(name: &str) -> Result<Kind, UnknownMechanism> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| UnknownMechanism(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_go_both_ways_in_any_case() {
        for kind in Kind::ALL {
            assert_eq!(kind.name().parse::<Kind>(), Ok(kind));
            assert_eq!(kind.name().to_lowercase().parse::<Kind>(), Ok(kind));
            assert_eq!(kind.to_string(), kind.name());
            assert_eq!(Kind::served(kind.name()).is_some(), kind != Kind::External);
        }
        assert!("GSSAPI".parse::<Kind>().is_err());
        // The preferences only hold kinds a client has.
        for kind in Kind::PASSWORD_PREFERENCE {
            assert!(kind.takes_password());
        }
        for kind in Kind::OAUTH_PREFERENCE {
            assert!(kind.takes_token());
        }
    }

    #[test]
    fn a_missing_credential_is_named() {
        let err = Kind::CramMd5
            .client(&Credentials {
                user: Some("u".into()),
                ..Credentials::default()
            })
            .err()
            .unwrap();
        assert!(
            matches!(
                err,
                Error::MissingCredential {
                    mechanism: "CRAM-MD5",
                    what: "password"
                }
            ),
            "{err}"
        );
        assert!(Kind::Anonymous.client(&Credentials::default()).is_ok());
    }
}
