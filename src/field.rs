//! Checks and conversions shared by every mechanism's fields.

use std::fmt::Write as _;
use zeroize::Zeroizing;

use crate::Error;

/// The character set fields are sent in.
///
/// SASL mechanisms send UTF-8 (RFC 4616 section 2, RFC 4422 section 4).
/// Some legacy servers compare against passwords stored in ISO-8859-1;
/// [`Charset::Latin1`] transcodes for them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Charset {
    /// UTF-8, as the RFCs require.
    #[default]
    Utf8,
    /// ISO-8859-1: each character U+0000..=U+00FF becomes one byte of the
    /// same value. (Not windows-1252, which the WHATWG encoding standard
    /// calls "latin1" and which differs in 0x80..=0x9F.)
    Latin1,
}

impl Charset {
    /// Encodes `text` in this character set. A character that ISO-8859-1
    /// cannot hold is an error naming `field` and the character's position,
    /// never a silent `?`.
    pub fn encode(self, field: &'static str, text: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
        match self {
            Charset::Utf8 => Ok(Zeroizing::new(text.as_bytes().to_vec())),
            Charset::Latin1 => {
                let mut out = Zeroizing::new(Vec::with_capacity(text.len()));
                for (position, c) in text.chars().enumerate() {
                    match u8::try_from(u32::from(c)) {
                        Ok(byte) => out.push(byte),
                        Err(_) => return Err(Error::NotLatin1 { field, position }),
                    }
                }
                Ok(out)
            }
        }
    }
}

/// `bytes` as UTF-8 text, or an error naming `field` and the offset of the
/// first invalid sequence.
pub fn utf8<'a>(field: &'static str, bytes: &'a [u8]) -> Result<&'a str, Error> {
    std::str::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        field,
        offset: e.valid_up_to(),
    })
}

/// Fails when `bytes` holds a NUL: `mechanism` separates fields with NUL,
/// or servers read the field as a C string.
pub fn no_nul(field: &'static str, bytes: &[u8], mechanism: &'static str) -> Result<(), Error> {
    match bytes.iter().position(|&b| b == 0) {
        Some(offset) => Err(Error::Nul {
            field,
            offset,
            mechanism,
        }),
        None => Ok(()),
    }
}

/// Why no mechanism takes an empty password: RFC 4616 requires one for
/// PLAIN, OAuth tokens are at least one character (RFC 6750), and for
/// LOGIN, CRAM-MD5 and SCRAM an empty secret nearly always means the
/// source was wrong (an empty file or variable, a closed pipe), which is
/// better said than sent.
pub const EMPTY_SECRET_RULE: &str = "saslenc refuses an empty password for every mechanism \
     (RFC 4616 requires one for PLAIN; for the others it is nearly always an empty file, \
     variable or pipe)";

/// Fails when `bytes` is empty; `rule` says why it must not be.
pub fn non_empty(field: &'static str, bytes: &[u8], rule: &'static str) -> Result<(), Error> {
    if bytes.is_empty() {
        Err(Error::Empty { field, rule })
    } else {
        Ok(())
    }
}

/// Fails at the first byte for which `forbidden` holds; `rule` says why.
pub fn forbid(
    field: &'static str,
    bytes: &[u8],
    forbidden: impl Fn(u8) -> bool,
    rule: &'static str,
) -> Result<(), Error> {
    match bytes.iter().position(|&b| forbidden(b)) {
        Some(offset) => Err(Error::Forbidden {
            field,
            offset,
            rule,
        }),
        None => Ok(()),
    }
}

/// A name as a GS2 / SCRAM `saslname` (RFC 5801 section 4, RFC 5802
/// section 5.1): `,` becomes `=2C` and `=` becomes `=3D`, each character
/// escaped exactly once.
///
/// ```
/// assert_eq!(saslenc::field::saslname("a,b=c"), "a=2Cb=3Dc");
/// assert_eq!(saslenc::field::saslname("=2C"), "=3D2C");
/// ```
pub fn saslname(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            ',' => out.push_str("=2C"),
            '=' => out.push_str("=3D"),
            c => out.push(c),
        }
    }
    out
}

