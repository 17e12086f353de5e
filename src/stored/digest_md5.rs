//! Dovecot's `{DIGEST-MD5}`: `hex(MD5(user ":" realm ":" password))`, the
//! `H(A1)` start of RFC 2831's digest, so that a server can check
//! DIGEST-MD5 responses without the password. It depends on the user and
//! the realm: Dovecot reads the passdb's user name as `user@realm`, split
//! at the last `@` (`user@domain@realm` for a user that holds an `@`), and
//! a name without `@` has the empty realm (`password-scheme.c`,
//! `digest_md5_generate`; `doveadm pw -s DIGEST-MD5 -u user@realm`). No
//! salt beyond the names: it is as good as the password for DIGEST-MD5,
//! and a guess is one MD5 away.

use md5::{Digest, Md5};
use zeroize::Zeroizing;

/// The user and realm Dovecot hashes for the passdb user `name`.
///
/// ```
/// use saslenc::stored::digest_md5::user_and_realm;
/// assert_eq!(user_and_realm("bob@example.org"), ("bob", "example.org"));
/// assert_eq!(user_and_realm("bob@a.org@example.org"), ("bob@a.org", "example.org"));
/// assert_eq!(user_and_realm("bob"), ("bob", ""));
/// ```
pub fn user_and_realm(name: &str) -> (&str, &str) {
    name.rsplit_once('@').unwrap_or((name, ""))
}

/// `MD5(user ":" realm ":" password)`, RFC 2831's `H({ username-value ":"
/// realm-value ":" passwd })`.
///
/// ```
/// use saslenc::stored::digest_md5::h_a1;
/// // doveadm pw -s DIGEST-MD5 -u user@realm -p pencil
/// assert_eq!(hex::encode(&h_a1("user", "realm", b"pencil")[..]), "4c81761cb45c1d0e9a64c0e7ed8883a2");
/// ```
pub fn h_a1(user: &str, realm: &str, password: &[u8]) -> Zeroizing<[u8; 16]> {
    let mut md5 = Md5::new();
    md5.update(user.as_bytes());
    md5.update(b":");
    md5.update(realm.as_bytes());
    md5.update(b":");
    md5.update(password);
    let mut out = Zeroizing::new([0u8; 16]);
    out.copy_from_slice(&md5.finalize());
    out
}

/// `{DIGEST-MD5}` and the hash as 32 lower-case hex digits, for the passdb
/// user `name`.
pub(super) fn render(name: &str, password: &[u8]) -> Zeroizing<String> {
    let (user, realm) = user_and_realm(name);
    let mut out = Zeroizing::new(String::with_capacity(12 + 32));
    out.push_str("{DIGEST-MD5}");
    out.push_str(&Zeroizing::new(hex::encode(
        &h_a1(user, realm, password)[..],
    )));
    out
}
