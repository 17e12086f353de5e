//! The SCRAM messages (RFC 5802 section 7), read once for every reader:
//! each client message's fields borrowed from its bytes, with the rule a
//! message breaks when it is not one (`decode`, `--explain` and the
//! server's steps read them the same way), the server's stricter checks
//! on top, and the layouts that show them.

use super::*;

/// client-first (RFC 5802 section 7), borrowed from its bytes:
/// `gs2-header n=USER,r=NONCE[,extensions]`.
pub(crate) struct ClientFirstFields<'a> {
    /// The GS2 header.
    pub gs2: Header<'a>,
    /// The user name, escaped as a `saslname`.
    pub username: &'a [u8],
    /// The client nonce.
    pub nonce: &'a [u8],
    /// What follows the nonce, from its `,` on (extensions), or nothing.
    pub extensions: &'a [u8],
}

impl<'a> ClientFirstFields<'a> {
    /// Reads a message of this shape (any GS2 flag; names not unescaped),
    /// or says which rule of RFC 5802 section 7 it breaks: the one reading
    /// of client-first, for `decode`, `--explain` and the server, whose
    /// stricter checks ([`parse_client_first`]) follow it.
    pub(crate) fn read(bytes: &'a [u8]) -> Result<Self, &'static str> {
        let (gs2, bare) = Header::read(bytes)?;
        let rest = bare
            .strip_prefix(b"n=")
            .ok_or("client-first-bare starts with n=USER (RFC 5802 section 7)")?;
        let comma = rest
            .iter()
            .position(|&b| b == b',')
            .ok_or("client-first-bare has r=NONCE after the user")?;
        let (username, rest) = (
            &rest[..comma],
            rest[comma..]
                .strip_prefix(b",r=")
                .ok_or("client-first-bare has r=NONCE after the user")?,
        );
        let end = rest.iter().position(|&b| b == b',').unwrap_or(rest.len());
        Ok(ClientFirstFields {
            gs2,
            username,
            nonce: &rest[..end],
            extensions: &rest[end..],
        })
    }

    /// The length of the GS2 header in the message: `FLAG,` then
    /// `a=AUTHZID` or nothing, then `,`.
    pub(crate) fn header_len(&self) -> usize {
        self.gs2.flag.len() + 1 + self.gs2.authzid.map_or(0, |a| a.len() + 2) + 1
    }

    /// [`ClientFirstFields::read`], for a reader that only asks whether
    /// the bytes have the shape.
    pub(crate) fn parse(bytes: &'a [u8]) -> Option<Self> {
        Self::read(bytes).ok()
    }

    /// The layout, for `mechanism`.
    pub(crate) fn layout(&self, mechanism: &'static str) -> Layout {
        self.gs2
            .layout(Layout::new(mechanism))
            .literal(b"n=")
            .field(Field::text("username", "USER", self.username))
            .literal(b",r=")
            .field(Field::text("nonce", "NONCE", self.nonce))
            .literal(self.extensions)
    }
}

/// client-final (RFC 5802 section 7), borrowed from its bytes:
/// `c=CBIND,r=NONCE[,extensions],p=PROOF`.
pub(crate) struct ClientFinalFields<'a> {
    /// The base64 of the GS2 header (and channel binding data).
    pub channel_binding: &'a [u8],
    /// The combined nonce.
    pub nonce: &'a [u8],
    /// What follows the nonce before `,p=`, from its `,` on, or nothing.
    pub extensions: &'a [u8],
    /// The proof, in base64.
    pub proof: &'a [u8],
}

