//! SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677), with their
//! `-PLUS` variants that bind the login to the TLS channel (RFC 5802
//! section 6, see [`channel_binding`](super::channel_binding));
//! SCRAM-SHA-512 (draft-melnikov-scram-sha-512) for the keys a
//! server stores.
//!
//! Section 3 of RFC 5802, with `H` the hash and `HMAC` keyed with it:
//!
//! ```text
//! SaltedPassword  := PBKDF2-HMAC-H(SASLprep(password), salt, i)
//! ClientKey       := HMAC(SaltedPassword, "Client Key")
//! StoredKey       := H(ClientKey)
//! AuthMessage     := client-first-bare "," server-first "," client-final-without-proof
//! ClientSignature := HMAC(StoredKey, AuthMessage)
//! ClientProof     := ClientKey XOR ClientSignature
//! ServerKey       := HMAC(SaltedPassword, "Server Key")
//! ServerSignature := HMAC(ServerKey, AuthMessage)
//! ```
//!
//! The client sends `n,,n=<user>,r=<client nonce>`; the server answers
//! `r=<client nonce + server nonce>,s=<salt>,i=<iterations>`; the client
//! sends `c=biws,r=<nonce>,p=<proof>`; the server ends with
//! `v=<server signature>` (or `e=<error>`), which the client must verify.
//!
//! With channel binding the GS2 header's flag is `p=<type>` and `c=` is
//! the base64 of the GS2 header followed by the binding data; `y` says the
//! client could bind but the server offered no `-PLUS`.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};
use zeroize::Zeroizing;

use super::channel_binding::Binding;
use super::gs2::Header;

mod message;

use super::{Mechanism, Message};
use crate::field;
use crate::field::escape;
use crate::layout;
use crate::layout::{Explain, Field, Layout, Step};
use crate::{encoding, Error};
pub(crate) use message::{
    parse_client_first, recognise_client_final, recognise_client_first, recognise_server,
    ClientFinalFields, ClientFirstFields, SHAPE,
};

/// The hash a SCRAM mechanism is built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScramHash {
    /// SCRAM-SHA-1 (RFC 5802).
    Sha1,
    /// SCRAM-SHA-256 (RFC 7677).
    Sha256,
    /// SCRAM-SHA-512 (draft-melnikov-scram-sha-512; Kafka, some LDAP
    /// servers).
    Sha512,
}

