//! Every form of a secret a screen may show it in, computed by the tests
//! themselves (the base64 and hex crates, not saslenc): raw, escaped, in
//! either case, hex in either case, base64 padded and not, URL-safe,
//! percent-encoded. Forms under four bytes are left out, as saslenc
//! leaves them unmasked in a peer's text.

use base64::Engine as _;

/// The forms of `secret`.
pub fn forms_of(secret: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(secret).into_owned();
    let b64 = base64::engine::general_purpose::STANDARD.encode(secret);
    let mut forms = vec![
        text.clone(),
        saslenc::field::escape(secret),
        text.to_uppercase(),
        text.to_lowercase(),
        hex::encode(secret),
        hex::encode_upper(secret),
        b64.clone(),
        b64.trim_end_matches('=').to_owned(),
        b64.replace('+', "-").replace('/', "_"),
        secret.iter().map(|b| format!("%{b:02X}")).collect(),
        secret.iter().map(|b| format!("%{b:02x}")).collect(),
    ];
    forms.retain(|f| f.len() >= 4);
    forms
}
