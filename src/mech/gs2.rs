//! The GS2 header (RFC 5801 section 4) that starts SCRAM's and
//! OAUTHBEARER's client messages: `n,` / `y,` / `p=NAME,`, then
//! `a=AUTHZID` or nothing, then `,`.

use crate::layout::{Field, Layout};

/// The GS2 header (RFC 5801 section 4) that starts OAUTHBEARER and SCRAM
/// client messages: `n,` / `y,` / `p=NAME,`, then `a=AUTHZID` or nothing,
/// then `,`. Returns the layout so far and the rest.
pub(crate) fn header_layout<'a>(
    bytes: &'a [u8],
    mechanism: &'static str,
) -> Option<(Layout, &'a [u8])> {
    let first = bytes.iter().position(|&b| b == b',')?;
    let flag = &bytes[..first];
    if !(flag == b"n" || flag == b"y" || flag.starts_with(b"p=")) {
        return None;
    }
    let rest = &bytes[first + 1..];
    let second = rest.iter().position(|&b| b == b',')?;
    let authzid = &rest[..second];
    let layout = Layout::new(mechanism)
        .field(Field::text("gs2-cbind-flag", "CBIND", flag))
        .literal(b",");
    let layout = if authzid.is_empty() {
        layout
    } else {
        layout.literal(b"a=").field(Field::text(
            "authzid",
            "AUTHZID",
            authzid.strip_prefix(b"a=")?,
        ))
    };
    Some((layout.literal(b","), &rest[second + 1..]))
}

/// A GS2 header without channel binding (RFC 5801 section 4): `n,` or
/// `y,`, then `a=AUTHZID` or nothing, then `,`. The authzid, unescaped.
pub(crate) fn authzid(header: &[u8]) -> Result<Option<String>, String> {
    let text = std::str::from_utf8(header).map_err(|_| "the GS2 header is not UTF-8".to_owned())?;
    let mut parts = text.splitn(3, ',');
    let flag = parts.next().unwrap_or_default();
    let authzid = parts.next();
    let rest = parts.next();
    match flag {
        "n" => {}
        "y" => {}
        f if f.starts_with("p=") => return Err(
            "the GS2 header asks for channel binding (p=...), which this server does not offer: \
                 the client chose a -PLUS mechanism's flag"
                .into(),
        ),
        _ => {
            return Err("the GS2 header starts with n, y or p= (RFC 5801 section 4)".into());
        }
    }
    let (Some(authzid), Some("")) = (authzid, rest) else {
        return Err("the GS2 header is FLAG,[a=AUTHZID], (RFC 5801 section 4)".into());
    };
    if authzid.is_empty() {
        return Ok(None);
    }
    let Some(name) = authzid.strip_prefix("a=") else {
        return Err("the GS2 header's second field is a=AUTHZID or empty".into());
    };
    unescape_saslname(name).map(Some)
}

/// RFC 5802 section 5.1: `=2C` is `,`, `=3D` is `=`; any other `=` is an
/// error.
pub(crate) fn unescape_saslname(name: &str) -> Result<String, String> {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(at) = rest.find('=') {
        out.push_str(&rest[..at]);
        let escape = rest.get(at..at + 3);
        match escape {
            Some("=2C") => out.push(','),
            Some("=3D") => out.push('='),
            _ => {
                return Err("a name has '=' not followed by 2C or 3D (RFC 5802 section 5.1)".into())
            }
        }
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    Ok(out)
}
