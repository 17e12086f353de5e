//! The server's side of each mechanism: a state machine fed the client's
//! decoded messages, answering with a challenge or an outcome, and
//! checking the credentials through [`Store`] so that the same steps
//! run against a password, a stored secret or nothing at all
//! (`serve --accept-any`).
//!
//! ```
//! use saslenc::mech::server::{Check, Store, Kind, ScramSecret, Server, Step};
//! use saslenc::mech::ScramHash;
//!
//! struct One;
//! impl Store for One {
//!     fn password(&self, user: &str, password: &[u8]) -> Check {
//!         if user != "tim" { Check::NoSuchUser }
//!         else if password == b"tanstaaftanstaaf" { Check::Match } else { Check::Mismatch }
//!     }
//!     fn scram(&self, _: &str, _: ScramHash) -> Option<ScramSecret> { None }
//!     fn cram_md5(&self, _: &str, _: &[u8], _: &[u8; 16]) -> Check { Check::Unverifiable }
//!     fn token(&self, _: &str, _: &[u8]) -> Check { Check::Unverifiable }
//! }
//!
//! let mut server = Server::new(Kind::Plain, &One);
//! match server.start(Some(b"\0tim\0tanstaaftanstaaf")) {
//!     Step::Success { user, .. } => assert_eq!(user, "tim"),
//!     _ => unreachable!(),
//! }
//! ```

use std::fmt;

use zeroize::Zeroizing;

use super::channel_binding::ChannelBinding;
pub use super::cram_md5::challenge as cram_challenge;
use super::scram::ScramHash;
pub use super::Kind;
use super::{cram_md5, login, plain, Message};
use crate::encoding;

/// The answer of a credential check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The credential is right.
    Match,
    /// The user exists; the credential is wrong.
    Mismatch,
    /// No such user.
    NoSuchUser,
    /// What is stored for the user cannot check this kind of credential
    /// (a SCRAM secret cannot check a CRAM-MD5 digest).
    Unverifiable,
}

/// What a server keeps to run SCRAM for a user (RFC 5802 section 3).
pub struct ScramSecret {
    /// The iteration count to send.
    pub iterations: u32,
    /// The salt to send.
    pub salt: Zeroizing<Vec<u8>>,
    /// `H(ClientKey)`.
    pub stored_key: Zeroizing<Vec<u8>>,
    /// `HMAC(SaltedPassword, "Server Key")`.
    pub server_key: Zeroizing<Vec<u8>>,
}

/// Where a server looks the credentials up.
pub trait Store {
    /// Whether `password`, exactly these bytes, is `user`'s.
    fn password(&self, user: &str, password: &[u8]) -> Check;
    /// `user`'s SCRAM secret for `hash`, if one is known or can be made.
    fn scram(&self, user: &str, hash: ScramHash) -> Option<ScramSecret>;
    /// Whether `digest` is `HMAC-MD5(user's password, challenge)`.
    fn cram_md5(&self, user: &str, challenge: &[u8], digest: &[u8; 16]) -> Check;
    /// Whether `token` is `user`'s OAuth token.
    fn token(&self, user: &str, token: &[u8]) -> Check;
    /// Whether `user` is an account: EXTERNAL logs in as a user its
    /// certificate names, with no credential to check. No one, unless
    /// the store says otherwise.
    fn is_account(&self, _user: &str) -> bool {
        false
    }

    /// Whether `user`'s `MD5(user ":" realm ":" password)` (DIGEST-MD5's
    /// `H(A1)` start, RFC 2831 section 2.1.2.1) passes `check`: from the
    /// password, hashed each way of [`super::digest_md5::Hashing`] that
    /// gives a key of its own (each key passed with its way), or from a
    /// Dovecot `{DIGEST-MD5}` made for this realm (with `None`: how it was
    /// made is not known). By default nothing can check it.
    fn digest_md5(
        &self,
        user: &str,
        realm: &str,
        check: &mut dyn FnMut(&[u8; 16], Option<super::digest_md5::Hashing>) -> bool,
    ) -> Check {
        let _ = (user, realm, check);
        Check::Unverifiable
    }
    /// Whether `user`'s NT hash (MD4 of the UTF-16LE password, from the
    /// password or a stored `{NTLM}`) passes `check`. By default nothing
    /// can check it.
    fn nt_hash(&self, user: &str, check: &mut dyn FnMut(&[u8; 16]) -> bool) -> Check {
        let _ = (user, check);
        Check::Unverifiable
    }
}

/// What the client sent, kept for the diagnosis of a refusal. Secrets in
/// it are zeroized on drop.
#[derive(Default)]
pub struct Evidence {
    /// The user name as sent (authcid), if one was.
    pub user: Option<String>,
    /// The authorization identity as sent, if any.
    pub authzid: Option<String>,
    /// The password or token as sent (PLAIN, LOGIN, XOAUTH2, OAUTHBEARER).
    pub secret: Option<Zeroizing<Vec<u8>>>,
    /// Each decoded client message, in order.
    pub messages: Vec<Message>,
    /// What the server found out about an accepted login that the verdict
    /// should say (how a DIGEST-MD5 response hashed the password, that an
    /// NTLMv1 response taken on request is weak).
    pub notes: Vec<String>,
    /// The challenges the server sent, decoded, in order.
    pub challenges: Vec<Zeroizing<Vec<u8>>>,
}

impl fmt::Debug for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Evidence({} messages)", self.messages.len())
    }
}

/// Why a SCRAM login's channel binding was refused (RFC 5802 section 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingRefusal {
    /// The flag is `y` (the client could bind, and thinks the server
    /// cannot) on a server that offered `-PLUS`: a man in the middle may
    /// have removed `-PLUS` from the list, so RFC 5802 section 6 says
    /// refuse.
    Downgrade,
    /// The flag is `n` or `y` in a `-PLUS` mechanism, which needs `p=`.
    NotBound,
    /// The flag is `p=` in a mechanism without `-PLUS`.
    BoundWithoutPlus,
    /// `p=` names a binding type this server cannot take for this
    /// connection.
    WrongType,
    /// The binding data in `c=` is not this connection's: the client's TLS
    /// connection ends somewhere else (a proxy that terminates TLS, a man
    /// in the middle), or it computed the data another way.
    OtherConnection,
}

/// Why a login was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The user is unknown or the credential is wrong.
    Store,
    /// A client message breaks the mechanism's grammar.
    Malformed,
    /// The client cancelled the exchange with `*`.
    Cancelled,
    /// The client closed the connection before the exchange ended: at a
    /// challenge it did not answer, or at the server's proof.
    HungUp,
    /// The mechanism cannot be run for this user with what is stored.
    Unavailable,
    /// The channel binding does not fit this connection or this offer.
    ChannelBinding(BindingRefusal),
}

