//! What was said, safe to paste into a bug report: every line marked as
//! the client's (`C:`) or the server's (`S:`), server text escaped, every
//! base64 payload decoded beside its line, and every secret masked with
//! its length unless `--show-secrets`. The base64 of a message that holds a
//! secret is masked too: it is the secret, only encoded. And since a server
//! may echo the client's line back (`501 cannot decode AUTH PLAIN
//! AHVzZXIAcGVuY2ls`), every secret-bearing string the client sent is
//! masked wherever it reappears in server text too ([`Transcript::mask`]).

use zeroize::Zeroizing;

use crate::decode;
use crate::encoding;
use crate::field::escape;
use crate::layout::{Field, Layout, Segment, MASK};
use crate::show::Secrets;

pub use crate::show::MIN_MASKED_LEN;

/// Who said a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    /// The client (saslenc).
    Client,
    /// The server.
    Server,
    /// saslenc's own remark (TLS started, mechanism chosen, a warning).
    Note,
}

impl Speaker {
    /// `C`, `S` or `*`.
    pub fn mark(self) -> &'static str {
        match self {
            Speaker::Client => "C",
            Speaker::Server => "S",
            Speaker::Note => "*",
        }
    }
}

/// One line of the transcript, already made safe to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Who said it.
    pub speaker: Speaker,
    /// The line as sent, escaped; a secret-bearing base64 payload replaced
    /// by a mask.
    pub text: String,
    /// The payload decoded, escaped, secrets masked (with `--show-secrets`,
    /// shown).
    pub decoded: Option<String>,
    /// What the payload is ("PLAIN credentials", "server-first message").
    pub what: Option<String>,
}

/// A whole session's lines.
#[derive(Debug, Clone, Default)]
pub struct Transcript {
    /// In order.
    pub entries: Vec<Entry>,
    /// Whether secrets are shown.
    pub show_secrets: bool,
    /// Every secret the client sent, to mask wherever it reappears.
    secrets: Secrets,
    /// The server's latest lines in a row (an SMTP multi-line reply), as
    /// they came: a secret it wrapped across them is masked in each.
    reply: Vec<(usize, Zeroizing<Vec<u8>>)>,
}

/// The most lines of one reply searched together for a wrapped secret:
/// a 4 KiB token folded at 76 columns spans 54.
const MAX_WRAPPED_LINES: usize = 64;

/// The longest line searched together with its neighbours: a server that
/// folds its reply does so to keep lines short (RFC 5321 allows 512
/// octets), and the bound keeps the search of each new line near 64 KiB
/// however long the lines a hostile server sends.
const MAX_WRAPPED_LINE: usize = 1024;

/// Where the text of a server line begins: after an SMTP reply code
/// (`535-`, `535 `) and an enhanced status code (`5.7.8 `), if any.
fn reply_text_start(line: &[u8]) -> usize {
    let code = match line {
        [a, b, c, b' ' | b'-', ..] if [a, b, c].iter().all(|d| d.is_ascii_digit()) => 4,
        _ => return 0,
    };
    let rest = &line[code..];
    let status = rest.iter().position(|&b| b == b' ').filter(|&end| {
        let parts: Vec<&[u8]> = rest[..end].split(|&b| b == b'.').collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| (1..=3).contains(&p.len()) && p.iter().all(u8::is_ascii_digit))
    });
    code + status.map_or(0, |end| end + 1)
}

impl Transcript {
    /// An empty transcript.
    pub fn new(show_secrets: bool) -> Self {
        Transcript {
            entries: Vec::new(),
            show_secrets,
            secrets: Secrets::new(show_secrets),
            reply: Vec::new(),
        }
    }

    /// `text` (server text, escaped) shown through the boundary
    /// ([`crate::show`]): every secret the client has sent so far masked in
    /// every form (the base64 of a message that holds a secret, the message
    /// itself, each secret as text, hex and base64), then escaped, then
    /// truncated. With `--show-secrets`, nothing is masked.
    pub fn mask(&self, text: &str) -> String {
        self.secrets.text(text).into_string()
    }

    /// The secrets the client sent, for whatever else is shown of the
    /// session (a verdict, an error).
    pub fn secrets(&self) -> &Secrets {
        &self.secrets
    }