impl ScramHash {
    /// The mechanism's registered name.
    pub fn mechanism(self) -> &'static str {
        match self {
            ScramHash::Sha1 => "SCRAM-SHA-1",
            ScramHash::Sha256 => "SCRAM-SHA-256",
            ScramHash::Sha512 => "SCRAM-SHA-512",
        }
    }

    /// The registered name of the `-PLUS` variant, with channel binding
    /// (RFC 5802 section 4).
    pub fn plus_mechanism(self) -> &'static str {
        match self {
            ScramHash::Sha1 => "SCRAM-SHA-1-PLUS",
            ScramHash::Sha256 => "SCRAM-SHA-256-PLUS",
            ScramHash::Sha512 => "SCRAM-SHA-512-PLUS",
        }
    }

    /// The hash's output length in bytes, which is also the length of
    /// SaltedPassword, StoredKey and ServerKey.
    pub fn output_len(self) -> usize {
        match self {
            ScramHash::Sha1 => 20,
            ScramHash::Sha256 => 32,
            ScramHash::Sha512 => 64,
        }
    }

    /// `HMAC(key, data)` with this hash.
    pub fn hmac(self, key: &[u8], data: &[u8]) -> Zeroizing<Vec<u8>> {
        fn mac<M: Mac + KeyInit>(key: &[u8], data: &[u8]) -> Zeroizing<Vec<u8>> {
            // HMAC takes keys of any length (RFC 2104 section 2).
            let mut mac = <M as KeyInit>::new_from_slice(key).expect("HMAC accepts any key length");
            mac.update(data);
            Zeroizing::new(mac.finalize().into_bytes().to_vec())
        }
        match self {
            ScramHash::Sha1 => mac::<Hmac<Sha1>>(key, data),
            ScramHash::Sha256 => mac::<Hmac<Sha256>>(key, data),
            ScramHash::Sha512 => mac::<Hmac<Sha512>>(key, data),
        }
    }

    /// `H(data)`.
    pub fn hash(self, data: &[u8]) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(match self {
            ScramHash::Sha1 => Sha1::digest(data).to_vec(),
            ScramHash::Sha256 => Sha256::digest(data).to_vec(),
            ScramHash::Sha512 => Sha512::digest(data).to_vec(),
        })
    }

    /// `SaltedPassword := Hi(password, salt, i)`, PBKDF2-HMAC-H (RFC 5802
    /// section 2.2), of an already prepared password.
    pub fn salted_password(
        self,
        password: &[u8],
        salt: &[u8],
        iterations: u32,
    ) -> Zeroizing<Vec<u8>> {
        use crate::pbkdf2_hmac::{derive, Hash};
        let hash = match self {
            ScramHash::Sha1 => Hash::Sha1,
            ScramHash::Sha256 => Hash::Sha256,
            ScramHash::Sha512 => Hash::Sha512,
        };
        derive(hash, password, salt, iterations)
    }

    /// Every key RFC 5802 section 3 derives from the password alone: what a
    /// client needs for its proof and what a server stores.
    pub fn keys(self, password: &[u8], salt: &[u8], iterations: u32) -> ScramKeys {
        let salted_password = self.salted_password(password, salt, iterations);
        let client_key = self.hmac(&salted_password, b"Client Key");
        let stored_key = self.hash(&client_key);
        let server_key = self.hmac(&salted_password, b"Server Key");
        ScramKeys {
            salted_password,
            client_key,
            stored_key,
            server_key,
        }
    }

    /// Whether `HMAC(key, data)` equals `tag`, compared in constant time.
    pub fn verify_hmac(self, key: &[u8], data: &[u8], tag: &[u8]) -> bool {
        match self {
            ScramHash::Sha1 => verify_mac::<Hmac<Sha1>>(key, data, tag),
            ScramHash::Sha256 => verify_mac::<Hmac<Sha256>>(key, data, tag),
            ScramHash::Sha512 => verify_mac::<Hmac<Sha512>>(key, data, tag),
        }
    }
}

/// The keys derived from a password, its salt and iteration count (RFC
/// 5802 section 3), each zeroized on drop.
pub struct ScramKeys {
    /// `Hi(password, salt, i)`.
    pub salted_password: Zeroizing<Vec<u8>>,
    /// `HMAC(SaltedPassword, "Client Key")`.
    pub client_key: Zeroizing<Vec<u8>>,
    /// `H(ClientKey)`: what a server stores to check the client's proof.
    pub stored_key: Zeroizing<Vec<u8>>,
    /// `HMAC(SaltedPassword, "Server Key")`: what a server stores to sign
    /// its final message.
    pub server_key: Zeroizing<Vec<u8>>,
}

/// Whether passwords and user names are prepared with SASLprep (RFC 4013)
/// before use, as RFC 5802 section 2.2 asks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Prep {
    /// Apply SASLprep; refuse text that it prohibits.
    #[default]
    SaslPrep,
    /// Send the text as given, for servers that skip SASLprep.
    None,
}

/// Where the exchange stands.
enum State {
    Start,
    SentClientFirst,
    SentClientFinal {
        server_key: Zeroizing<Vec<u8>>,
        auth_message: Zeroizing<Vec<u8>>,
    },
    Verified,
}