/// The outcome of a refused or broken exchange.
#[derive(Debug)]
pub struct Failure {
    /// Why.
    pub refusal: Refusal,
    /// What was wrong, for the server's log; never the secret.
    pub reason: String,
    /// What the client sent.
    pub evidence: Evidence,
}

/// What the server says next.
#[derive(Debug)]
pub enum Step {
    /// A challenge, before base64.
    Challenge(Message),
    /// The login is accepted, for `user`; `additional` is data that goes
    /// with the success (SCRAM's server-final), sent as a last challenge
    /// by protocols whose success reply cannot carry it.
    Success {
        /// The authenticated user.
        user: String,
        /// Additional data with success.
        additional: Option<Message>,
        /// What the client sent.
        evidence: Evidence,
    },
    /// The login is refused.
    Failure(Failure),
}

enum State {
    Start,
    /// PLAIN, XOAUTH2, OAUTHBEARER after an empty challenge.
    AwaitMessage,
    LoginUser,
    LoginPassword,
    CramMd5 {
        challenge: Vec<u8>,
    },
    ScramFinal {
        secret: ScramSecret,
        first_bare: String,
        server_first: String,
        gs2_header: Vec<u8>,
        /// The binding data `c=` must carry after the GS2 header.
        binding: Option<ChannelBinding>,
        nonce: String,
        user: String,
    },
    ScramAcknowledge {
        user: String,
    },
    /// DIGEST-MD5's challenge went out with this nonce and realm.
    DigestMd5 {
        nonce: String,
        realm: String,
    },
    /// DIGEST-MD5's rspauth went out; the client's empty answer is due.
    DigestMd5Rspauth {
        user: String,
    },
    /// NTLM's NEGOTIATE is due.
    NtlmNegotiate,
    /// NTLM's CHALLENGE went out with this server challenge.
    NtlmAuthenticate {
        server_challenge: [u8; 8],
    },
    /// The token was refused; the error challenge went out and the
    /// client's acknowledgement is awaited.
    TokenError(Failure),
    Done,
}

/// One login's exchange on the server's side.
pub struct Server<'c> {
    kind: Kind,
    credentials: &'c dyn Store,
    state: State,
    evidence: Evidence,
    /// The host name in CRAM-MD5 challenges, and DIGEST-MD5's realm.
    hostname: String,
    /// EXTERNAL: what the TLS layer established of the client.
    presented: Option<super::external::Presented>,
    /// The protocol's service name a DIGEST-MD5 digest-uri must hold
    /// (`smtp`, `imap`, `pop`); `None`: any.
    digest_service: Option<&'static str>,
    /// The connection's channel bindings, where this server offered
    /// `-PLUS`; empty otherwise.
    channel: Vec<ChannelBinding>,
    /// Whether NTLM takes NTLMv1 responses (weak; refused by default).
    ntlm_v1: bool,
    /// NTLM: the domain this server is in; `None`: the host name, and
    /// any domain a client names is taken.
    ntlm_domain: Option<String>,
}

impl<'c> Server<'c> {
    /// A fresh exchange of `kind`.
    pub fn new(kind: Kind, credentials: &'c dyn Store) -> Self {
        Server {
            kind,
            credentials,
            state: State::Start,
            evidence: Evidence::default(),
            hostname: "localhost".into(),
            presented: None,
            digest_service: None,
            channel: Vec::new(),
            ntlm_v1: false,
            ntlm_domain: None,
        }
    }

    /// NTLM: the domain this server is in, named in its CHALLENGE; a
    /// login naming another (not empty, compared without case as Windows
    /// does) is refused as a wrong domain. Without it the CHALLENGE names
    /// the host name and any domain is taken.
    pub fn with_ntlm_domain(mut self, domain: Option<&str>) -> Self {
        self.ntlm_domain = domain.map(str::to_owned);
        self
    }

    /// NTLM: whether NTLMv1 responses (plain, or with extended session
    /// security) are taken, checked from the NT hash, each accepted one
    /// with a note saying it is weak ([`Evidence::notes`]). LM-only responses are
    /// refused always.
    pub fn with_ntlm_v1(mut self, accept: bool) -> Self {
        self.ntlm_v1 = accept;
        self
    }

    /// EXTERNAL: the client certificate the TLS layer verified, or why
    /// not (without it, EXTERNAL finds no certificate).
    pub fn with_presented(mut self, presented: super::external::Presented) -> Self {
        self.presented = Some(presented);
        self
    }

    /// The service DIGEST-MD5's digest-uri must name: the protocol's
    /// ([`super::digest_md5::service`]).
    pub fn with_digest_service(mut self, service: &'static str) -> Self {
        self.digest_service = Some(service);
        self
    }

    /// The channel bindings of this connection, given where the server
    /// offered `-PLUS` mechanisms: a `-PLUS` login must carry one of them,
    /// and a SCRAM login without `-PLUS` that says `y` (could bind, thinks
    /// the server cannot) is refused as a downgrade (RFC 5802 section 6).
    pub fn with_channel(mut self, bindings: Vec<ChannelBinding>) -> Self {
        self.channel = bindings;
        self
    }

    /// The name put in CRAM-MD5 challenges (`<random.time@hostname>`).
    pub fn with_hostname(mut self, hostname: &str) -> Self {
        hostname.clone_into(&mut self.hostname);
        self
    }

    /// How many client messages the exchange has had.
    pub fn messages(&self) -> usize {
        self.evidence.messages.len()
    }

    /// The mechanism.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The exchange's first step, with the initial response if the
    /// client sent one (an empty one is `Some(b"")`).
    pub fn start(&mut self, initial: Option<&[u8]>) -> Step {
        match (self.kind, initial) {
            (Kind::CramMd5, Some(_)) => self.fail(
                Refusal::Malformed,
                "CRAM-MD5 has no initial response (RFC 2195): the server speaks first",
            ),
            (Kind::CramMd5, None) => {
                let challenge = super::cram_md5::challenge(&self.hostname);
                self.state = State::CramMd5 {
                    challenge: challenge.clone(),
                };
                self.challenge(challenge)
            }
            (Kind::DigestMd5, Some(_)) => self.fail(
                Refusal::Malformed,
                "DIGEST-MD5 has no initial response here (RFC 2831 section 2.1): the server \
                 speaks first",
            ),
            (Kind::DigestMd5, None) => {
                let nonce = match super::scram::random_nonce() {
                    Ok(nonce) => nonce,
                    Err(_) => {
                        return self.fail(Refusal::Unavailable, "no random bytes for the nonce")
                    }
                };
                let realm = self.hostname.clone();
                let challenge = super::digest_md5::server_challenge(&realm, &nonce);
                self.state = State::DigestMd5 { nonce, realm };
                self.challenge(challenge)
            }
            (Kind::Ntlm, None) => {
                self.state = State::NtlmNegotiate;
                self.challenge(Vec::new())
            }
            (Kind::Ntlm, Some(negotiate)) => {
                self.state = State::NtlmNegotiate;
                self.respond(negotiate)
            }
            (Kind::Login, None) => {
                self.state = State::LoginUser;
                self.challenge(login::PROMPTS[0].to_vec())
            }
            (Kind::Login, Some(user)) => {
                self.state = State::LoginUser;
                self.respond(user)
            }
            (_, None) => {
                self.state = State::AwaitMessage;
                self.challenge(Vec::new())
            }
            (_, Some(message)) => {
                self.state = State::AwaitMessage;
                self.respond(message)
            }
        }
    }