    /// Remembers a secret given for the session (a password, a token), so
    /// that it is masked wherever a peer echoes it.
    pub fn add_secret(&mut self, secret: &[u8]) {
        self.secrets.add(secret);
    }

    /// Remembers the secret-bearing strings of a message sent as `base64`,
    /// with `--show-secrets` too: what goes back to a peer (serve's
    /// diagnosis in a reply) is masked whatever the screen shows.
    fn remember(&mut self, base64: &str, layout: &Layout) {
        self.secrets.add(base64.as_bytes());
        self.secrets.add(&layout.bytes());
        let secrets = layout.fields().chain(&layout.inputs).filter(|f| f.secret);
        for field in secrets {
            self.secrets.add(&field.value);
        }
    }

    /// A line of the server's, escaped. Lines that follow each other are
    /// one reply: a secret the server wrapped across them is masked in
    /// each, and its pieces wherever they reappear.
    pub fn server(&mut self, line: &[u8]) {
        let index = self.entries.len();
        if line.len() > MAX_WRAPPED_LINE
            || self.reply.last().is_none_or(|(last, _)| last + 1 != index)
        {
            self.reply.clear();
        }
        if self.reply.len() == MAX_WRAPPED_LINES {
            self.reply.remove(0);
        }
        if line.len() <= MAX_WRAPPED_LINE {
            self.reply.push((index, Zeroizing::new(line.to_vec())));
        }
        let text = self.secrets.bytes(line).into_string();
        self.push(Speaker::Server, text, None, None);
        if self.reply.len() < 2 || self.show_secrets {
            return;
        }
        let lines: Vec<&[u8]> = self.reply.iter().map(|(_, line)| &line[..]).collect();
        let starts: Vec<usize> = lines.iter().map(|line| reply_text_start(line)).collect();
        let (shown, pieces) = self.secrets.wrapped(&lines, &starts);
        for ((index, _), shown) in self.reply.iter().zip(shown) {
            self.entries[*index].text = shown.into_string();
        }
        for piece in pieces {
            self.secrets.add(&piece);
        }
    }

    /// A line of the server's that carries a challenge (`payload`, before
    /// base64), decoded with the decode machinery.
    pub fn server_challenge(&mut self, line: &[u8], payload: &[u8]) {
        let decoded = decode::server_message(payload);
        if decoded.layout.fields().any(|f| f.secret) {
            // A SCRAM server signature: its base64 on the line is masked too.
            self.remember(&encoding::encode(payload), &decoded.layout);
        }
        let what = describe_what(decoded.mechanism.as_deref(), &decoded.what);
        let text = self.mask(&decoded_text(&decoded.layout, self.show_secrets));
        let line = self.secrets.bytes(line).into_string();
        self.push(Speaker::Server, line, Some(text), Some(what));
    }

    /// A client line that holds no secret.
    pub fn client(&mut self, line: &str) {
        self.client_bytes(line.as_bytes());
    }

    /// A client line as the bytes that came, escaped (never made UTF-8
    /// with replacement characters), with every known secret masked.
    pub fn client_bytes(&mut self, line: &[u8]) {
        let text = self.secrets.bytes(line).into_string();
        self.push(Speaker::Client, text, None, None);
    }

    /// A client line that no grammar accepts, shown by its shape only: it
    /// may be a credential sent at the wrong moment.
    pub fn client_shape(&mut self, line: &[u8]) {
        let text = self.secrets.shape(line).into_string();
        self.push(Speaker::Client, text, None, None);
    }

    /// A client line `prefix` + base64 of the message described by
    /// `layout`. The base64 is masked when the message holds a secret.
    pub fn client_message(&mut self, prefix: &str, base64: &str, layout: &Layout) {
        let secret = layout.fields().any(|f| f.secret);
        if secret {
            self.remember(base64, layout);
        }
        let shown = if secret && !self.show_secrets {
            format!("{MASK} ({} base64 characters, masked)", base64.len())
        } else {
            base64.to_owned()
        };
        // The label without the challenge it answers: that is the line
        // just above.
        let label = layout.label.split(" (").next().unwrap_or_default();
        let what = describe_what(Some(layout.mechanism), label);
        let decoded = self.mask(&decoded_text(layout, self.show_secrets));
        self.push(
            Speaker::Client,
            format!("{}{shown}", escape(prefix.as_bytes())),
            Some(decoded),
            Some(what),
        );
    }

