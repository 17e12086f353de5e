//! The GS2 header (RFC 5801 section 4) that starts SCRAM's and
//! OAUTHBEARER's client messages: `n,` / `y,` / `p=NAME,`, then
//! `a=AUTHZID` or nothing, then `,`.

use super::channel_binding::BindingType;
use crate::field::escape;
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
        let layout = layout.literal(b",");
        // n, the common case, goes without a note.
        match self.flag {
            b"n" => layout,
            _ => layout.note(self.flag_meaning()),
        }
    }

    /// What the flag says about channel binding (RFC 5802 section 6).
    pub(crate) fn flag_meaning(&self) -> String {
        match self.flag {
            b"n" => {
                "the GS2 flag n: no channel binding (the client cannot or will not bind)".into()
            }
            b"y" => "the GS2 flag y: the client could bind to the TLS channel but believes the \
                     server offered no -PLUS mechanism; a server that did offer one refuses it \
                     as a downgrade (RFC 5802 section 6)"
                .into(),
            flag => {
                let name = &flag[2..];
                let what = std::str::from_utf8(name)
                    .ok()
                    .and_then(|n| n.parse::<BindingType>().ok())
                    .map_or("a type saslenc does not compute", BindingType::what);
                format!(
                    "the GS2 flag p={}: the login is bound to the TLS channel with the binding \
                     type {}, {what}; client-final's c= must carry that data (RFC 5802 section 6)",
                    escape(name),
                    escape(name)
                )
            }
        }
    }
}

/// What `c=` decodes to (RFC 5802 section 7, `cbind-input`): the GS2
/// header, then for `p=` the channel binding data, in words for
/// `decode` and `--explain`. The data is public: each end computes it
/// from its TLS connection.
pub(crate) fn cbind_input_notes(input: &[u8]) -> Vec<String> {
    let Ok((header, data)) = Header::read(input) else {
        return vec![format!(
            "c= decodes to \"{}\", which is no GS2 header (RFC 5802 section 7: c= is the \
             base64 of client-first's GS2 header, then the binding data for p=)",
            escape(input)
        )];
    };
    if header.flag == b"n" && data.is_empty() {
        return Vec::new();
    }
    let gs2 = &input[..input.len() - data.len()];
    let mut notes = vec![format!(
        "c= decodes to the GS2 header \"{}\"{}; it must repeat client-first's header",
        escape(gs2),
        if data.is_empty() {
            " and nothing after it".to_owned()
        } else {
            format!(" then {} bytes of channel binding data", data.len())
        }
    )];
    if let Some(name) = header.flag.strip_prefix(b"p=") {
        notes.push(format!(
            "channel binding data ({}, public: each end computes it from its TLS connection): \
             {}; the server compares it with its own {} data for this connection",
            escape(name),
            hex::encode(data),
            escape(name)
        ));
    } else if !data.is_empty() {
        notes.push(format!(
            "the flag {} binds nothing, yet {} bytes follow the header",
            escape(header.flag),
            data.len()
        ));
    }
    notes
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
        let authzid = |bytes| Header::read(bytes).unwrap().0.unbound_authzid();
        assert_eq!(authzid(b"n,a=a=2Cb,").unwrap().as_deref(), Some("a,b"));
        assert_eq!(authzid(b"n,,").unwrap(), None);
        assert!(authzid(b"p=tls-exporter,,").is_err());
    }
}
