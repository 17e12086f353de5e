//! EXTERNAL (RFC 4422 appendix A).
//!
//! The credentials are established outside SASL (a TLS client certificate,
//! a Unix socket's peer); the message is only the authorization identity
//! to act as, and is empty when the client wants the identity the
//! external credentials imply. An empty initial response travels as `=`.

use super::{Mechanism, Message, OneMessage};
use crate::field;
use crate::layout::{Explain, Field, Layout, Step};
use crate::Error;

const NAME: &str = "EXTERNAL";

/// The EXTERNAL client.
///
/// ```
/// use saslenc::mech::{External, Mechanism};
/// let mut external = External::new("")?;
/// assert!(external.initial()?.unwrap().is_empty());
/// # Ok::<(), saslenc::Error>(())
/// ```
pub struct External {
    authzid: Message,
    progress: OneMessage,
}

impl External {
    /// `authzid` may be empty; it must not hold NUL (RFC 4422 appendix A.1:
    /// `authz-id-string = 1*( UTF8-char-no-nul )`).
    pub fn new(authzid: &str) -> Result<Self, Error> {
        field::no_nul("authzid", authzid.as_bytes(), NAME)?;
        Ok(External {
            authzid: Message::new(authzid.as_bytes().to_vec()),
            progress: OneMessage::default(),
        })
    }
}

impl Mechanism for External {
    fn is_complete(&self) -> bool {
        self.progress.is_complete()
    }

    fn name(&self) -> &'static str {
        NAME
    }

    fn initial(&mut self) -> Result<Option<Message>, Error> {
        Ok(self.progress.initial(self.authzid.clone()))
    }

    /// Without an initial response the server sends an empty challenge,
    /// answered with the message.
    fn respond(&mut self, _challenge: &[u8]) -> Result<Message, Error> {
        self.progress.respond(NAME, self.authzid.clone(), None)
    }
}

impl Explain for External {
    /// The authorization identity, or nothing.
    fn layout(&self, step: &Step<'_>) -> Layout {
        layout(step.message)
    }
}

/// RFC 4422 appendix A: the authorization identity, or empty.
pub(crate) fn recognise(bytes: &[u8]) -> (&'static str, Layout) {
    ("authorization identity", layout(bytes))
}

/// Where EXTERNAL's identity comes from, for `decode` and `--explain`.
pub const IDENTITY_NOTE: &str = "EXTERNAL carries no credential: the identity is the TLS \
    client certificate's, established in the handshake before this message; the message only \
    names the user to act as, and empty asks for the one the certificate names";

/// The message: the one field, and where the identity comes from.
pub(crate) fn layout(message: &[u8]) -> Layout {
    Layout::new(NAME)
        .field(Field::text("authzid", "AUTHZID", message))
        .note(IDENTITY_NOTE)
}

/// What the server's TLS layer established of the client, for
/// EXTERNAL's server step: the certificate the client presented, and
/// whether it was verified against the trusted client CAs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presented {
    /// The client sent no certificate.
    Nothing,
    /// The client sent a certificate that verification refused.
    Refused {
        /// The certificate's subject.
        subject: String,
        /// Why it was refused, in words (its issuer is not trusted, it
        /// expired and when, ...).
        reason: String,
    },
    /// A verified certificate.
    Verified {
        /// The certificate's subject.
        subject: String,
        /// The identities it vouches for, in this order: the subject's
        /// common names, then its email and DNS subjectAltNames.
        identities: Vec<CertIdentity>,
    },
}

/// One identity a client certificate holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertIdentity {
    /// A subject common name (CN), compared exactly.
    CommonName(String),
    /// An rfc822Name subjectAltName, compared ignoring ASCII case.
    Email(String),
    /// A dNSName subjectAltName, compared ignoring ASCII case.
    Dns(String),
}

impl CertIdentity {
    /// The identity's text.
    pub fn value(&self) -> &str {
        match self {
            CertIdentity::CommonName(v) | CertIdentity::Email(v) | CertIdentity::Dns(v) => v,
        }
    }

    /// Whether `name` is this identity: a common name exactly, an email
    /// address or a DNS name ignoring ASCII case (RFC 5280 section
    /// 4.2.1.6 compares the domain part case-insensitively, and mail
    /// systems the whole address).
    pub fn names(&self, name: &str) -> bool {
        match self {
            CertIdentity::CommonName(v) => v == name,
            CertIdentity::Email(v) | CertIdentity::Dns(v) => v.eq_ignore_ascii_case(name),
        }
    }
}

impl std::fmt::Display for CertIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CertIdentity::CommonName(v) => write!(f, "CN {v}"),
            CertIdentity::Email(v) => write!(f, "email {v}"),
            CertIdentity::Dns(v) => write!(f, "DNS {v}"),
        }
    }
}

/// Why EXTERNAL's server step refused a login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternalRefusal {
    /// No client certificate was sent.
    NoCertificate,
    /// The certificate was not verified; why.
    NotVerified {
        /// The certificate's subject.
        subject: String,
        /// Why.
        reason: String,
    },
    /// The authorization identity asked for is none of the certificate's.
    OtherUser {
        /// The identity asked for.
        authzid: String,
        /// The certificate's subject.
        subject: String,
        /// Its identities.
        identities: Vec<CertIdentity>,
    },
    /// The identity asked for (or, with none asked for, every identity
    /// of the certificate) names no account.
    NoAccount {
        /// The identities looked up.
        looked_up: Vec<String>,
        /// The certificate's subject.
        subject: String,
    },
}