/// A SCRAM client; without channel binding unless
/// [`Scram::with_binding`] says otherwise.
///
/// ```
/// use saslenc::mech::scram::{Prep, Scram, ScramHash};
/// use saslenc::mech::Mechanism;
/// // RFC 5802 section 5.
/// let mut scram = Scram::new(ScramHash::Sha1, "", "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL", Prep::SaslPrep)?;
/// assert_eq!(&scram.initial()?.unwrap()[..], b"n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
/// let client_final = scram.respond(
///     b"r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
/// )?;
/// assert_eq!(
///     &client_final[..],
///     b"c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="
/// );
/// assert!(scram.respond(b"v=rmF9pqV8S7suAoZWja4dJRkFsKQ=")?.is_empty());
/// scram.success(None)?;
/// # Ok::<(), saslenc::Error>(())
/// ```
pub struct Scram {
    hash: ScramHash,
    /// The user name and authzid as sent, after SASLprep, before escaping.
    user: Zeroizing<String>,
    authzid: Zeroizing<String>,
    /// Whether SASLprep changed the user name or the authzid.
    prepared: bool,
    gs2_header: String,
    /// The GS2 flag and, for `p=`, the data appended in `c=`.
    binding: Binding,
    client_first_bare: String,
    client_nonce: String,
    password: Zeroizing<String>,
    state: State,
}

impl Scram {
    /// Prepares the fields. `authzid` may be empty (the GS2 header is then
    /// `n,,`); `user` may not. `client_nonce` is printable ASCII without
    /// `,` (RFC 5802 section 7); the caller supplies it, so that published
    /// examples can be reproduced: use [`random_nonce`] otherwise.
    pub fn new(
        hash: ScramHash,
        authzid: &str,
        user: &str,
        password: &str,
        client_nonce: &str,
        prep: Prep,
    ) -> Result<Self, Error> {
        let name = hash.mechanism();
        field::no_nul("user", user.as_bytes(), name)?;
        field::no_nul("authzid", authzid.as_bytes(), name)?;
        field::no_nul("password", password.as_bytes(), name)?;
        field::non_empty("password", password.as_bytes(), field::EMPTY_SECRET_RULE)?;
        field::non_empty(
            "user",
            user.as_bytes(),
            "RFC 5802 section 7 requires a username",
        )?;
        check_nonce("nonce", client_nonce.as_bytes())?;
        let (given_user, given_authzid) = (user, authzid);
        let (user, authzid, password) = match prep {
            Prep::SaslPrep => (
                field::saslprep("user", user)?,
                if authzid.is_empty() {
                    Zeroizing::new(String::new())
                } else {
                    field::saslprep("authzid", authzid)?
                },
                field::saslprep("password", password)?,
            ),
            Prep::None => (
                Zeroizing::new(user.to_owned()),
                Zeroizing::new(authzid.to_owned()),
                Zeroizing::new(password.to_owned()),
            ),
        };
        let binding = Binding::Declined;
        let gs2_header = gs2_header(&binding, &authzid);
        let client_first_bare = format!("n={},r={client_nonce}", field::saslname(&user));
        Ok(Scram {
            hash,
            prepared: *user != given_user || *authzid != given_authzid,
            user,
            authzid,
            gs2_header,
            binding,
            client_first_bare,
            client_nonce: client_nonce.to_owned(),
            password,
            state: State::Start,
        })
    }

    /// The same client with the GS2 flag of `binding` (RFC 5802 section
    /// 6): `p=TYPE` makes it the `-PLUS` mechanism, whose `c=` carries the
    /// binding data; `y` says the client could bind but the server offered
    /// no `-PLUS`.
    ///
    /// ```
    /// use saslenc::mech::scram::{Prep, Scram, ScramHash};
    /// use saslenc::mech::{Binding, BindingType, ChannelBinding, Mechanism};
    /// let data = ChannelBinding::new(BindingType::TlsExporter, vec![7; 32])?;
    /// let mut scram = Scram::new(ScramHash::Sha256, "", "user", "pencil", "abc", Prep::SaslPrep)?
    ///     .with_binding(Binding::Bound(data));
    /// assert_eq!(scram.name(), "SCRAM-SHA-256-PLUS");
    /// assert_eq!(&scram.initial()?.unwrap()[..], b"p=tls-exporter,,n=user,r=abc");
    /// # Ok::<(), saslenc::Error>(())
    /// ```
    pub fn with_binding(mut self, binding: Binding) -> Self {
        self.gs2_header = gs2_header(&binding, &self.authzid);
        self.binding = binding;
        self
    }

