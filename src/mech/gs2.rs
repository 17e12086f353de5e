//! The GS2 header (RFC 5801 section 4) that starts SCRAM's and
//! OAUTHBEARER's client messages: `n,` / `y,` / `p=NAME,`, then
//! `a=AUTHZID` or nothing, then `,`.

use crate::layout::{Field, Layout};

/// A GS2 header as it stands in a message, borrowed from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Header<'a> {
    /// `n`, `y` or `p=NAME`.
    pub flag: &'a [u8],
    /// The authorization identity after `a=`, still escaped as a
    /// `saslname`; `None` for the empty second field.
    pub authzid: Option<&'a [u8]>,
}

impl<'a> Header<'a> {
    /// Reads the header at the start of `bytes` (any flag, the authzid
    /// not unescaped) and returns it with the rest of the message; where
    /// the bytes are no header, the rule they break. The one reading of a
    /// GS2 header: `decode`, `--explain` and the server's steps use it.
    pub(crate) fn read(bytes: &'a [u8]) -> Result<(Self, &'a [u8]), &'static str> {
        const SHAPE: &str = "the GS2 header is FLAG,[a=AUTHZID], (RFC 5801 section 4)";
        let first = bytes.iter().position(|&b| b == b',').ok_or(SHAPE)?;
        let flag = &bytes[..first];
        if !(flag == b"n" || flag == b"y" || flag.starts_with(b"p=")) {
            return Err("the GS2 header starts with n, y or p= (RFC 5801 section 4)");
        }
        let rest = &bytes[first + 1..];
        let second = rest.iter().position(|&b| b == b',').ok_or(SHAPE)?;
        let authzid = match &rest[..second] {
            b"" => None,
            field => Some(
                field
                    .strip_prefix(b"a=")
                    .ok_or("the GS2 header's second field is a=AUTHZID or empty")?,
            ),
        };
        Ok((Header { flag, authzid }, &rest[second + 1..]))
    }

    /// The authorization identity, unescaped (RFC 5801 section 4).
    pub(crate) fn authzid_name(&self) -> Result<Option<String>, String> {
        let Some(raw) = self.authzid else {
            return Ok(None);
        };
        let text =
            std::str::from_utf8(raw).map_err(|_| "the GS2 header is not UTF-8".to_owned())?;
        unescape_saslname(text).map(Some)
    }

    /// The header's fields, appended to `layout`: the flag, then the
    /// authzid if there is one.
    pub(crate) fn layout(&self, layout: Layout) -> Layout {
        let layout = layout
            .field(Field::text("gs2-cbind-flag", "CBIND", self.flag))
            .literal(b",");
        let layout = match self.authzid {
            Some(authzid) => layout
                .literal(b"a=")
                .field(Field::text("authzid", "AUTHZID", authzid)),
            None => layout,
        };
        layout.literal(b",")
    }
}

/// A GS2 header, as a server that offers no channel binding reads it
/// (RFC 5801 section 4): `n,` or `y,`, then `a=AUTHZID` or nothing, then
/// `,`, and nothing after it. The authzid, unescaped.
pub(crate) fn authzid(header: &[u8]) -> Result<Option<String>, String> {
    let (parsed, rest) = Header::read(header).map_err(str::to_owned)?;
    if !rest.is_empty() {
        return Err("the GS2 header is FLAG,[a=AUTHZID], (RFC 5801 section 4)".into());
    }
    parsed.unbound_authzid()
}

impl Header<'_> {
    /// The authzid, unescaped, of a header read by a server that offers
    /// no channel binding: `p=` is refused.
    pub(crate) fn unbound_authzid(&self) -> Result<Option<String>, String> {
        if self.flag.starts_with(b"p=") {
            return Err(
                "the GS2 header asks for channel binding (p=...), which this server does not \
                 offer: the client chose a -PLUS mechanism's flag"
                    .into(),
            );
        }
        self.authzid_name()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_flags_and_the_authzid() {
        // RFC 5801 section 4: gs2-cb-flag "," [gs2-authzid] ",".
        assert_eq!(
            Header::read(b"n,,n=user"),
            Ok((
                Header {
                    flag: b"n",
                    authzid: None,
                },
                &b"n=user"[..]
            ))
        );
        let (header, rest) = Header::read(b"y,a=a=2Cb,rest").unwrap();
        assert_eq!(
            (header.flag, header.authzid),
            (&b"y"[..], Some(&b"a=2Cb"[..]))
        );
        assert_eq!(rest, b"rest");
        let (header, _) = Header::read(b"p=tls-unique,,").unwrap();
        assert_eq!(header.flag, b"p=tls-unique");
        for bad in [&b"x,,"[..], b"n,", b"n,user,", b"n"] {
            assert!(Header::read(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn unescapes_saslnames() {
        assert_eq!(unescape_saslname("a=2Cb=3Dc").unwrap(), "a,b=c");
        assert!(unescape_saslname("a=2").is_err());
        assert_eq!(authzid(b"n,a=a=2Cb,").unwrap().as_deref(), Some("a,b"));
        assert_eq!(authzid(b"n,,").unwrap(), None);
    }
}
