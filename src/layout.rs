//! The message model every mechanism shares: a client message described
//! once, as a [`Layout`] of [`Segment`]s, each either literal bytes the
//! mechanism fixes (`\0`, `,r=`, `\x01`) or a named [`Field`] the user
//! supplies, marked secret or not.
//!
//! Everything else is derived from that description, for every mechanism
//! alike: the escaped text ([`Layout::escaped`]), the masking of secrets,
//! the hex dump, the byte count and the base64 here; the `--explain`
//! report and the shell pipelines in [`crate::explain`].
//!
//! A mechanism takes part by implementing [`Explain`]: given one of its
//! messages, it returns the layout. [`explain_exchange`] does the rest.
//!
//! ```
//! use saslenc::layout::{Field, Layout};
//!
//! let layout = Layout::new("PLAIN")
//!     .field(Field::text("authzid", "AUTHZID", b""))
//!     .literal(b"\0")
//!     .field(Field::text("user", "USER", b"tim"))
//!     .literal(b"\0")
//!     .field(Field::secret("password", "PASS", b"tanstaaftanstaaf"));
//! assert_eq!(layout.escaped(false), r"\0tim\0********");
//! assert_eq!(layout.escaped(true), r"\0tim\0tanstaaftanstaaf");
//! assert_eq!(&*layout.base64(), "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
//! ```

use std::fmt::Write as _;

use zeroize::Zeroizing;

use crate::encoding;
use crate::field::escape;
use crate::mech::Messages;

/// What a masked secret looks like, whatever its length.
pub const MASK: &str = "********";

/// One value the user supplies (or that is computed from what they
/// supply), with its place in the shell pipeline.
pub struct Field {
    /// The field's name as the RFC calls it, for display (`"user"`).
    pub name: &'static str,
    /// The shell variable that holds it in the pipeline (`"USER"`).
    pub var: &'static str,
    /// The bytes.
    pub value: Zeroizing<Vec<u8>>,
    /// Masked in every output unless secrets are asked for: passwords,
    /// tokens, proofs, digests.
    pub secret: bool,
    /// For a value computed from other variables (a CRAM-MD5 digest), the
    /// POSIX shell command whose output is the value, used inside `$(...)`.
    pub derive: Option<String>,
}

impl Field {
    /// A field that may be shown.
    pub fn text(name: &'static str, var: &'static str, value: &[u8]) -> Self {
        Field {
            name,
            var,
            value: Zeroizing::new(value.to_vec()),
            secret: false,
            derive: None,
        }
    }

    /// A field that is masked unless secrets are asked for.
    pub fn secret(name: &'static str, var: &'static str, value: &[u8]) -> Self {
        Field {
            secret: true,
            ..Field::text(name, var, value)
        }
    }

    /// Marks this field as computed by `command` from other variables.
    pub fn derived(mut self, command: impl Into<String>) -> Self {
        self.derive = Some(command.into());
        self
    }

    /// The value as [`escape`] shows it, or [`MASK`] for a hidden secret.
    pub fn display(&self, show_secrets: bool) -> String {
        if self.secret && !show_secrets {
            MASK.to_owned()
        } else {
            escape(&self.value)
        }
    }
}

/// A GS2 `saslname` (RFC 5801 section 4, RFC 5802 section 5.1) as it
/// stands in a message: `raw` with `,` as `=2C` and `=` as `=3D`.
///
/// The pipeline derives it with `sed` from the variable `raw_var`, which
/// the caller adds as an input holding `raw`. `$(...)` strips trailing line
/// ends, so text with a line end is given already escaped instead.
///
/// ```
/// use saslenc::layout::{saslname, Field, Layout};
/// let layout = Layout::new("OAUTHBEARER")
///     .input(Field::text("user", "USER", b"a,b=c"))
///     .literal(b"n,a=")
///     .field(saslname("authzid", "AUTHZID", "USER", "a,b=c"))
///     .literal(b",");
/// assert_eq!(&layout.bytes()[..], b"n,a=a=2Cb=3Dc,");
/// assert!(layout.shell(false).assignments[1].contains("sed"));
/// ```
pub fn saslname(name: &'static str, var: &'static str, raw_var: &str, raw: &str) -> Field {
    let field = Field::text(name, var, crate::field::saslname(raw).as_bytes());
    if raw.contains('\n') {
        field
    } else {
        // `=` first, so that the `=` of `=2C` is not escaped again.
        field.derived(format!(
            r#"printf '%s' "${raw_var}" | sed -e 's/=/=3D/g' -e 's/,/=2C/g'"#
        ))
    }
}

/// One piece of a message.
pub enum Segment {
    /// Bytes the mechanism fixes (or, for a message of no known shape,
    /// the whole message, which may hold a secret: zeroized on drop too).
    Literal(Zeroizing<Vec<u8>>),
    /// A value the user supplies.
    Field(Field),
}

