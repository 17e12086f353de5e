//! Interoperability tests: saslenc against real peers.
//!
//! * `dovecot`: a real Dovecot 2.3 on loopback (`dovecot.rs`,
//!   `dovecot.conf.in`) logs in with what saslenc prints, over IMAP, POP3
//!   and SMTP submission, STARTTLS and implicit TLS (`dovecot_tests.rs`,
//!   with the test client in `client.rs`, which computes no encodings).
//! * `dovecot connect`: `saslenc connect` logging in to that Dovecot by
//!   itself, over every protocol, TLS mode and mechanism, with certificate
//!   checks, and XOAUTH2 / OAUTHBEARER against Dovecot's oauth2 passdb
//!   validating JWTs locally (`connect_tests.rs`).
//! * `gsasl`: GNU gsasl as a reference: byte for byte for PLAIN, LOGIN,
//!   ANONYMOUS, EXTERNAL and CRAM-MD5, and `gsasl --server` verifying
//!   saslenc's CRAM-MD5 and SCRAM (`gsasl_tests.rs`).
//!
//! * `saslenc serve` against real clients: curl, swaks, gsasl, msmtp,
//!   Python's smtplib, imaplib and poplib, aiosmtplib, fetchmail
//!   (`serve_*_tests.rs`), and mbsync, offlineimap3, getmail6, neomutt and
//!   s-nail (`serve_mail_clients_tests.rs`).
//!
//! * `samba`: a standalone Samba of the test's own (`samba.rs`: winbindd
//!   over a tdbsam, in a temporary directory) whose `ntlm_auth` checks its
//!   users, alone and as the NTLM helper of a Dovecot with
//!   `auth_use_winbind`, which `saslenc connect --mech NTLM` and gsasl log
//!   in to; Samba's NTLM client logs in to `saslenc serve`
//!   (`winbind_tests.rs`).
//!
//! * stored secrets (`secret_tests.rs`): `doveadm pw -t` accepts
//!   saslenc's Dovecot secrets, saslenc verifies `doveadm pw` and `gsasl
//!   --mkpasswd` output, Dovecot logs gsasl in against them, and a
//!   throw-away PostgreSQL (`postgres.rs`) stores and uses its verifiers.
//!
//! Run them with `cargo test --test interop`. Each peer's test prints one
//! summary line (`interop dovecot: N passed, 0 failed (...)`), or
//! `interop <peer>: skipped: <reason>` when the peer is missing; under CI
//! (`CI=true` or `SASLENC_REQUIRE_INTEROP=1`) a missing peer fails. See
//! `peers.rs`. `SASLENC_INTEROP_KEEP_DIR=1` keeps Dovecot's directory
//! (config, log) for inspection.

mod channel_binding_tests;
mod client;
mod client_tests;
mod concurrent;
mod connect_tests;
mod digest_charset_tests;
#[path = "../shared/doc_examples.rs"]
mod doc_examples;
mod dovecot;
mod dovecot_tests;
mod external_tests;
mod gsasl;
mod gsasl_tests;
mod legacy_tests;
mod ntlm_tests;
mod peers;
#[path = "../shared/pki.rs"]
mod pki;
mod postgres;
mod process;
mod readme_tests;
mod samba;
mod saslenc;
mod secret_tests;
mod serve_aiosmtplib_tests;
mod serve_chaos_tests;
mod serve_dovecot_tests;
mod serve_mail_clients_tests;
mod serve_maildir_tests;
pub(crate) mod serve_tests;
mod serve_told_tests;
mod winbind_tests;