    /// The GS2 flag and binding data this client sends.
    pub fn binding(&self) -> &Binding {
        &self.binding
    }

    /// `cbind-input` (RFC 5802 section 7): the GS2 header, then the
    /// binding data for `p=`. `c=` is its base64.
    fn cbind_input(&self) -> Vec<u8> {
        let mut input = self.gs2_header.as_bytes().to_vec();
        input.extend_from_slice(self.binding.data());
        input
    }

    /// The server-final message the server must send, `v=<base64>`, once
    /// client-final has been computed; `None` before.
    pub fn expected_server_final(&self) -> Option<Zeroizing<String>> {
        match &self.state {
            State::SentClientFinal {
                server_key,
                auth_message,
            } => {
                let signature = self.hash.hmac(server_key, auth_message);
                let b64 = encoding::encode(&signature);
                let mut out = Zeroizing::new(String::with_capacity(2 + b64.len()));
                out.push_str("v=");
                out.push_str(&b64);
                Some(out)
            }
            _ => None,
        }
    }

    fn client_final(&mut self, server_first: &[u8]) -> Result<Message, Error> {
        let server_first = field::utf8("server-first", server_first)?;
        let parsed = parse_server_first(server_first, &self.client_nonce)?;
        let client_final_without_proof = format!(
            "c={},r={}",
            encoding::encode(&self.cbind_input()).as_str(),
            parsed.nonce
        );
        let mut auth_message = Zeroizing::new(Vec::with_capacity(
            self.client_first_bare.len()
                + server_first.len()
                + client_final_without_proof.len()
                + 2,
        ));
        auth_message.extend_from_slice(self.client_first_bare.as_bytes());
        auth_message.push(b',');
        auth_message.extend_from_slice(server_first.as_bytes());
        auth_message.push(b',');
        auth_message.extend_from_slice(client_final_without_proof.as_bytes());

        let hash = self.hash;
        let ScramKeys {
            client_key,
            stored_key,
            server_key,
            ..
        } = hash.keys(self.password.as_bytes(), &parsed.salt, parsed.iterations);
        let client_signature = hash.hmac(&stored_key, &auth_message);
        let proof: Zeroizing<Vec<u8>> = Zeroizing::new(
            client_key
                .iter()
                .zip(client_signature.iter())
                .map(|(k, s)| k ^ s)
                .collect(),
        );
        let proof_b64 = encoding::encode(&proof);

        let mut message = Message::new(Vec::with_capacity(
            client_final_without_proof.len() + 3 + proof_b64.len(),
        ));
        message.extend_from_slice(client_final_without_proof.as_bytes());
        message.extend_from_slice(b",p=");
        message.extend_from_slice(proof_b64.as_bytes());
        self.state = State::SentClientFinal {
            server_key,
            auth_message,
        };
        Ok(message)
    }

    /// client-first (RFC 5802 section 7): the GS2 header `FLAG,,` or
    /// `FLAG,a=` authzid `,`, then `n=` user `,r=` nonce, both names escaped
    /// as `saslname`s.
    fn client_first_layout(&self) -> Layout {
        let (authzid, username) = (field::saslname(&self.authzid), field::saslname(&self.user));
        let flag = self.binding.flag();
        let fields = ClientFirstFields {
            gs2: Header {
                flag: flag.as_bytes(),
                authzid: (!self.authzid.is_empty()).then_some(authzid.as_bytes()),
            },
            username: username.as_bytes(),
            nonce: self.client_nonce.as_bytes(),
            extensions: b"",
        };
        let mut layout = fields
            .layout(self.name())
            .fixed("gs2-cbind-flag")
            .labelled("client-first")
            .input(Field::text("user", "USER", self.user.as_bytes()))
            .map_field("username", |_| {
                layout::saslname("username", "USERNAME", "USER", &self.user)
            });
        if self.prepared {
            layout = layout.note(
                "SASLprep (RFC 4013) changed the user name or the authzid; the shell variables \
                 hold the prepared text, which printf does not compute",
            );
        }
        if !self.authzid.is_empty() {
            layout = layout
                .input(Field::text("authzid", "AUTHZID", self.authzid.as_bytes()))
                .map_field("authzid", |_| {
                    layout::saslname("authzid", "AUTHZID_ESCAPED", "AUTHZID", &self.authzid)
                });
        }
        layout
    }