impl<'a> ClientFinalFields<'a> {
    /// Reads a message of this shape (the proof is after the last
    /// `,p=`), or says which rule of RFC 5802 section 7 it breaks: the one
    /// reading of client-final, for `decode`, `--explain` and the server.
    pub(crate) fn read(bytes: &'a [u8]) -> Result<Self, &'static str> {
        const PROOF: &str = "client-final ends with p=PROOF (RFC 5802 section 7)";
        let rest = bytes
            .strip_prefix(b"c=")
            .ok_or("client-final starts with c=, the base64 of the GS2 header")?;
        let comma = rest.iter().position(|&b| b == b',').ok_or(PROOF)?;
        let (channel_binding, rest) = (
            &rest[..comma],
            rest[comma..]
                .strip_prefix(b",r=")
                .ok_or("client-final has r=NONCE after c= (RFC 5802 section 7)")?,
        );
        let p = rest.windows(3).rposition(|w| w == b",p=").ok_or(PROOF)?;
        let (middle, proof) = (&rest[..p], &rest[p + 3..]);
        if proof.contains(&b',') {
            return Err(PROOF);
        }
        if middle.windows(3).any(|w| w == b",p=") {
            return Err("client-final has one p=, at its end (RFC 5802 section 7)");
        }
        let end = middle
            .iter()
            .position(|&b| b == b',')
            .unwrap_or(middle.len());
        Ok(ClientFinalFields {
            channel_binding,
            nonce: &middle[..end],
            extensions: &middle[end..],
            proof,
        })
    }

    /// [`ClientFinalFields::read`], for a reader that only asks whether
    /// the bytes have the shape.
    pub(crate) fn parse(bytes: &'a [u8]) -> Option<Self> {
        Self::read(bytes).ok()
    }

    /// The message without `,p=PROOF`: the part the proof signs (RFC 5802
    /// section 3, client-final-message-without-proof).
    pub(crate) fn without_proof(&self, message: &'a [u8]) -> &'a [u8] {
        &message[..message.len() - self.proof.len() - 3]
    }

    /// The layout, for `mechanism`; the proof a secret. `c=` decoded in
    /// notes: the GS2 header and the binding data.
    pub(crate) fn layout(&self, mechanism: &'static str) -> Layout {
        let notes = std::str::from_utf8(self.channel_binding)
            .ok()
            .and_then(|c| encoding::decode("c", c).ok())
            .map(|input| crate::mech::gs2::cbind_input_notes(&input))
            .unwrap_or_else(|| vec!["c= is not base64 (RFC 5802 section 7)".to_owned()]);
        let layout = Layout::new(mechanism)
            .literal(b"c=")
            .field(Field::text(
                "channel-binding",
                "CBIND",
                self.channel_binding,
            ))
            .literal(b",r=")
            .field(Field::text("nonce", "NONCE", self.nonce))
            .literal(self.extensions)
            .literal(b",p=")
            .field(Field::secret("proof", "PROOF", self.proof));
        notes.into_iter().fold(layout, Layout::note)
    }
}

/// client-first, where the bytes have its shape (for decode).
pub(crate) fn recognise_client_first(
    bytes: &[u8],
    mechanism: &'static str,
) -> Option<(&'static str, Layout)> {
    let fields = ClientFirstFields::parse(bytes)?;
    Some(("client-first message", fields.layout(mechanism)))
}

/// client-final, where the bytes have its shape (for decode).
pub(crate) fn recognise_client_final(bytes: &[u8]) -> Option<(&'static str, Layout)> {
    let fields = ClientFinalFields::parse(bytes)?;
    Some(("client-final message", fields.layout("SCRAM")))
}

/// A SCRAM server message, `k=value` pairs split on commas.
pub(crate) fn server_layout(bytes: &[u8]) -> Layout {
    let mut layout = Layout::new("SCRAM");
    for (i, pair) in bytes.split(|&b| b == b',').enumerate() {
        if i > 0 {
            layout = layout.literal(b",");
        }
        let (key, value) = match pair.get(1) {
            Some(b'=') => (&pair[..2], &pair[2..]),
            _ => (&pair[..0], pair),
        };
        let (name, var) = match key {
            b"r=" => ("nonce", "NONCE"),
            b"s=" => ("salt", "SALT"),
            b"i=" => ("iteration-count", "ITERATIONS"),
            b"v=" => ("verifier", "VERIFIER"),
            b"e=" => ("server-error", "ERROR"),
            _ => ("extension", "EXTENSION"),
        };
        // The server signature, with the salt, the count and both nonces,
        // lets a password guess be checked offline: masked like the
        // client proof.
        let field = match key {
            b"v=" => Field::secret(name, var, value),
            _ => Field::text(name, var, value),
        };
        layout = layout.literal(key).field(field);
    }
    layout
}

pub(crate) struct CheckedClientFirst {
    pub(crate) gs2_header: Vec<u8>,
    /// The GS2 flag: `n`, `y` or `p=NAME`.
    pub(crate) flag: Vec<u8>,
    pub(crate) authzid: Option<String>,
    pub(crate) bare: String,
    pub(crate) user: String,
    pub(crate) nonce: String,
}

/// client-first as a server takes it: [`ClientFirstFields::read`], then
/// what RFC 5802 section 7 requires of its form: UTF-8, a user name in
/// `saslname` form and a nonce of printable ASCII. The GS2 flag is the
/// server step's to judge against what it offered.
pub(crate) fn parse_client_first(message: &[u8]) -> Result<CheckedClientFirst, String> {
    std::str::from_utf8(message).map_err(|_| "client-first is not UTF-8".to_owned())?;
    let fields = ClientFirstFields::read(message)?;
    let (header, bare) = message.split_at(fields.header_len());
    let authzid = fields.gs2.authzid_name()?;
    if fields.nonce.is_empty()
        || !fields
            .nonce
            .iter()
            .all(|&b| (0x21..=0x7e).contains(&b) && b != b',')
    {
        return Err("the client nonce is empty or has characters outside printable ASCII".into());
    }
    // UTF-8 as a whole, so each part cut at an ASCII comma is too.
    let text = |part: &[u8]| String::from_utf8_lossy(part).into_owned();
    Ok(CheckedClientFirst {
        gs2_header: header.to_vec(),
        flag: fields.gs2.flag.to_vec(),
        authzid,
        bare: text(bare),
        user: crate::mech::gs2::unescape_saslname(&text(fields.username))?,
        nonce: text(fields.nonce),
    })
}

/// The shape of client-first, for a message that does not fit it.
pub(crate) const SHAPE: &str = "a GS2 header, then n=USER,r=NONCE, RFC 5802 section 7";

/// RFC 5802 section 7: server-first `r=NONCE,s=SALT,i=COUNT`, or
/// server-final `v=...` / `e=...`.
pub(crate) fn recognise_server(bytes: &[u8]) -> Option<(&'static str, Layout)> {
    if bytes.starts_with(b"r=")
        && bytes.windows(3).any(|w| w == b",s=")
        && bytes.windows(3).any(|w| w == b",i=")
    {
        Some(("server-first message", server_layout(bytes)))
    } else if bytes.starts_with(b"v=") || bytes.starts_with(b"e=") {
        Some(("server-final message", server_layout(bytes)))
    } else {
        None
    }
}