/// A client message described as literal bytes and named fields.
pub struct Layout {
    /// The mechanism's registered name.
    pub mechanism: &'static str,
    /// Which message of the exchange this is ("initial response", ...).
    pub label: String,
    /// The message, in order.
    pub segments: Vec<Segment>,
    /// Values the pipeline needs that are not part of the message (the
    /// CRAM-MD5 challenge and password, from which the digest is derived).
    pub inputs: Vec<Field>,
    /// Remarks the report prints after the fields: how a value that the
    /// shell cannot compute came about, what an empty message is sent as.
    pub notes: Vec<String>,
}

impl Layout {
    /// An empty layout for `mechanism`.
    pub fn new(mechanism: &'static str) -> Self {
        Layout {
            mechanism,
            label: String::new(),
            segments: Vec::new(),
            inputs: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Appends bytes the mechanism fixes (merged with a literal before it).
    pub fn literal(mut self, bytes: &[u8]) -> Self {
        if let Some(Segment::Literal(last)) = self.segments.last_mut() {
            last.extend_from_slice(bytes);
        } else if !bytes.is_empty() {
            self.segments
                .push(Segment::Literal(Zeroizing::new(bytes.to_vec())));
        }
        self
    }

    /// Appends a field.
    pub fn field(mut self, field: Field) -> Self {
        self.segments.push(Segment::Field(field));
        self
    }

    /// Adds a value the pipeline needs outside the message.
    pub fn input(mut self, field: Field) -> Self {
        self.inputs.push(field);
        self
    }

    /// Adds a remark for the report.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the label.
    pub fn labelled(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Replaces the field called `name` with what `change` makes of it
    /// (a value the pipeline derives, another variable name). Other
    /// fields and the bytes stay as they are, as long as `change` keeps
    /// the value.
    pub(crate) fn map_field(mut self, name: &str, change: impl FnOnce(Field) -> Field) -> Self {
        let at = self
            .segments
            .iter()
            .position(|s| matches!(s, Segment::Field(f) if f.name == name));
        if let Some(at) = at {
            let Segment::Field(field) = self.segments.remove(at) else {
                unreachable!("the position of a field")
            };
            self.segments.insert(at, Segment::Field(change(field)));
        }
        self
    }

    /// Makes the field called `name` literal bytes: a value the
    /// mechanism fixes in the messages it builds (a GS2 flag of `n`),
    /// though a message read from elsewhere may hold another.
    pub(crate) fn fixed(self, name: &str) -> Self {
        let Layout {
            mechanism,
            label,
            segments,
            inputs,
            notes,
        } = self;
        let mut layout = Layout {
            mechanism,
            label,
            segments: Vec::with_capacity(segments.len()),
            inputs,
            notes,
        };
        for segment in segments {
            layout = match segment {
                Segment::Field(f) if f.name == name => layout.literal(&f.value),
                Segment::Field(f) => layout.field(f),
                Segment::Literal(bytes) => layout.literal(&bytes),
            };
        }
        layout
    }

    /// The fields of the message, in order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Field(f) => Some(f),
            Segment::Literal(_) => None,
        })
    }

    /// The message bytes.
    pub fn bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(self.len()));
        for segment in &self.segments {
            match segment {
                Segment::Literal(bytes) => out.extend_from_slice(bytes),
                Segment::Field(f) => out.extend_from_slice(&f.value),
            }
        }
        out
    }

    /// The message length in bytes.
    pub fn len(&self) -> usize {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Literal(bytes) => bytes.len(),
                Segment::Field(f) => f.value.len(),
            })
            .sum()
    }

    /// Whether the message is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The message's base64, as sent (empty for an empty message).
    pub fn base64(&self) -> Zeroizing<String> {
        encoding::encode(&self.bytes())
    }

    /// The message as [`escape`] shows it, each hidden secret as [`MASK`].
    pub fn escaped(&self, show_secrets: bool) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            match segment {
                Segment::Literal(bytes) => out.push_str(&escape(bytes)),
                Segment::Field(f) => out.push_str(&f.display(show_secrets)),
            }
        }
        out
    }

    /// Each byte with whether it belongs to a hidden secret.
    fn masked_bytes(&self, show_secrets: bool) -> Vec<(u8, bool)> {
        let mut out = Vec::with_capacity(self.len());
        for segment in &self.segments {
            match segment {
                Segment::Literal(bytes) => out.extend(bytes.iter().map(|&b| (b, false))),
                Segment::Field(f) => {
                    let hide = f.secret && !show_secrets;
                    out.extend(f.value.iter().map(|&b| (if hide { 0 } else { b }, hide)));
                }
            }
        }
        out
    }

    /// The bytes as one lower-case hex string, each byte of a hidden secret
    /// as `**`.
    pub fn hex(&self, show_secrets: bool) -> String {
        let mut out = String::with_capacity(self.len() * 2);
        for (byte, hidden) in self.masked_bytes(show_secrets) {
            if hidden {
                out.push_str("**");
            } else {
                let _ = write!(out, "{byte:02x}");
            }
        }
        out
    }

    /// A hex dump in the layout of `xxd`/`hexdump -C`: offset, 16 bytes in
    /// hex, the same bytes as ASCII (`.` for the rest); a hidden secret's
    /// bytes are `**` and `*`.
    pub fn hex_dump(&self, show_secrets: bool) -> String {
        let bytes = self.masked_bytes(show_secrets);
        let mut out = String::new();
        for (row, chunk) in bytes.chunks(16).enumerate() {
            let _ = write!(out, "{:08x} ", row * 16);
            for (i, &(byte, hidden)) in chunk.iter().enumerate() {
                out.push_str(if i == 8 { "  " } else { " " });
                if hidden {
                    out.push_str("**");
                } else {
                    let _ = write!(out, "{byte:02x}");
                }
            }
            for i in chunk.len()..16 {
                out.push_str(if i == 8 { "    " } else { "   " });
            }
            out.push_str("  |");
            for &(byte, hidden) in chunk {
                out.push(match byte {
                    _ if hidden => '*',
                    0x20..=0x7e => char::from(byte),
                    _ => '.',
                });
            }
            out.push_str("|\n");
        }
        out
    }
}