    /// client-final (RFC 5802 section 7): `c=` the base64 of the GS2
    /// header, `,r=` the combined nonce, `,p=` the proof, read back from
    /// the message. Anything else is shown whole and masked.
    fn client_final_layout(&self, message: &[u8]) -> Layout {
        let name = self.name();
        let cbind = encoding::encode(&self.cbind_input());
        let fields = ClientFinalFields::parse(message)
            .filter(|f| f.channel_binding == cbind.as_bytes() && f.extensions.is_empty());
        let Some(fields) = fields else {
            return Layout::new(name).field(Field::secret("message", "MESSAGE", message));
        };
        let what = match &self.binding {
            Binding::Bound(binding) => format!(
                "channel-binding is the base64 of the GS2 header \"{}\" followed by the {} \
                 data (RFC 5802 section 7)",
                escape(self.gs2_header.as_bytes()),
                binding.binding_type(),
            ),
            _ => format!(
                "channel-binding is the base64 of the GS2 header \"{}\" (RFC 5802 section 7)",
                escape(self.gs2_header.as_bytes())
            ),
        };
        fields
            .layout(name)
            .labelled("client-final")
            .note(format!(
                "{what}; the nonce is the client's with the server's appended"
            ))
            .note(
                "the proof is ClientKey XOR ClientSignature (RFC 5802 section 3): PBKDF2 of the \
                 password with server-first's salt and iteration count, then HMACs over the \
                 AuthMessage. printf and base64 cannot compute it; the pipeline takes it as given",
            )
    }

    /// Checks server-final (RFC 5802 section 7: `server-final-message =
    /// (server-error / verifier) ["," extensions]`).
    fn verify(&mut self, server_final: &[u8]) -> Result<(), Error> {
        let mechanism = self.name();
        let State::SentClientFinal {
            server_key,
            auth_message,
        } = &self.state
        else {
            return Err(Error::UnprovenSuccess { mechanism });
        };
        let first = server_final
            .split(|&b| b == b',')
            .next()
            .unwrap_or_default();
        if let Some(error) = first.strip_prefix(b"e=") {
            return Err(Error::ServerError {
                mechanism,
                message: field::peer(error),
            });
        }
        let Some(verifier) = first.strip_prefix(b"v=") else {
            return Err(Error::malformed(
                "server-final",
                "it starts with neither v= nor e= (RFC 5802 section 7)",
            ));
        };
        let verifier = field::utf8("server-final", verifier)?;
        let signature = encoding::decode("server signature", verifier)?;
        // Mac::verify_slice compares in constant time.
        if !self.hash.verify_hmac(server_key, auth_message, &signature) {
            return Err(Error::ServerSignature { mechanism });
        }
        self.state = State::Verified;
        Ok(())
    }
}

fn verify_mac<M: Mac + KeyInit>(key: &[u8], data: &[u8], tag: &[u8]) -> bool {
    match <M as KeyInit>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.verify_slice(tag).is_ok()
        }
        Err(_) => false,
    }
}

impl Mechanism for Scram {
    fn is_complete(&self) -> bool {
        matches!(self.state, State::Verified)
    }