impl std::fmt::Display for ExternalRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |ids: &[CertIdentity]| {
            ids.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            ExternalRefusal::NoCertificate => f.write_str(
                "EXTERNAL: the client sent no TLS client certificate, so there is no identity to \
                 log in with (curl --cert/--key, openssl s_client -cert/-key, msmtp \
                 tls_cert_file/tls_key_file)",
            ),
            ExternalRefusal::NotVerified { subject, reason } => write!(
                f,
                "EXTERNAL: the client certificate ({subject}) was not accepted: {reason}"
            ),
            ExternalRefusal::OtherUser {
                authzid,
                subject,
                identities,
            } => write!(
                f,
                "EXTERNAL: the client asked to act as {}, and the certificate ({subject}) is \
                 for another user: it names {}; send that, or an empty authorization identity",
                crate::field::quoted(authzid.as_bytes()),
                if identities.is_empty() {
                    "no identity (no CN, email or DNS name)".to_owned()
                } else {
                    list(identities)
                }
            ),
            ExternalRefusal::NoAccount { looked_up, subject } => write!(
                f,
                "EXTERNAL: the certificate ({subject}) is verified, but its identity does not \
                 match an account here: {} looked up",
                if looked_up.is_empty() {
                    "nothing (it has no CN, email or DNS name)".to_owned()
                } else {
                    looked_up
                        .iter()
                        .map(|n| crate::field::quoted(n.as_bytes()))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ),
        }
    }
}

/// EXTERNAL's server step (RFC 4422 appendix A.1): the user the client
/// logs in as, from the certificate the TLS layer verified (`presented`)
/// and the authorization identity sent (`authzid`, empty for "the one
/// the certificate implies"); `is_account` says whether a user name is an
/// account here.
///
/// The rule: the certificate must be verified; an authorization identity
/// given must be one of the certificate's identities
/// ([`CertIdentity::names`]) and an account; with none given, the first
/// of the certificate's identities that is an account is the user.
///
/// ```
/// use saslenc::mech::external::{login_as, CertIdentity, ExternalRefusal, Presented};
/// let alice = Presented::Verified {
///     subject: "CN=alice".into(),
///     identities: vec![CertIdentity::CommonName("alice".into())],
/// };
/// let accounts = |user: &str| user == "alice" || user == "bob";
/// assert_eq!(login_as("", &alice, &accounts), Ok("alice".into()));
/// assert_eq!(login_as("alice", &alice, &accounts), Ok("alice".into()));
/// assert!(matches!(login_as("bob", &alice, &accounts), Err(ExternalRefusal::OtherUser { .. })));
/// ```
pub fn login_as(
    authzid: &str,
    presented: &Presented,
    is_account: &dyn Fn(&str) -> bool,
) -> Result<String, ExternalRefusal> {
    let (subject, identities) = match presented {
        Presented::Nothing => return Err(ExternalRefusal::NoCertificate),
        Presented::Refused { subject, reason } => {
            return Err(ExternalRefusal::NotVerified {
                subject: subject.clone(),
                reason: reason.clone(),
            })
        }
        Presented::Verified {
            subject,
            identities,
        } => (subject, identities),
    };
    if !authzid.is_empty() {
        if !identities.iter().any(|id| id.names(authzid)) {
            return Err(ExternalRefusal::OtherUser {
                authzid: authzid.to_owned(),
                subject: subject.clone(),
                identities: identities.clone(),
            });
        }
        return if is_account(authzid) {
            Ok(authzid.to_owned())
        } else {
            Err(ExternalRefusal::NoAccount {
                looked_up: vec![authzid.to_owned()],
                subject: subject.clone(),
            })
        };
    }
    identities
        .iter()
        .map(CertIdentity::value)
        .find(|name| is_account(name))
        .map(str::to_owned)
        .ok_or_else(|| ExternalRefusal::NoAccount {
            looked_up: identities.iter().map(|id| id.value().to_owned()).collect(),
            subject: subject.clone(),
        })
}

#[cfg(test)]
mod server_tests {
    use super::*;

    fn verified(ids: Vec<CertIdentity>) -> Presented {
        Presented::Verified {
            subject: "CN=alice".into(),
            identities: ids,
        }
    }

    #[test]
    fn each_refusal_is_told_apart() {
        let accounts = |u: &str| u == "alice" || u == "bob";
        let alice = verified(vec![
            CertIdentity::CommonName("alice".into()),
            CertIdentity::Email("Alice@Example.org".into()),
        ]);
        assert_eq!(login_as("", &alice, &accounts), Ok("alice".into()));
        assert_eq!(
            login_as("", &Presented::Nothing, &accounts),
            Err(ExternalRefusal::NoCertificate)
        );
        let refused = Presented::Refused {
            subject: "CN=alice".into(),
            reason: "it expired".into(),
        };
        assert!(matches!(
            login_as("alice", &refused, &accounts),
            Err(ExternalRefusal::NotVerified { .. })
        ));
        let err = login_as("bob", &alice, &accounts).unwrap_err();
        assert!(
            err.to_string()
                .contains("it names CN alice, email Alice@Example.org"),
            "{err}"
        );
        // An email identity matches ignoring case, and must be an account.
        let err = login_as("alice@example.org", &alice, &accounts).unwrap_err();
        assert_eq!(
            err,
            ExternalRefusal::NoAccount {
                looked_up: vec!["alice@example.org".into()],
                subject: "CN=alice".into()
            }
        );
        let mail = |u: &str| u == "alice@example.org";
        assert_eq!(
            login_as("alice@example.org", &alice, &mail),
            Ok("alice@example.org".into())
        );
        // A CN is compared exactly.
        assert!(login_as("Alice", &alice, &accounts).is_err());
        let carol = verified(vec![CertIdentity::CommonName("carol".into())]);
        assert!(matches!(
            login_as("", &carol, &accounts),
            Err(ExternalRefusal::NoAccount { .. })
        ));
    }
}