    /// The step after the client's (decoded) response.
    pub fn respond(&mut self, message: &[u8]) -> Step {
        self.evidence
            .messages
            .push(Zeroizing::new(message.to_vec()));
        match std::mem::replace(&mut self.state, State::Done) {
            State::Start | State::Done => {
                self.fail(Refusal::Malformed, "the exchange is already over")
            }
            State::AwaitMessage => match self.kind {
                Kind::Plain => self.plain(message),
                Kind::XOAuth2 => self.xoauth2(message),
                Kind::OAuthBearer => self.oauthbearer(message),
                Kind::Anonymous => self.success("anonymous".into(), None),
                Kind::Scram(hash) | Kind::ScramPlus(hash) => self.scram_first(hash, message),
                Kind::Login | Kind::CramMd5 | Kind::DigestMd5 => {
                    self.fail(Refusal::Malformed, "unexpected message")
                }
                // NTLM's messages are read by the step of each state.
                Kind::Ntlm => self.fail(Refusal::Malformed, "unexpected message"),
                Kind::External => self.external(message),
            },
            State::LoginUser => {
                self.evidence.user = Some(String::from_utf8_lossy(message).into_owned());
                self.state = State::LoginPassword;
                self.challenge(login::PROMPTS[1].to_vec())
            }
            State::LoginPassword => {
                self.evidence.secret = Some(Zeroizing::new(message.to_vec()));
                let user = self.evidence.user.clone().unwrap_or_default();
                self.check_password(user, message)
            }
            State::CramMd5 { challenge } => self.cram_md5(&challenge, message),
            State::ScramFinal {
                secret,
                first_bare,
                server_first,
                gs2_header,
                binding,
                nonce,
                user,
            } => self.scram_final(
                secret,
                &first_bare,
                &server_first,
                (&gs2_header, binding.as_ref()),
                &nonce,
                user,
                message,
            ),
            State::ScramAcknowledge { user } => {
                if message.is_empty() {
                    self.success(user, None)
                } else {
                    self.fail(
                        Refusal::Malformed,
                        "the answer to server-final must be empty (RFC 4422 section 5)",
                    )
                }
            }
            State::TokenError(failure) => Step::Failure(failure),
            State::DigestMd5 { nonce, realm } => self.digest_md5(&nonce, &realm, message),
            State::NtlmNegotiate => self.ntlm_negotiate(message),
            State::NtlmAuthenticate { server_challenge } => {
                self.ntlm_authenticate(&server_challenge, message)
            }
            State::DigestMd5Rspauth { user } => {
                if message.is_empty() {
                    self.success(user, None)
                } else {
                    self.fail(
                        Refusal::Malformed,
                        "the answer to rspauth must be empty (RFC 2831 section 2.1.3)",
                    )
                }
            }
        }
    }

    /// The client went away in the middle of the exchange: the refusal
    /// already decided, if the server had decided one (a token refused,
    /// its error challenge unanswered), else [`Refusal::HungUp`] with where
    /// the exchange stood; `None` before it started or after it ended.
    pub fn hang_up(&mut self) -> Option<Failure> {
        self.left_unfinished(None)
    }

    /// The server ended the session (`why`: it shuts down, the client
    /// was idle too long) in the middle of a login: as
    /// [`Server::hang_up`], with the server named as the one that ended it.
    pub fn interrupted(&mut self, why: &str) -> Option<Failure> {
        self.left_unfinished(Some(why))
    }

    fn left_unfinished(&mut self, server_ended: Option<&str>) -> Option<Failure> {
        let who = match server_ended {
            None => "the client closed the connection".to_owned(),
            Some(why) => format!("the server ended the session ({why})"),
        };
        let reason = match std::mem::replace(&mut self.state, State::Done) {
            State::TokenError(failure) => return Some(failure),
            State::Start | State::Done => return None,
            State::ScramAcknowledge { user } => format!(
                "{who} at the server's proof (SCRAM's server-final), after a proof that was \
                 right for {}: the login was left unfinished; a client answers server-final \
                 with an empty line",
                crate::field::quoted(user.as_bytes())
            ),
            State::DigestMd5Rspauth { user } => format!(
                "{who} at the server's proof (rspauth), after a response that was right for \
                 {}: the login was left unfinished; a client answers rspauth with an empty \
                 line (RFC 2831 section 2.1.3)",
                crate::field::quoted(user.as_bytes())
            ),
            _ if server_ended.is_some() => format!(
                "{who} at the server's challenge, before the client answered it: the login \
                 was left unfinished, and nothing it sent was checked"
            ),
            _ => format!(
                "{who} at the server's challenge without answering it: the login was left \
                 unfinished, and nothing it sent was checked"
            ),
        };
        Some(self.failure(Refusal::HungUp, reason))
    }

    /// The client cancelled with `*`.
    pub fn cancel(&mut self) -> Failure {
        self.state = State::Done;
        Failure {
            refusal: Refusal::Cancelled,
            reason: "the client cancelled the exchange with \"*\"".into(),
            evidence: std::mem::take(&mut self.evidence),
        }
    }

    fn challenge(&mut self, challenge: Vec<u8>) -> Step {
        self.evidence
            .challenges
            .push(Zeroizing::new(challenge.clone()));
        Step::Challenge(Zeroizing::new(challenge))
    }

    fn success(&mut self, user: String, additional: Option<Message>) -> Step {
        self.state = State::Done;
        Step::Success {
            user,
            additional,
            evidence: std::mem::take(&mut self.evidence),
        }
    }

    fn failure(&mut self, refusal: Refusal, reason: impl Into<String>) -> Failure {
        self.state = State::Done;
        Failure {
            refusal,
            reason: reason.into(),
            evidence: std::mem::take(&mut self.evidence),
        }
    }

    fn fail(&mut self, refusal: Refusal, reason: impl Into<String>) -> Step {
        Step::Failure(self.failure(refusal, reason))
    }