/// Prepares `text` with SASLprep (RFC 4013). Refusals name the rule and
/// the character position, never the character.
pub fn saslprep(field: &'static str, text: &str) -> Result<Zeroizing<String>, Error> {
    match stringprep::saslprep(text) {
        Ok(std::borrow::Cow::Borrowed(same)) => Ok(Zeroizing::new(same.to_owned())),
        // Moved, not copied: the mapped text is zeroized with the wrapper.
        Ok(std::borrow::Cow::Owned(mapped)) => Ok(Zeroizing::new(mapped)),
        Err(err) => {
            // The crate's message quotes the offending character, which may
            // be part of a password: only its kind is reported, and the
            // position is found by preparing each character alone.
            let message = Zeroizing::new(err.to_string());
            let reason = if message.starts_with("prohibited character") {
                let position = text.chars().position(|c| {
                    let mut buf = [0u8; 4];
                    stringprep::saslprep(c.encode_utf8(&mut buf)).is_err()
                });
                match position {
                    Some(p) => format!(
                        "prohibited character at character position {p} (RFC 4013 section 2.3)"
                    ),
                    None => "prohibited character (RFC 4013 section 2.3)".to_owned(),
                }
            } else if message.starts_with("prohibited bidirectional") {
                "mixed right-to-left and left-to-right text (RFC 4013 section 2.4, RFC 3454 section 6)".to_owned()
            } else if message.starts_with("starts with combining") {
                "starts with a combining character".to_owned()
            } else if message.starts_with("empty") {
                "nothing is left after mapping (RFC 4013 section 2.1)".to_owned()
            } else {
                "refused".to_owned()
            };
            Err(Error::SaslPrep { field, reason })
        }
    }
}

/// The most bytes of a server's text that a note or an error message
/// echoes. A real reply text fits in a line of a terminal; a hostile
/// server's megabyte would bury everything else.
pub const MAX_ECHO: usize = 200;

/// Server text made safe to show on a terminal: every byte visible as
/// [`escape`] shows it (control characters, bidirectional
/// overrides and isolates such as U+202E, other invisible characters and
/// invalid UTF-8 as `\xHH`), so that a hostile server can neither send
/// terminal escape sequences through saslenc nor make its text read
/// backwards; past [`MAX_ECHO`] bytes it is cut, and the cut said so.
///
/// ```
/// assert_eq!(saslenc::field::printable(b"ok \x1b[2J\x01"), r"ok \x1b[2J\x01");
/// assert_eq!(saslenc::field::printable("a\u{202e}b".as_bytes()), r"a\xe2\x80\xaeb");
/// let long = saslenc::field::printable(&[b'a'; 1000]);
/// assert!(long.ends_with("... (1000 bytes in all)"), "{long}");
/// ```
pub fn printable(bytes: &[u8]) -> String {
    if bytes.len() <= MAX_ECHO {
        return escape(bytes);
    }
    // Cut at a character boundary where one is near, so that the cut
    // does not turn a character into escapes.
    let mut cut = MAX_ECHO;
    while cut > MAX_ECHO - 3 && cut < bytes.len() && (bytes[cut] & 0xc0) == 0x80 {
        cut -= 1;
    }
    format!(
        "{}... ({} bytes in all)",
        escape(&bytes[..cut]),
        bytes.len()
    )
}

/// Where a peer's bytes start inside a message ([`peer`]); never shown.
pub const PEER_START: char = '\u{e000}';
/// Where a peer's bytes end inside a message ([`peer`]); never shown.
pub const PEER_END: char = '\u{e001}';

/// A peer's bytes (a server's reply, a client's line) for a message of the
/// library's, written with [`escape`] between [`PEER_START`] and
/// [`PEER_END`]. The boundary for what is shown ([`crate::show`]) masks
/// every secret in the whole message first, then cuts each such span past
/// [`MAX_ECHO`] bytes, saying so, and drops the marks. A peer cannot make
/// the marks itself: [`escape`] writes every private-use character as
/// `\xHH`.
///
/// ```
/// let text = format!("refused: {}", saslenc::field::peer(b"535 no\x1b"));
/// let shown = saslenc::show::Secrets::default().text(&text);
/// assert_eq!(shown.as_str(), r"refused: 535 no\x1b");
/// ```
pub fn peer(bytes: &[u8]) -> String {
    peer_escaped(&escape(bytes))
}

/// A peer's bytes already written with [`escape`], marked as [`peer`]
/// marks them.
pub fn peer_escaped(escaped: &str) -> String {
    let mut out = String::with_capacity(escaped.len() + 8);
    out.push(PEER_START);
    out.push_str(escaped);
    out.push(PEER_END);
    out
}

/// `bytes` [`escape`]d and in double quotes, a quote inside written
/// `\"`: a name quoted in a message cannot close its quotes early and
/// make what follows look like the message's own words.
pub fn quoted(bytes: &[u8]) -> String {
    format!("\"{}\"", escape(bytes).replace('"', "\\\""))
}

