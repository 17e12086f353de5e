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
    // Quoted in a peer's own syntax: a backslash before quotes and
    // backslashes, HTML's entities, JSON's \uXXXX; hex as a dump.
    let mut backslashed = String::new();
    let mut html = String::new();
    let mut json = String::new();
    for c in text.chars() {
        if matches!(c, '"' | '\\' | '\'') {
            backslashed.push('\\');
        }
        backslashed.push(c);
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => html.push(c),
        }
        match c {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            c if c.is_ascii() && !c.is_ascii_control() => json.push(c),
            c => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    json.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    forms.extend([backslashed, html, json]);
    forms.push(
        secret
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":"),
    );
    forms.retain(|f| f.len() >= 4);
    forms.dedup();
    forms
}