    fn name(&self) -> &'static str {
        match self.binding {
            Binding::Bound(_) => self.hash.plus_mechanism(),
            _ => self.hash.mechanism(),
        }
    }

    fn initial(&mut self) -> Result<Option<Message>, Error> {
        self.state = State::SentClientFirst;
        Ok(Some(self.client_first_layout().bytes()))
    }

    /// Answers server-first with client-final, then checks server-final
    /// and answers it with an empty response (RFC 4954 and RFC 9051 carry
    /// server-final as a last challenge).
    fn respond(&mut self, challenge: &[u8]) -> Result<Message, Error> {
        match self.state {
            State::Start => {
                // No initial response was sent: the server's empty
                // challenge asks for client-first.
                Ok(self.initial()?.unwrap_or_default())
            }
            State::SentClientFirst => self.client_final(challenge),
            State::SentClientFinal { .. } => {
                self.verify(challenge)?;
                Ok(Message::new(Vec::new()))
            }
            State::Verified => Err(Error::UnexpectedChallenge {
                mechanism: self.name(),
                steps: 3,
            }),
        }
    }

    /// A success is accepted only once server-final has verified, or
    /// with server-final as its additional data.
    fn success(&mut self, additional_data: Option<&[u8]>) -> Result<(), Error> {
        match (&self.state, additional_data) {
            (State::Verified, None) => Ok(()),
            (State::SentClientFinal { .. }, Some(data)) => self.verify(data),
            _ => Err(Error::UnprovenSuccess {
                mechanism: self.name(),
            }),
        }
    }
}

impl Explain for Scram {
    /// client-first, client-final, then the empty answer to server-final.
    fn layout(&self, step: &Step<'_>) -> Layout {
        match step.index {
            0 => self.client_first_layout(),
            1 => self.client_final_layout(step.message),
            _ => Layout::new(self.name()).literal(step.message),
        }
    }
}

/// The GS2 header for `binding` and the (prepared) `authzid`: `FLAG,,` or
/// `FLAG,a=AUTHZID,` (RFC 5802 section 7).
fn gs2_header(binding: &Binding, authzid: &str) -> String {
    let flag = binding.flag();
    if authzid.is_empty() {
        format!("{flag},,")
    } else {
        format!("{flag},a={},", field::saslname(authzid))
    }
}

struct ServerFirst<'a> {
    nonce: &'a str,
    salt: Zeroizing<Vec<u8>>,
    iterations: u32,
}

/// RFC 5802 section 7: `server-first-message = [reserved-mext ","] nonce
/// "," salt "," iteration-count ["," extensions]`.
fn parse_server_first<'a>(text: &'a str, client_nonce: &str) -> Result<ServerFirst<'a>, Error> {
    const FIELD: &str = "server-first";
    let mut parts = text.split(',');
    let mut next = |key: &str, what: &str| -> Result<&'a str, Error> {
        match parts.next() {
            Some(part) if part.starts_with("m=") => Err(Error::malformed(
                FIELD,
                "it asks for a mandatory extension (m=) that saslenc does not support",
            )),
            Some(part) => part.strip_prefix(key).ok_or_else(|| {
                Error::malformed(
                    FIELD,
                    format!("expected {key}<{what}> here (RFC 5802 section 7: r=...,s=...,i=...)"),
                )
            }),
            None => Err(Error::malformed(
                FIELD,
                format!("{key}<{what}> is missing (RFC 5802 section 7: r=...,s=...,i=...)"),
            )),
        }
    };
    let nonce = next("r=", "nonce")?;
    let salt = next("s=", "salt")?;
    let iterations = next("i=", "iteration count")?;

    check_nonce("server nonce", nonce.as_bytes())?;
    if !nonce.starts_with(client_nonce) || nonce.len() == client_nonce.len() {
        return Err(Error::malformed(
            FIELD,
            "its nonce does not extend the client nonce (RFC 5802 section 5.1: the server \
             appends its own nonce to the client's); this is not an answer to this client-first",
        ));
    }
    let salt = encoding::decode("salt", salt)?;
    if salt.is_empty() {
        return Err(Error::malformed(FIELD, "the salt is empty"));
    }
    let iterations = match iterations.parse::<u32>() {
        Ok(n) if n > MAX_ITERATIONS => {
            return Err(Error::malformed(
                FIELD,
                "the iteration count i= is above 10,000,000, which would keep PBKDF2 busy \
                 for minutes; real servers ask for 4,096 to a few hundred thousand",
            ))
        }
        Ok(n) if n > 0 && iterations.bytes().all(|b| b.is_ascii_digit()) => n,
        _ => {
            return Err(Error::malformed(
                FIELD,
                "the iteration count i= is not a positive decimal number below 2^32",
            ))
        }
    };
    Ok(ServerFirst {
        nonce,
        salt,
        iterations,
    })
}