/// A field for a display list: its escaped value or the mask with the
/// length, and `(empty)` for an empty one.
pub fn describe(field: &Field, show_secrets: bool) -> String {
    if field.value.is_empty() {
        "(empty)".to_owned()
    } else if field.secret && !show_secrets {
        format!("{MASK} ({} bytes)", field.value.len())
    } else {
        escape(&field.value)
    }
}

/// A mechanism that can describe its own messages for `--explain`.
///
/// This is all a new mechanism provides: for each client message of an
/// exchange, a [`Layout`] of literal bytes and named fields whose
/// [`Layout::bytes`] equal the message. Escaping, masking, the hex dump,
/// the base64 and the shell pipelines all follow from it.
pub trait Explain {
    /// Describes one client message of an exchange.
    fn layout(&self, step: &Step<'_>) -> Layout;
}

/// One client message of an exchange, as handed to [`Explain::layout`].
pub struct Step<'a> {
    /// Position among the client's messages: 0 is the initial response if
    /// there is one, otherwise the answer to the first challenge.
    pub index: usize,
    /// The decoded challenge this message answers; `None` for an initial
    /// response.
    pub challenge: Option<&'a [u8]>,
    /// The message bytes.
    pub message: &'a [u8],
}

/// The labelled [`Layout`] of one client message; `challenge_number`
/// counts the challenges answered so far, this one included (unused for
/// an initial response). The label says where the message stands, after
/// the name the mechanism gave it if any ("client-first"). An empty
/// message gets a note on how it is sent.
pub fn explain_step<E: Explain + ?Sized>(
    mechanism: &E,
    step: &Step<'_>,
    challenge_number: usize,
) -> Layout {
    let layout = mechanism.layout(step);
    let position = match step.challenge {
        None => "initial response".to_owned(),
        Some(challenge) => format!(
            "response to challenge {challenge_number} ({})",
            escape(challenge)
        ),
    };
    let layout = if layout.label.is_empty() {
        layout.labelled(position)
    } else {
        let label = format!("{}, {position}", layout.label);
        layout.labelled(label)
    };
    match (step.message.is_empty(), step.challenge) {
        (false, _) => layout,
        (true, None) => layout.note(
            "the message is empty: it is sent as \"=\", which stands for an empty initial \
             response (RFC 4954 section 4); the pipeline below prints nothing",
        ),
        (true, Some(_)) => layout.note(
            "the message is empty: it is sent as an empty line; the pipeline below prints nothing",
        ),
    }
}

/// One labelled [`Layout`] for each client message of `exchange`, whose
/// responses answered `challenges` in order.
///
/// ```
/// use saslenc::layout::explain_exchange;
/// use saslenc::mech::{Messages, Plain};
/// let mut plain = Plain::new("", "u", "p", Default::default()).unwrap();
/// let exchange = Messages::run(&mut plain, &[]).unwrap();
/// let layouts = explain_exchange(&plain, &exchange, &[]);
/// assert_eq!(layouts[0].escaped(false), r"\0u\0********");
/// assert_eq!(&layouts[0].bytes()[..], b"\0u\0p");
/// ```
pub fn explain_exchange(
    mechanism: &dyn Explain,
    exchange: &Messages,
    challenges: &[&[u8]],
) -> Vec<Layout> {
    let initial = exchange.initial.iter().map(|message| (None, message));
    let responses = exchange.responses.iter().enumerate().map(|(n, message)| {
        (
            Some(challenges.get(n).copied().unwrap_or_default()),
            message,
        )
    });
    initial
        .chain(responses)
        .enumerate()
        .map(|(index, (challenge, message))| {
            let step = Step {
                index,
                challenge,
                message,
            };
            let number = index + 1 - usize::from(exchange.initial.is_some());
            explain_step(mechanism, &step, number)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_shows_every_byte_once() {
        assert_eq!(escape(b"a\x001"), r"a\01");
        assert_eq!(escape(b"\x7f\x1b\r\n\t"), r"\x7f\x1b\x0d\x0a\x09");
        assert_eq!(escape("a\u{200b}b".as_bytes()), r"a\xe2\x80\x8bb");
        assert_eq!(escape(b"\xff\xfe"), r"\xff\xfe");
        assert_eq!(escape(b"\\0"), r"\\0");
    }
}
