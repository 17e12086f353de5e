//! Exact SASL credential strings, base64-encoded, for people who test mail
//! server authentication by hand and for programs that need the bytes right.
//!
//! `echo user | base64` encodes a newline that is not part of the user
//! name; `echo -ne "\0user\0pass"` depends on the shell; `printf` eats `%`
//! and `\` in passwords; GNU `base64` wraps long lines. This crate builds
//! each mechanism's message from its RFC, byte for byte, and renders it as
//! the base64 lines (or whole protocol commands) to paste into a session.
//!
//! Each mechanism is a small client state machine behind
//! [`mech::Mechanism`]: an initial response, then one response per server
//! challenge.
//!
//! ```
//! use saslenc::mech::{Messages, Plain};
//! use saslenc::protocol::{render, Protocol};
//!
//! let mut plain = Plain::new("", "u", "p", Default::default())?;
//! let exchange = Messages::run(&mut plain, &[])?;
//! assert_eq!(&*render(&exchange, None), "AHUAcA==");
//! assert_eq!(&*render(&exchange, Some(Protocol::Smtp)), "AUTH PLAIN AHUAcA==");
//! # Ok::<(), saslenc::Error>(())
//! ```
//!
//! CRAM-MD5 answers the challenge a server sent, pasted as the user saw it:
//!
//! ```
//! use saslenc::mech::{CramMd5, Messages};
//! use saslenc::protocol::{self, pasted};
//!
//! // RFC 2195 section 2.
//! let challenge = pasted::challenge(
//!     "challenge",
//!     "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r",
//! )?;
//! let mut cram = CramMd5::new("tim", "tanstaaftanstaaf", Default::default())?;
//! let exchange = Messages::run(&mut cram, &[&challenge])?;
//! assert_eq!(
//!     &*protocol::render(&exchange, None),
//!     "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw"
//! );
//! # Ok::<(), saslenc::Error>(())
//! ```

//! The other way round, [`decode`] reads a pasted line (`334 ...`, `AUTH
//! PLAIN ...`, bare base64) and names what the bytes are; [`explain`]
//! shows any message's exact bytes and the shell that would build them:
//!
//! ```
//! let decoded = saslenc::decode::decode_line("input", "334 VXNlcm5hbWU6")?;
//! assert_eq!(decoded.what, "prompt for the user name");
//! assert_eq!(saslenc::field::escape(b"\0u\0p\n"), r"\0u\0p\x0a");
//! # Ok::<(), saslenc::Error>(())
//! ```
//!
//! With the `net` feature (on by default), `login` logs in to a live
//! SMTP, IMAP or POP3 server over TLS and reports a masked transcript and
//! the verdict; its exchange runs through the same
//! [`exchange::Exchange`] as a pasted one. Without default features the
//! crate has the mechanism crates only.

//! [`token`] reads an OAuth access token offline (a JWT's claims) and says
//! why Exchange Online or another server would refuse it.

//! The server side: [`stored`] makes the secrets a server keeps for SCRAM
//! and CRAM-MD5 (Dovecot, PostgreSQL, pgbouncer, RFC 5803, Kafka) and
//! checks a password against them; [`mech::server`] runs each mechanism's
//! server steps; [`serve`] is a sans-I/O SMTP, IMAP and POP3 server session
//! over the codecs of [`protocol`], which checks logins and diagnoses
//! refused ones (its TLS, `serve::tls`, comes with the `net` feature).
//!
//! Everything shown of a session (a [`transcript`], a verdict, an error)
//! passes one boundary, [`show`]: every secret masked in every form, then
//! escaped, then cut.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// On docs.rs (Cargo.toml's [package.metadata.docs.rs]), each item behind a
// feature says which one.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod decode;
pub mod encoding;
mod error;
pub mod exchange;
pub mod explain;
pub mod field;
pub mod layout;
#[cfg(feature = "net")]
pub mod login;
pub mod mech;
mod pbkdf2_hmac;
pub mod protocol;
pub mod secret;
pub mod serve;
pub mod show;
pub mod stored;
pub mod token;
pub mod transcript;

pub use error::{Error, ErrorClass, Setting, Trust};
pub use field::Charset;
pub use secret::{Secret, SecretSource};