    /// RFC 4422 appendix A.1: the authorization identity, from a
    /// certificate the TLS layer verified ([`super::external::login_as`]).
    fn external(&mut self, message: &[u8]) -> Step {
        let Ok(authzid) = std::str::from_utf8(message) else {
            return self.fail(
                Refusal::Malformed,
                "the authorization identity is not UTF-8 (RFC 4422 appendix A.1)",
            );
        };
        if let Some(offset) = message.iter().position(|&b| b == 0) {
            return self.fail(
                Refusal::Malformed,
                format!(
                    "the authorization identity has a NUL at byte offset {offset} (RFC 4422 \
                     appendix A.1: authz-id-string has no NUL)"
                ),
            );
        }
        if !authzid.is_empty() {
            self.evidence.authzid = Some(authzid.to_owned());
        }
        let nothing = super::external::Presented::Nothing;
        let presented = self.presented.as_ref().unwrap_or(&nothing);
        let store = self.credentials;
        match super::external::login_as(authzid, presented, &|user| store.is_account(user)) {
            Ok(user) => {
                self.evidence.user = Some(user.clone());
                self.success(user, None)
            }
            Err(refusal) => self.fail(Refusal::Store, refusal.to_string()),
        }
    }

    fn check_password(&mut self, user: String, password: &[u8]) -> Step {
        match self.credentials.password(&user, password) {
            Check::Match => self.success(user, None),
            Check::Mismatch => self.fail(Refusal::Store, "wrong password"),
            Check::NoSuchUser => self.fail(Refusal::Store, "no such user"),
            Check::Unverifiable => self.fail(
                Refusal::Unavailable,
                "what is stored for this user cannot check a password",
            ),
        }
    }

    /// RFC 4616 section 2: `[authzid] NUL authcid NUL passwd`.
    fn plain(&mut self, message: &[u8]) -> Step {
        let plain::Fields {
            authzid,
            authcid,
            passwd: password,
        } = match plain::Fields::parse(message) {
            Ok(fields) => fields,
            Err(count) => {
                return self.fail(
                    Refusal::Malformed,
                    format!(
                        "PLAIN has {count} NUL-separated fields; RFC 4616 has three: authzid NUL authcid NUL passwd"
                    ),
                )
            }
        };
        self.evidence.user = Some(String::from_utf8_lossy(authcid).into_owned());
        self.evidence.secret = Some(Zeroizing::new(password.to_vec()));
        if !authzid.is_empty() {
            self.evidence.authzid = Some(String::from_utf8_lossy(authzid).into_owned());
            if authzid != authcid {
                return self.fail(
                    Refusal::Store,
                    "the authorization identity differs from the user; this server lets no user act as another",
                );
            }
        }
        if authcid.is_empty() {
            return self.fail(Refusal::Malformed, "the user name (authcid) is empty");
        }
        let user = String::from_utf8_lossy(authcid).into_owned();
        self.check_password(user, password)
    }

    fn check_token(&mut self, user: String, token: &[u8], error: Vec<u8>) -> Step {
        let reason = match self.credentials.token(&user, token) {
            Check::Match => return self.success(user, None),
            Check::Mismatch => "the token is not the one this server accepts for the user",
            Check::NoSuchUser => "no such user",
            Check::Unverifiable => "this server has no token for the user",
        };
        // RFC 7628 section 3.2.2 (and Gmail's XOAUTH2): the error goes
        // as a challenge, the client answers it, then the failure.
        let failure = self.failure(Refusal::Store, reason);
        let step = self.challenge(error);
        self.state = State::TokenError(failure);
        step
    }

    /// `user=USER ^A auth=Bearer TOKEN ^A ^A`.
    fn xoauth2(&mut self, message: &[u8]) -> Step {
        let (user, auth) = match super::xoauth2::Fields::read(message) {
            Ok(fields) => fields,
            Err(reason) => return self.fail(Refusal::Malformed, reason),
        };
        let user = String::from_utf8_lossy(user).into_owned();
        self.evidence.user = Some(user.clone());
        let Some(token) = super::oauthbearer::bearer(auth) else {
            return self.fail(
                Refusal::Malformed,
                "auth= must be \"Bearer \" and the token (RFC 6750 section 2.1)",
            );
        };
        self.evidence.secret = Some(Zeroizing::new(token.to_vec()));
        let error = br#"{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}"#;
        let token = token.to_vec();
        self.check_token(user, &token, error.to_vec())
    }

    /// RFC 7628 section 3.1: `gs2-header ^A key=value ^A ... ^A ^A`.
    fn oauthbearer(&mut self, message: &[u8]) -> Step {
        let fields = match super::oauthbearer::Fields::read(message) {
            Ok(fields) => fields,
            Err(reason) => return self.fail(Refusal::Malformed, reason),
        };
        let user = match fields.gs2.unbound_authzid() {
            Ok(authzid) => authzid,
            Err(reason) => return self.fail(Refusal::Malformed, reason),
        };
        self.evidence.user.clone_from(&user);
        let Some(token) = fields.auth().and_then(super::oauthbearer::bearer) else {
            return self.fail(
                Refusal::Malformed,
                "OAUTHBEARER needs auth=Bearer TOKEN (RFC 7628 section 3.1)",
            );
        };
        self.evidence.secret = Some(Zeroizing::new(token.to_vec()));
        let Some(user) = user else {
            return self.fail(
                Refusal::Malformed,
                "this server needs the user in the GS2 header (n,a=USER,)",
            );
        };
        let error = br#"{"status":"invalid_token","scope":"mail","openid-configuration":"https://localhost/.well-known/openid-configuration"}"#;
        let token = token.to_vec();
        self.check_token(user, &token, error.to_vec())
    }

    /// RFC 2195: `user SP digest`, the digest 32 lower-case hex digits.
    fn cram_md5(&mut self, challenge: &[u8], message: &[u8]) -> Step {
        let Some(response) = cram_md5::Response::split(message) else {
            return self.fail(
                Refusal::Malformed,
                "CRAM-MD5's response is the user, a space and 32 hex digits (RFC 2195)",
            );
        };
        let (user, digest) = (response.user, response.digest);
        self.evidence.user = Some(String::from_utf8_lossy(user).into_owned());
        let user = String::from_utf8_lossy(user).into_owned();
        if !response.digest_is_lower_hex() {
            return self.fail(
                Refusal::Malformed,
                "the digest must be 32 lower-case hex digits (RFC 2195 section 2)",
            );
        }
        let mut bytes = [0u8; 16];
        if hex::decode_to_slice(digest, &mut bytes).is_err() {
            return self.fail(Refusal::Malformed, "the digest is not hex");
        }
        match self.credentials.cram_md5(&user, challenge, &bytes) {
            Check::Match => self.success(user, None),
            Check::Mismatch => self.fail(Refusal::Store, "wrong password"),
            Check::NoSuchUser => self.fail(Refusal::Store, "no such user"),
            Check::Unverifiable => self.fail(
                Refusal::Unavailable,
                "what is stored for this user cannot check CRAM-MD5",
            ),
        }
    }