    /// A remark of saslenc's.
    pub fn note(&mut self, text: impl Into<String>) {
        self.push(Speaker::Note, text.into(), None, None);
    }

    fn push(
        &mut self,
        speaker: Speaker,
        text: String,
        decoded: Option<String>,
        what: Option<String>,
    ) {
        self.entries.push(Entry {
            speaker,
            text,
            decoded,
            what,
        });
    }

    /// The transcript as text, one `C:` / `S:` / `*` line each, with the
    /// decoded payload on the next line, indented.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for entry in &self.entries {
            entry.render_to(&mut out);
        }
        out
    }

    /// A client line that carries a secret as plain text, not base64
    /// (IMAP `LOGIN user password`, POP3 `PASS password`): `prefix`, then
    /// the secret masked, and the secret remembered for masking.
    pub fn client_secret(&mut self, prefix: &str, secret: &[u8]) {
        let layout = Layout::new("").field(Field::secret("password", "PASS", secret));
        self.remember(&encoding::encode(secret), &layout);
        let shown = if self.show_secrets {
            escape(secret)
        } else {
            MASK.to_owned()
        };
        let text = format!("{}{shown}", escape(prefix.as_bytes()));
        self.push(Speaker::Client, text, None, None);
    }
}

impl Entry {
    /// The entry as the transcript shows it: `C: `, `S: ` or `*: ` and
    /// the line, then the decoded payload on a line of its own.
    pub fn render_to(&self, out: &mut String) {
        out.push_str(self.speaker.mark());
        out.push_str(": ");
        out.push_str(&self.text);
        out.push('\n');
        if let Some(decoded) = &self.decoded {
            out.push_str("   = ");
            out.push_str(if decoded.is_empty() {
                "(empty)"
            } else {
                decoded
            });
            if let Some(what) = &self.what {
                out.push_str("  [");
                out.push_str(what);
                out.push(']');
            }
            out.push('\n');
        }
    }
}

fn describe_what(mechanism: Option<&str>, what: &str) -> String {
    match mechanism {
        Some(m) if !m.is_empty() => format!("{m} {what}"),
        _ => what.to_owned(),
    }
}

/// The layout escaped, each hidden secret as the mask and its length.
fn decoded_text(layout: &Layout, show_secrets: bool) -> String {
    let mut out = String::new();
    for segment in &layout.segments {
        match segment {
            Segment::Literal(bytes) => out.push_str(&escape(bytes)),
            Segment::Field(f) if f.secret && !show_secrets => {
                out.push_str(&format!("{MASK}({} {} bytes)", f.name, f.value.len()));
            }
            Segment::Field(f) => out.push_str(&escape(&f.value)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Field;

    fn plain() -> Layout {
        Layout::new("PLAIN")
            .literal(b"\0")
            .field(Field::text("authcid", "USER", "jörg".as_bytes()))
            .literal(b"\0")
            .field(Field::secret("passwd", "PASS", b"pencil"))
            .labelled("initial response")
    }

    #[test]
    fn secrets_and_their_base64_are_masked() {
        let mut t = Transcript::new(false);
        let layout = plain();
        let b64 = layout.base64();
        t.client_message("AUTH PLAIN ", &b64, &layout);
        let text = t.render();
        assert!(!text.contains("pencil"), "{text}");
        assert!(!text.contains(&*b64), "{text}");
        assert!(text.contains(r"\0jörg\0********(passwd 6 bytes)"), "{text}");
        let mut t = Transcript::new(true);
        t.client_message("AUTH PLAIN ", &b64, &layout);
        let text = t.render();
        assert!(
            text.contains(&*b64) && text.contains(r"\0jörg\0pencil"),
            "{text}"
        );
    }

    #[test]
    fn server_text_is_escaped() {
        let mut t = Transcript::new(false);
        t.server("220 hi \u{1b}[2J \u{202e}gnp.exe".as_bytes());
        let text = t.render();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202e}'),
            "{text}"
        );
        assert!(
            text.starts_with(r"S: 220 hi \x1b[2J \xe2\x80\xaegnp.exe"),
            "{text}"
        );
    }
}
