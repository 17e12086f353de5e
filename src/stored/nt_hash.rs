//! The NT hash: `MD4(UTF-16LE(password))` (MS-NLMP section 3.3.1,
//! `NTOWFv1`), as Samba's smbpasswd, FreeRADIUS's `NT-Password`,
//! passlib's `nthash` and Dovecot's `{NTLM}` scheme store it, in hex. No
//! salt, no iterations: it is password-equivalent. NTLM logs in with the
//! hash itself ("pass-the-hash"), and one MD4 tests a guess.

use md4::{Digest, Md4};
use zeroize::Zeroizing;

/// `MD4(UTF-16LE(password))`.
///
/// ```
/// // The NT hash of "password", as published (passlib's nthash docs,
/// // Samba's smbpasswd examples).
/// let hash = saslenc::stored::nt_hash::nt_hash("password");
/// assert_eq!(hex::encode(&hash[..]), "8846f7eaee8fb117ad06bdd830b7586c");
/// ```
pub fn nt_hash(password: &str) -> Zeroizing<[u8; 16]> {
    let utf16: Zeroizing<Vec<u8>> =
        Zeroizing::new(password.encode_utf16().flat_map(u16::to_le_bytes).collect());
    let mut out = Zeroizing::new([0u8; 16]);
    out.copy_from_slice(&Md4::digest(&utf16[..]));
    out
}

/// `{NTLM}` and the hash as 32 lower-case hex digits.
pub(super) fn render(password: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(6 + 32));
    out.push_str("{NTLM}");
    out.push_str(&Zeroizing::new(hex::encode(&nt_hash(password)[..])));
    out
}