/// The highest iteration count accepted from a server. RFC 7677 section 4
/// asks for at least 4,096; current advice for PBKDF2-HMAC-SHA256 is some
/// hundreds of thousands. A count in the billions, which a hostile or
/// broken server can send, would tie the client up for hours.
const MAX_ITERATIONS: u32 = 10_000_000;

/// RFC 5802 section 7: `printable = %x21-2B / %x2D-7E` (no `,`).
fn check_nonce(field: &'static str, nonce: &[u8]) -> Result<(), Error> {
    field::non_empty(field, nonce, "RFC 5802 section 7 requires a nonce")?;
    field::forbid(
        field,
        nonce,
        |b| !(0x21..=0x7e).contains(&b) || b == b',',
        "a SCRAM nonce is printable ASCII without ',' (RFC 5802 section 7)",
    )
}

/// A client nonce of 24 base64 characters (18 random bytes, 144 bits)
/// from the operating system's random source.
pub fn random_nonce() -> Result<String, Error> {
    let mut bytes = [0u8; 18];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::io(
            "get random bytes for the client nonce",
            std::io::Error::other(e.to_string()),
        )
    })?;
    Ok(encoding::encode(&bytes).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scram(user: &str) -> Scram {
        Scram::new(ScramHash::Sha256, "", user, "pencil", "abc", Prep::SaslPrep).unwrap()
    }

    #[test]
    fn escapes_the_user_once() {
        let mut s = scram("a,b=c=2C");
        assert_eq!(
            &s.initial().unwrap().unwrap()[..],
            b"n,,n=a=2Cb=3Dc=3D2C,r=abc"
        );
    }

    #[test]
    fn refuses_bad_server_first() {
        for (server_first, needle) in [
            (
                "r=abcd,s=QSXCR+Q6sek8bf92",
                "i=<iteration count> is missing",
            ),
            ("r=xyz1,s=QSXCR+Q6sek8bf92,i=4096", "does not extend"),
            ("r=abc,s=QSXCR+Q6sek8bf92,i=4096", "does not extend"),
            ("s=QSXCR+Q6sek8bf92,r=abcd,i=4096", "expected r="),
            (
                "m=x,r=abcd,s=QSXCR+Q6sek8bf92,i=4096",
                "mandatory extension",
            ),
            ("r=abcd,s=QSXCR+Q6sek8bf92,i=0", "iteration count"),
            ("r=abcd,s=QSXCR+Q6sek8bf92,i=+5", "iteration count"),
            ("r=abcd,s=QSXCR+Q6sek8bf92,i=10000001", "above 10,000,000"),
            ("r=abcd,s=QSXCR+Q6sek8bf92,i=4294967295", "above 10,000,000"),
            ("r=abcd,s=!!,i=4096", "salt is not valid base64"),
        ] {
            let mut s = scram("u");
            s.initial().unwrap();
            let err = s.respond(server_first.as_bytes()).err().unwrap();
            assert!(err.to_string().contains(needle), "{server_first}: {err}");
        }
    }

    #[test]
    fn refuses_bad_nonces() {
        assert!(Scram::new(ScramHash::Sha1, "", "u", "p", "a,b", Prep::None).is_err());
        assert!(Scram::new(ScramHash::Sha1, "", "u", "p", "a b", Prep::None).is_err());
        assert!(Scram::new(ScramHash::Sha1, "", "u", "p", "", Prep::None).is_err());
        let nonce = random_nonce().unwrap();
        assert_eq!(nonce.len(), 24);
        assert!(check_nonce("nonce", nonce.as_bytes()).is_ok());
        assert_ne!(nonce, random_nonce().unwrap());
    }

    #[test]
    fn success_needs_the_proof() {
        let mut s = scram("u");
        s.initial().unwrap();
        assert!(matches!(
            s.success(None).unwrap_err(),
            Error::UnprovenSuccess { .. }
        ));
    }

    #[test]
    fn saslprep_can_be_skipped() {
        // U+00AD (soft hyphen) is mapped to nothing by SASLprep.
        let a = Scram::new(
            ScramHash::Sha1,
            "",
            "u",
            "pen\u{ad}cil",
            "n",
            Prep::SaslPrep,
        )
        .unwrap();
        assert_eq!(&*a.password, "pencil");
        let b = Scram::new(ScramHash::Sha1, "", "u", "pen\u{ad}cil", "n", Prep::None).unwrap();
        assert_eq!(&*b.password, "pen\u{ad}cil");
        let err = Scram::new(ScramHash::Sha1, "", "u", "pen\u{7}", "n", Prep::SaslPrep)
            .err()
            .unwrap();
        assert!(
            matches!(
                err,
                Error::SaslPrep {
                    field: "password",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn parses_the_rfc5802_and_rfc7677_client_messages() {
        // RFC 5802 section 5, then RFC 7677 section 3.
        for (first, nonce, last, combined, proof) in [
            (
                &b"n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"[..],
                &b"fyko+d2lbbFgONRv9qkxdawL"[..],
                &b"c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="[..],
                &b"fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j"[..],
                &b"v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="[..],
            ),
            (
                b"n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
                b"rOprNGfwEbeRWgbNEkqO",
                b"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
                b"rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
                b"dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
            ),
        ] {
            let fields = ClientFirstFields::parse(first).unwrap();
            assert_eq!(fields.gs2.flag, b"n");
            assert_eq!(fields.gs2.authzid, None);
            assert_eq!(fields.username, b"user");
            assert_eq!(fields.nonce, nonce);
            assert_eq!(fields.extensions, b"");
            assert_eq!(&fields.layout("SCRAM-SHA-1").bytes()[..], first);
            let fields = ClientFinalFields::parse(last).unwrap();
            assert_eq!(fields.channel_binding, b"biws");
            assert_eq!(fields.nonce, combined);
            assert_eq!(fields.extensions, b"");
            assert_eq!(fields.proof, proof);
            assert_eq!(&fields.layout("SCRAM-SHA-1").bytes()[..], last);
        }
    }

    #[test]
    fn keeps_extensions_and_an_escaped_authzid() {
        let first = b"n,a=a=2Cb,n=a=3Dc,r=abc,x=ext";
        let fields = ClientFirstFields::parse(first).unwrap();
        assert_eq!(fields.gs2.authzid, Some(&b"a=2Cb"[..]));
        assert_eq!(fields.username, b"a=3Dc");
        assert_eq!(fields.extensions, b",x=ext");
        assert_eq!(&fields.layout("SCRAM-SHA-256").bytes()[..], first);
        let last = b"c=biws,r=abcdef,x=1,p=AAAA";
        let fields = ClientFinalFields::parse(last).unwrap();
        assert_eq!(
            (fields.nonce, fields.extensions),
            (&b"abcdef"[..], &b",x=1"[..])
        );
        assert!(ClientFinalFields::parse(b"c=biws,r=abc,p=A,B").is_none());
        assert!(ClientFinalFields::parse(b"c=biws,r=abc,p=A,p=B").is_none());
        assert!(ClientFirstFields::parse(b"n,,r=abc,n=user").is_none());
    }
}