    /// RFC 2831 section 2.1.2: the digest-response, checked against the
    /// challenge, then its digest against the store; on a match, rspauth
    /// goes out as the last challenge.
    fn digest_md5(&mut self, nonce: &str, realm: &str, message: &[u8]) -> Step {
        use super::digest_md5::{digest_from_key, unfit, ClientResponse};
        let response = match ClientResponse::read(message) {
            Ok(response) => response,
            Err(reason) => return self.fail(Refusal::Malformed, reason),
        };
        self.evidence.user = Some(response.user.clone());
        if !response.authzid.is_empty() {
            self.evidence.authzid = Some(String::from_utf8_lossy(&response.authzid).into_owned());
            if response.authzid != response.user.as_bytes() {
                return self.fail(
                    Refusal::Store,
                    "the authorization identity differs from the user; this server lets no user act as another",
                );
            }
        }
        if let Some(unfit) = unfit(&response, nonce, realm, self.digest_service) {
            // A replay (another exchange's nonce, a count past 1) is well
            // formed and refused, as a wrong realm or digest-uri is; only
            // a security layer this server lacks is a message it cannot take.
            let refusal = match unfit {
                super::digest_md5::Unfit::Qop(_) => Refusal::Malformed,
                _ => Refusal::Store,
            };
            return self.fail(refusal, unfit.to_string());
        }
        let exchange = response.exchange();
        // The same exchange with the authzid left out of A1, a client's
        // mistake that the right password shows.
        let without_authzid = super::digest_md5::Exchange {
            authzid: b"",
            ..response.exchange()
        };
        let mut rspauth = None;
        let mut hashed = None;
        let mut authzid_left_out = false;
        let mut check = |h_a1: &[u8; 16], hashing| {
            let same = |expected: Zeroizing<String>| {
                bool::from(subtle::ConstantTimeEq::ct_eq(
                    expected.as_bytes(),
                    &response.response[..],
                ))
            };
            let matches = same(digest_from_key(h_a1, &exchange, false));
            if matches {
                rspauth = Some(digest_from_key(h_a1, &exchange, true));
                hashed = hashing;
            } else if !exchange.authzid.is_empty() {
                authzid_left_out |= same(digest_from_key(h_a1, &without_authzid, false));
            }
            matches
        };
        let user = response.user.clone();
        match self.credentials.digest_md5(&user, realm, &mut check) {
            Check::Match => {
                if let Some(hashing) = hashed {
                    self.evidence.notes.push(format!(
                        "the response was made with {} (RFC 2831 section 2.1.2.1)",
                        hashing.describe()
                    ));
                }
                let mut proof = b"rspauth=".to_vec();
                proof.extend_from_slice(rspauth.unwrap_or_default().as_bytes());
                self.state = State::DigestMd5Rspauth { user };
                self.challenge(proof)
            }
            Check::Mismatch if authzid_left_out => self.fail(
                Refusal::Store,
                "the password is right, but the client left the authzid it sent out of A1: \
                 RFC 2831 section 2.1.2.1 ends A1 with \":\" and the authzid whenever one is \
                 sent",
            ),
            // The same words whatever the password holds: which ways of
            // hashing it differ would tell a client something of it.
            Check::Mismatch => self.fail(
                Refusal::Store,
                "the response is not the one the password gives, hashed as UTF-8 or converted \
                 to ISO 8859-1 (RFC 2831 section 2.1.2.1), with the realm, nonce and digest-uri \
                 as offered: the password differs, or the client computed the response another \
                 way",
            ),
            Check::NoSuchUser => self.fail(Refusal::Store, "no such user"),
            Check::Unverifiable => self.fail(
                Refusal::Unavailable,
                "what is stored for this user cannot check DIGEST-MD5 in this realm (the \
                 password, or a {DIGEST-MD5} made for user@realm)",
            ),
        }
    }