/// Bytes as text in which every byte is visible.
///
/// Printable UTF-8 is kept as is; NUL is `\0`; a backslash is `\\`; every
/// other control character (C0, DEL, C1), the invisible format characters
/// (zero-width spaces and joiners, the byte order mark, line and paragraph
/// separators, no-break and soft hyphen) and every byte that is not valid
/// UTF-8 is `\xHH`, one escape per byte. So `\0` is always exactly one NUL
/// byte, even when a digit follows it.
///
/// ```
/// use saslenc::field::escape;
/// assert_eq!(escape(b"\0u\0p\n"), r"\0u\0p\x0a");
/// assert_eq!(escape(b"user=a\x01auth"), r"user=a\x01auth");
/// assert_eq!(escape("pässwörd\\".as_bytes()), r"pässwörd\\");
/// assert_eq!(escape(b"p\xe4ss"), r"p\xe4ss");
/// ```
pub fn escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\0' => out.push_str("\\0"),
                '\\' => out.push_str("\\\\"),
                c if is_invisible(c) => {
                    let mut buf = [0u8; 4];
                    for byte in c.encode_utf8(&mut buf).bytes() {
                        let _ = write!(out, "\\x{byte:02x}");
                    }
                }
                c => out.push(c),
            }
        }
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
    out
}

/// Characters that print as nothing, or as something else: control
/// characters (ESC sequences, BEL, C1), invisible spaces and joiners, and
/// the bidirectional controls (U+202E turns the rest of a line around).
/// [`escape`] writes them as `\xHH`.
pub fn is_invisible(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    c.is_control()
        // Every format character (Cf): bidirectional controls, tags,
        // interlinear annotations, hieroglyph format controls.
        || c.general_category() == GeneralCategory::Format
        || matches!(
            c,
            '\u{00a0}' | '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}' | '\u{061c}' | '\u{feff}'
                // Private use: no agreed glyph, and the marks of `peer`.
                | '\u{e000}'..='\u{f8ff}'
                // The rest of Unicode's default-ignorable code points,
                // which show as nothing: the grapheme joiner, Hangul
                // fillers, variation selectors, musical format marks,
                // the tag and ignorable planes' ranges.
                | '\u{034f}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
                | '\u{180b}'..='\u{180f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}'
                | '\u{ffa0}' | '\u{fff0}'..='\u{fffb}' | '\u{1bca0}'..='\u{1bca3}'
                | '\u{1d173}'..='\u{1d17a}' | '\u{e0000}'..='\u{e0fff}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Characters that show as nothing are escaped: tags, format
    /// controls beyond the bidirectional ones, the grapheme joiner.
    #[test]
    fn what_shows_as_nothing_is_escaped() {
        for c in [
            '\u{e0041}',
            '\u{e0001}',
            '\u{206a}',
            '\u{fff9}',
            '\u{034f}',
            '\u{1d173}',
            '\u{13430}',
            '\u{fe0f}',
            '\u{3164}',
        ] {
            let text = format!("us{c}er");
            assert!(escape(text.as_bytes()).starts_with("us\\x"), "{c:?}");
        }
        assert_eq!(escape("jörg 名前".as_bytes()), "jörg 名前");
    }

    #[test]
    fn saslprep_maps_and_refuses_without_quoting() {
        // RFC 4013 section 3 examples.
        assert_eq!(&*saslprep("password", "I\u{00AD}X").unwrap(), "IX");
        assert_eq!(&*saslprep("password", "\u{00AA}").unwrap(), "a");
        assert_eq!(&*saslprep("password", "\u{2168}").unwrap(), "IX");
        let err = saslprep("password", "ab\u{0007}").unwrap_err();
        assert!(err.to_string().contains("position 2"), "{err}");
        assert!(!err.to_string().contains('\u{0007}'));
        assert!(saslprep("password", "\u{0627}1").is_err());
    }

    #[test]
    fn latin1_maps_each_character_to_its_code_point() {
        let bytes = Charset::Latin1.encode("password", "pässwörd").unwrap();
        assert_eq!(&bytes[..], b"p\xe4ssw\xf6rd");
    }

    #[test]
    fn latin1_refuses_what_it_cannot_hold() {
        let err = Charset::Latin1.encode("password", "ab€").unwrap_err();
        assert!(matches!(err, Error::NotLatin1 { position: 2, .. }), "{err}");
        assert!(!err.to_string().contains('€'));
    }

    #[test]
    fn utf8_reports_the_offset() {
        let err = utf8("user", b"ab\xffc").unwrap_err();
        assert!(matches!(err, Error::InvalidUtf8 { offset: 2, .. }), "{err}");
    }
}