    /// MS-NLMP: NEGOTIATE, answered with a CHALLENGE whose target info has
    /// a timestamp (so the client adds a MIC).
    fn ntlm_negotiate(&mut self, message: &[u8]) -> Step {
        if !matches!(
            super::ntlm::parse(message),
            Ok(super::ntlm::Message::Negotiate(_))
        ) {
            return self.fail(
                Refusal::Malformed,
                "NTLM starts with the client's NEGOTIATE (NTLMSSP\\0, type 1; MS-NLMP section \
                 2.2.1.1)",
            );
        }
        let mut server_challenge = [0u8; 8];
        if getrandom::fill(&mut server_challenge).is_err() {
            return self.fail(
                Refusal::Unavailable,
                "no random bytes for the server challenge",
            );
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let filetime = (now.as_secs() + 11_644_473_600) * 10_000_000;
        let challenge = super::ntlm::server::challenge_message(
            &server_challenge,
            filetime,
            &self.hostname,
            self.ntlm_domain.as_deref(),
        );
        self.state = State::NtlmAuthenticate { server_challenge };
        self.challenge(challenge)
    }

    /// MS-NLMP: the AUTHENTICATE's NTLMv2 response, checked with the NT
    /// hash; LM refused as weak, and NTLMv1 unless [`Server::with_ntlm_v1`].
    fn ntlm_authenticate(&mut self, server_challenge: &[u8; 8], message: &[u8]) -> Step {
        let authenticate = match super::ntlm::server::read_authenticate(message, self.ntlm_v1) {
            Ok(authenticate) => authenticate,
            Err(unfit) => return self.fail(Refusal::Malformed, unfit.to_string()),
        };
        self.evidence.user = Some(authenticate.user.clone());
        let user = authenticate.user.clone();
        // The domain the CHALLENGE named, upper-cased as it named it; with
        // --ntlm-domain, the only one taken (an empty one too, which means
        // the server's), compared without case in all of Unicode.
        let server_domain = self
            .ntlm_domain
            .as_deref()
            .unwrap_or(&self.hostname)
            .to_uppercase();
        let domain_wrong = self.ntlm_domain.is_some()
            && !authenticate.domain.is_empty()
            && authenticate.domain.to_uppercase() != server_domain;
        let mut finding = None;
        let mut check = |hash: &[u8; 16]| {
            let right = super::ntlm::server::verify(&authenticate, hash, server_challenge);
            if right && !domain_wrong {
                return true;
            }
            finding = Some(if domain_wrong {
                super::ntlm::server::Finding::WrongDomain {
                    sent: authenticate.domain.clone(),
                    expected: server_domain.clone(),
                    password_right: right
                        || super::ntlm::server::verify_as(
                            &authenticate,
                            hash,
                            server_challenge,
                            &authenticate.user,
                            &server_domain,
                        ),
                }
            } else {
                super::ntlm::server::examine(&authenticate, hash, server_challenge, &server_domain)
            });
            false
        };
        match self.credentials.nt_hash(&user, &mut check) {
            Check::Match => {
                let response = authenticate.response();
                if response != super::ntlm::Response::NtlmV2 {
                    self.evidence.notes.push(format!(
                        "weak: the client sent an {} response (MS-NLMP section 3.3.1), accepted \
                         here only because this server was told to take NTLMv1: it is DES under \
                         the NT hash, so anyone who captured it can recover the NT hash and log \
                         in with it (pass-the-hash), and it carries no MIC; a Windows server set \
                         to \"Send NTLMv2 response only. Refuse LM & NTLM\" \
                         (LmCompatibilityLevel 5) refuses this login, and the client sees an \
                         ordinary authentication failure; set the client to NTLMv2",
                        response.as_str()
                    ));
                }
                self.success(user, None)
            }
            Check::Mismatch => {
                let reason = finding.map_or_else(|| "wrong password".to_owned(), |f| f.to_string());
                self.fail(Refusal::Store, reason)
            }
            Check::NoSuchUser => self.fail(Refusal::Store, "no such user"),
            Check::Unverifiable => self.fail(
                Refusal::Unavailable,
                "what is stored for this user cannot check NTLM (the password, or an {NTLM} \
                 NT hash)",
            ),
        }
    }

    fn scram_first(&mut self, hash: ScramHash, message: &[u8]) -> Step {
        let parsed = match super::scram::parse_client_first(message) {
            Ok(parsed) => parsed,
            Err(reason) => return self.fail(Refusal::Malformed, reason),
        };
        self.evidence.user = Some(parsed.user.clone());
        self.evidence.authzid.clone_from(&parsed.authzid);
        let binding = match self.binding(&parsed.flag) {
            Ok(binding) => binding,
            Err((refusal, reason)) => return self.fail(Refusal::ChannelBinding(refusal), reason),
        };
        if let Some(authzid) = &parsed.authzid {
            if *authzid != parsed.user {
                return self.fail(
                    Refusal::Store,
                    "the authorization identity differs from the user; this server lets no user act as another",
                );
            }
        }
        let Some(secret) = self.credentials.scram(&parsed.user, hash) else {
            return self.fail(
                Refusal::Store,
                "no such user, or nothing stored for this user can run this mechanism",
            );
        };
        let Ok(server_nonce) = super::scram::random_nonce() else {
            return self.fail(Refusal::Unavailable, "no random bytes for the server nonce");
        };
        let nonce = format!("{}{server_nonce}", parsed.nonce);
        let server_first = format!(
            "r={nonce},s={},i={}",
            encoding::encode(&secret.salt).as_str(),
            secret.iterations
        );
        self.state = State::ScramFinal {
            secret,
            first_bare: parsed.bare,
            server_first: server_first.clone(),
            gs2_header: parsed.gs2_header,
            binding,
            nonce,
            user: parsed.user,
        };
        self.challenge(server_first.into_bytes())
    }

    /// RFC 5802 section 6: the GS2 flag `flag` against what this server
    /// offered; the binding `c=` must carry, for `p=`.
    fn binding(&self, flag: &[u8]) -> Result<Option<ChannelBinding>, (BindingRefusal, String)> {
        let plus = matches!(self.kind, Kind::ScramPlus(_));
        let offered = || {
            self.channel
                .iter()
                .map(|b| b.binding_type().name())
                .collect::<Vec<_>>()
                .join(" and ")
        };
        let name = flag.strip_prefix(b"p=");
        match (plus, name) {
            (false, None) if flag == b"y" && !self.channel.is_empty() => Err((
                BindingRefusal::Downgrade,
                format!(
                    "the GS2 flag is y: the client can bind to the channel but believes this \
                     server offered no -PLUS mechanism, while it offered {} with {}; a man in \
                     the middle may have removed -PLUS from the list (RFC 5802 section 6)",
                    self.kind.binding_twin().map_or("", Kind::name),
                    offered()
                ),
            )),
            (false, None) => Ok(None),
            (false, Some(name)) => Err((
                BindingRefusal::BoundWithoutPlus,
                format!(
                    "the GS2 flag p={} asks for channel binding, which only {} carries; {} \
                     takes n (or y)",
                    String::from_utf8_lossy(name),
                    self.kind.binding_twin().map_or("", Kind::name),
                    self.kind.name()
                ),
            )),
            (true, None) => Err((
                BindingRefusal::NotBound,
                format!(
                    "the GS2 flag is {}, which binds nothing, where {} needs p=TYPE with the \
                     channel's binding data; a client that will not bind chooses {}",
                    String::from_utf8_lossy(flag),
                    self.kind.name(),
                    self.kind.binding_twin().map_or("", Kind::name),
                ),
            )),
            (true, Some(name)) => self
                .channel
                .iter()
                .find(|b| b.binding_type().name().as_bytes() == name)
                .cloned()
                .map(Some)
                .ok_or_else(|| {
                    (
                        BindingRefusal::WrongType,
                        format!(
                            "the client binds with {}, which this server cannot check on this \
                             connection; it takes {}",
                            crate::field::printable(name),
                            match offered() {
                                o if o.is_empty() => "none".to_owned(),
                                o => o,
                            }
                        ),
                    )
                }),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn scram_final(
        &mut self,
        secret: ScramSecret,
        first_bare: &str,
        server_first: &str,
        (gs2_header, expected): (&[u8], Option<&ChannelBinding>),
        nonce: &str,
        user: String,
        message: &[u8],
    ) -> Step {
        if std::str::from_utf8(message).is_err() {
            return self.fail(Refusal::Malformed, "client-final is not UTF-8");
        }
        // The one reading of client-final, decode's and --explain's too.
        let fields = match super::scram::ClientFinalFields::read(message) {
            Ok(fields) => fields,
            Err(reason) => return self.fail(Refusal::Malformed, reason),
        };
        // UTF-8 as a whole, so each part cut at an ASCII comma is too.
        let text = |part: &[u8]| String::from_utf8_lossy(part).into_owned();
        let (binding, sent_nonce, proof) = (
            text(fields.channel_binding),
            text(fields.nonce),
            text(fields.proof),
        );
        let without_proof = text(fields.without_proof(message));
        let cbind_input = encoding::decode("c", &binding).ok();
        let Some(sent_data) = cbind_input
            .as_deref()
            .and_then(|input| input.strip_prefix(gs2_header))
        else {
            return self.fail(
                Refusal::Malformed,
                "c= does not start with client-first's GS2 header (RFC 5802 section 7: c= is \
                 the base64 of the GS2 header, then the binding data for p=)",
            );
        };
        let want: &[u8] = expected.map_or(b"", ChannelBinding::data);
        if !bool::from(subtle::ConstantTimeEq::ct_eq(sent_data, want)) {
            let reason = match expected {
                None => format!(
                    "c= carries {} bytes after the GS2 header, whose flag binds nothing",
                    sent_data.len()
                ),
                Some(binding) => format!(
                    "c= carries {} bytes of {} data that are not this connection's ({} bytes \
                     expected): the client's TLS connection is not the one this server sees (a \
                     proxy or middlebox that ends TLS), or it computed the data another way",
                    sent_data.len(),
                    binding.binding_type(),
                    binding.data().len()
                ),
            };
            let refusal = match expected {
                None => Refusal::Malformed,
                Some(_) => Refusal::ChannelBinding(BindingRefusal::OtherConnection),
            };
            return self.fail(refusal, reason);
        }
        if sent_nonce != nonce {
            return self.fail(
                Refusal::Malformed,
                "r= in client-final is not the nonce of server-first (the client's nonce and the server's)",
            );
        }
        let Ok(proof) = encoding::decode("p", &proof) else {
            return self.fail(Refusal::Malformed, "p= is not base64");
        };
        let hash = self.kind.scram_hash().unwrap_or(ScramHash::Sha256);
        if proof.len() != hash.output_len() {
            return self.fail(
                Refusal::Malformed,
                format!(
                    "the proof is {} bytes; {} gives {}",
                    proof.len(),
                    hash.mechanism(),
                    hash.output_len()
                ),
            );
        }
        let auth_message = format!("{first_bare},{server_first},{without_proof}");
        let signature = hash.hmac(&secret.stored_key, auth_message.as_bytes());
        let client_key: Zeroizing<Vec<u8>> = Zeroizing::new(
            proof
                .iter()
                .zip(signature.iter())
                .map(|(a, b)| a ^ b)
                .collect(),
        );
        let stored = hash.hash(&client_key);
        if !bool::from(subtle::ConstantTimeEq::ct_eq(
            &stored[..],
            &secret.stored_key[..],
        )) {
            return self.fail(Refusal::Store, "wrong password (the proof does not verify)");
        }
        let server_signature = hash.hmac(&secret.server_key, auth_message.as_bytes());
        let server_final = format!("v={}", encoding::encode(&server_signature).as_str());
        self.state = State::ScramAcknowledge { user: user.clone() };
        Step::Success {
            user,
            additional: Some(Zeroizing::new(server_final.into_bytes())),
            evidence: Evidence::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mech::{self, Mechanism};

    struct Pencil;

    impl Store for Pencil {
        fn password(&self, user: &str, password: &[u8]) -> Check {
            match (user, password) {
                ("user", b"pencil") => Check::Match,
                ("user", _) => Check::Mismatch,
                _ => Check::NoSuchUser,
            }
        }
        fn scram(&self, user: &str, hash: ScramHash) -> Option<ScramSecret> {
            (user == "user").then(|| {
                let salt = b"salt-of-16-bytes".to_vec();
                let keys = hash.keys(b"pencil", &salt, 4096);
                ScramSecret {
                    iterations: 4096,
                    salt: Zeroizing::new(salt),
                    stored_key: keys.stored_key,
                    server_key: keys.server_key,
                }
            })
        }
        fn cram_md5(&self, user: &str, challenge: &[u8], digest: &[u8; 16]) -> Check {
            if user != "user" {
                return Check::NoSuchUser;
            }
            let states = crate::stored::cram_md5::states(b"pencil");
            match crate::stored::cram_md5::digest(&states[..], challenge) {
                Some(d) if &d == digest => Check::Match,
                _ => Check::Mismatch,
            }
        }
        fn token(&self, user: &str, token: &[u8]) -> Check {
            match (user, token) {
                ("user", b"tok") => Check::Match,
                ("user", _) => Check::Mismatch,
                _ => Check::NoSuchUser,
            }
        }
    }

    /// Runs saslenc's own client against the server side.
    fn run(kind: Kind, client: &mut dyn Mechanism) -> Result<String, Refusal> {
        let mut server = Server::new(kind, &Pencil);
        let initial = client.initial().unwrap();
        let mut step = server.start(initial.as_deref().map(|m| &m[..]));
        for _ in 0..6 {
            match step {
                Step::Challenge(challenge) => {
                    let Ok(answer) = client.respond(&challenge) else {
                        return Err(Refusal::Malformed);
                    };
                    step = server.respond(&answer);
                }
                Step::Success {
                    user, additional, ..
                } => {
                    if let Some(data) = additional {
                        client.respond(&data).map_err(|_| Refusal::Malformed)?;
                        match server.respond(b"") {
                            Step::Success { .. } => {}
                            _ => return Err(Refusal::Malformed),
                        }
                    }
                    assert!(client.is_complete());
                    return Ok(user);
                }
                Step::Failure(failure) => return Err(failure.refusal),
            }
        }
        panic!("endless exchange");
    }

    #[test]
    fn saslenc_clients_log_in() {
        let d = Default::default();
        for (password, ok) in [("pencil", true), ("Pencil", false)] {
            let want = |r: Result<String, Refusal>| {
                assert_eq!(r.is_ok(), ok, "{password:?}");
            };
            want(run(
                Kind::Plain,
                &mut mech::Plain::new("", "user", password, d).unwrap(),
            ));
            want(run(
                Kind::Login,
                &mut mech::Login::new("user", password, d).unwrap(),
            ));
            want(run(
                Kind::CramMd5,
                &mut mech::CramMd5::new("user", password, d).unwrap(),
            ));
            for hash in [ScramHash::Sha1, ScramHash::Sha256] {
                let nonce = mech::scram::random_nonce().unwrap();
                let mut scram = mech::Scram::new(
                    hash,
                    "",
                    "user",
                    password,
                    &nonce,
                    mech::scram::Prep::SaslPrep,
                )
                .unwrap();
                want(run(Kind::Scram(hash), &mut scram));
            }
        }
        assert!(run(
            Kind::XOAuth2,
            &mut mech::XOAuth2::new("user", "tok").unwrap()
        )
        .is_ok());
        assert_eq!(
            run(
                Kind::XOAuth2,
                &mut mech::XOAuth2::new("user", "bad").unwrap()
            ),
            Err(Refusal::Store)
        );
    }

    #[test]
    fn plain_fields_are_checked() {
        let mut server = Server::new(Kind::Plain, &Pencil);
        let Step::Failure(f) = server.start(Some(b"user\0pencil")) else {
            panic!()
        };
        assert_eq!(f.refusal, Refusal::Malformed);
        let mut server = Server::new(Kind::Plain, &Pencil);
        let Step::Failure(f) = server.start(Some(b"other\0user\0pencil")) else {
            panic!()
        };
        assert_eq!(f.refusal, Refusal::Store);
        assert_eq!(f.evidence.authzid.as_deref(), Some("other"));
        let mut server = Server::new(Kind::Plain, &Pencil);
        assert!(matches!(server.start(None), Step::Challenge(c) if c.is_empty()));
        assert!(matches!(
            server.respond(b"\0user\0pencil"),
            Step::Success { .. }
        ));
    }

    #[test]
    fn scram_judges_the_gs2_flag_and_refuses_foreign_nonces() {
        // y without -PLUS offered is a client that could bind talking to a
        // server that cannot: accepted (RFC 5802 section 6).
        let mut server = Server::new(Kind::Scram(ScramHash::Sha256), &Pencil);
        assert!(matches!(
            server.start(Some(b"y,,n=user,r=abc")),
            Step::Challenge(_)
        ));
        let mut server = Server::new(Kind::Scram(ScramHash::Sha256), &Pencil);
        assert!(matches!(
            server.start(Some(b"n,,n=user,r=abc")),
            Step::Challenge(_)
        ));
        let Step::Failure(f) = server.respond(b"c=biws,r=abcdef,p=AAAA") else {
            panic!()
        };
        assert!(f.reason.contains("nonce"), "{}", f.reason);
    }

    /// The server reads the OAuth messages with the mechanisms' own
    /// parse: XOAUTH2's pairs in either order and "Bearer" in any case,
    /// each misfit refused with the rule it breaks.
    #[test]
    fn oauth_messages_are_read_by_their_mechanisms_parse() {
        let start = |kind, message: &[u8]| Server::new(kind, &Pencil).start(Some(message));
        let reason = |step: Step| match step {
            Step::Failure(f) if f.refusal == Refusal::Malformed => f.reason,
            _ => panic!("not refused as malformed"),
        };
        for right in [
            &b"user=user\x01auth=Bearer tok\x01\x01"[..],
            b"auth=bearer tok\x01user=user\x01\x01",
        ] {
            assert!(matches!(start(Kind::XOAuth2, right), Step::Success { .. }));
        }
        for (wrong, rule) in [
            (&b"user=user\x01auth=Bearer tok\x01"[..], "ends with two ^A"),
            (b"user=user\x01\x01", "needs user= and auth="),
            (b"user=user\x01auth=tok\x01\x01", "\"Bearer \""),
        ] {
            assert!(
                reason(start(Kind::XOAuth2, wrong)).contains(rule),
                "{wrong:?}"
            );
        }
        let right = b"n,a=user,\x01host=h\x01auth=Bearer tok\x01\x01";
        assert!(matches!(
            start(Kind::OAuthBearer, right),
            Step::Success { .. }
        ));
        for (wrong, rule) in [
            (
                &b"n,a=user\x01auth=Bearer tok\x01\x01"[..],
                "starts with a GS2 header",
            ),
            (b"n,a=user,\x01auth=Bearer tok\x01", "ends with two ^A"),
            (b"n,a=user,\x01host\x01auth=Bearer tok\x01\x01", "key=value"),
            (b"n,a=user,\x01host=h\x01\x01", "auth=Bearer TOKEN"),
            (
                b"p=tls-exporter,a=user,\x01auth=Bearer tok\x01\x01",
                "channel binding",
            ),
            (
                b"n,,\x01auth=Bearer tok\x01\x01",
                "the user in the GS2 header",
            ),
        ] {
            assert!(
                reason(start(Kind::OAuthBearer, wrong)).contains(rule),
                "{wrong:?}"
            );
        }
    }

    fn exporter(byte: u8) -> ChannelBinding {
        ChannelBinding::new(super::super::BindingType::TlsExporter, vec![byte; 32]).unwrap()
    }

    /// The refusal of a SCRAM client with `binding` by a server of `kind`
    /// whose channel is `channel`; `None` when it logs in.
    fn bound(
        kind: Kind,
        channel: Vec<ChannelBinding>,
        binding: super::super::Binding,
    ) -> Option<Refusal> {
        let mut scram = mech::Scram::new(
            ScramHash::Sha256,
            "",
            "user",
            "pencil",
            "abc",
            mech::scram::Prep::SaslPrep,
        )
        .unwrap()
        .with_binding(binding);
        let mut server = Server::new(kind, &Pencil).with_channel(channel);
        let first = scram.initial().unwrap().unwrap();
        let Step::Challenge(server_first) = server.start(Some(&first)) else {
            let Step::Failure(f) = server.start(Some(&first)) else {
                unreachable!()
            };
            return Some(f.refusal);
        };
        let last = scram.respond(&server_first).unwrap();
        match server.respond(&last) {
            Step::Success { .. } => None,
            Step::Failure(f) => Some(f.refusal),
            Step::Challenge(_) => panic!("a challenge after client-final"),
        }
    }

    #[test]
    fn channel_binding_refusals_are_typed() {
        use super::super::Binding::*;
        use BindingRefusal::*;
        let plus = Kind::ScramPlus(ScramHash::Sha256);
        let scram = Kind::Scram(ScramHash::Sha256);
        let cb = || vec![exporter(1)];
        assert_eq!(bound(plus, cb(), Bound(exporter(1))), None);
        assert_eq!(
            bound(plus, cb(), Bound(exporter(2))),
            Some(Refusal::ChannelBinding(OtherConnection))
        );
        let end_point =
            ChannelBinding::new(super::super::BindingType::TlsServerEndPoint, vec![1; 32]).unwrap();
        assert_eq!(
            bound(plus, cb(), Bound(end_point)),
            Some(Refusal::ChannelBinding(WrongType))
        );
        assert_eq!(
            bound(plus, cb(), Declined),
            Some(Refusal::ChannelBinding(NotBound))
        );
        assert_eq!(
            bound(plus, cb(), NotOffered),
            Some(Refusal::ChannelBinding(NotBound))
        );
        assert_eq!(
            bound(scram, cb(), NotOffered),
            Some(Refusal::ChannelBinding(Downgrade))
        );
        assert_eq!(bound(scram, cb(), Declined), None);
        assert_eq!(bound(scram, Vec::new(), NotOffered), None);
        assert_eq!(
            bound(scram, cb(), Bound(exporter(1))),
            Some(Refusal::ChannelBinding(BoundWithoutPlus))
        );
        // A -PLUS mechanism on a connection without binding data.
        assert_eq!(
            bound(plus, Vec::new(), Bound(exporter(1))),
            Some(Refusal::ChannelBinding(WrongType))
        );
    }

    #[test]
    fn kinds_round_trip_by_name() {
        for kind in Kind::served_kinds() {
            assert_eq!(Kind::served(&kind.name().to_lowercase()), Some(kind));
        }
        assert_eq!(Kind::served("GSSAPI"), None);
    }
}
