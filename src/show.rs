//! One boundary for everything saslenc shows: a transcript line, a
//! verdict, a diagnosis, an error message, a JSON string.
//!
//! A [`Secrets`] knows every secret of a run (the passwords and tokens it
//! was given, every credential a peer sent or echoed) and makes [`Shown`]
//! text from bytes or from text, always in the same order:
//!
//! 1. **mask**: each secret, in every form a peer may echo it, becomes
//!    [`MASK`]: raw, in either ASCII case, percent-encoded (`%41` or `%61`,
//!    `+` for a space), in lower- or upper-case hex (also in pairs with
//!    `:`, ` ` or `-` between them), quoted in a peer's own syntax (a
//!    backslash before quotes and backslashes, HTML's entities, JSON's
//!    `\uXXXX`, quoted-printable's `=XX`), in base64 with or
//!    without padding, in the URL-safe alphabet, at any alignment inside a
//!    longer base64 string, base64 twice, and as ISO-8859-1;
//! 2. **escape**: every control, format and bidirectional character and
//!    every byte that is not UTF-8 becomes `\xHH` ([`field::escape`]), a
//!    line feed included, so one shown text is one line on a screen;
//! 3. **truncate**: past [`MAX_SHOWN`] characters the text is cut, and the
//!    cut says so.
//!
//! Never the other way round: a cut made before masking can split a
//! secret so that no mask matches it, and a mask matched after escaping
//! misses a secret whose bytes the escaping changed.
//!
//! [`Shown`] can only be made here, and the binary's writers take only
//! `Shown`: text that did not pass this boundary does not reach a screen.
//!
//! ```
//! use saslenc::show::Secrets;
//! let mut secrets = Secrets::default();
//! secrets.add(b"pencil");
//! // Echoed raw, upper-cased, in hex, in base64 and inside a PLAIN message's base64.
//! let shown = secrets.text("535 PENCIL 70656e63696c cGVuY2ls AHVzZXIAcGVuY2ls\n\x1b[2J");
//! assert_eq!(shown.as_str(), r"535 ******** ******** ******** AHVzZXIA********\x0a\x1b[2J");
//! ```

use std::fmt;

use zeroize::Zeroizing;

use crate::encoding;
use crate::field::{self, escape};

pub use crate::layout::MASK;

/// The most characters one shown text may have. A real reply, error or
/// transcript line fits many times over; a hostile peer's 64 KiB line
/// would bury everything after it.
pub const MAX_SHOWN: usize = 2048;

/// The shortest form of a secret that is masked wherever it appears:
/// shorter ones (a three-letter password, two base64 characters) would
/// mangle ordinary words of every reply in which those letters occur.
pub const MIN_MASKED_LEN: usize = 4;

/// Text that has passed the boundary: masked, escaped and truncated. Only
/// this module makes one.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Shown(String);

impl Shown {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// Every secret of a run, in every form it is matched in; never shown, not
/// even by `Debug`.
#[derive(Clone, Default)]
pub struct Secrets {
    /// Byte strings matched case-insensitively and through percent
    /// encoding, longest first.
    needles: Vec<Zeroizing<Vec<u8>>>,
    /// `--show-secrets`: nothing is masked.
    reveal: bool,
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secrets({} redacted)", self.needles.len())
    }
}

impl Secrets {
    /// Secrets that are masked, or with `reveal` (`--show-secrets`) shown.
    pub const fn new(reveal: bool) -> Self {
        Secrets {
            needles: Vec::new(),
            reveal,
        }
    }

    /// Adds a secret (a password, a token, a digest, a whole message that
    /// holds one) in every form listed in the [module](self) documentation.
    pub fn add(&mut self, secret: &[u8]) {
        self.needle(secret);
        self.needle(hex::encode(secret).as_bytes());
        let once = encoding::encode(secret);
        self.base64_forms(secret);
        self.base64_forms(once.as_bytes());
        for separator in [b':', b' ', b'-'] {
            // Hex as a dump or a fingerprint writes it: `70:65:6e`.
            let mut dump = Zeroizing::new(Vec::with_capacity(secret.len() * 3));
            for (i, b) in secret.iter().enumerate() {
                if i > 0 {
                    dump.push(separator);
                }
                dump.extend_from_slice(hex::encode([*b]).as_bytes());
            }
            self.needle(&dump);
        }
        for escaped in quoted_forms(secret) {
            self.needle(&escaped);
        }
        if let Ok(text) = std::str::from_utf8(secret) {
            // Case variants beyond ASCII, which the matcher covers itself.
            self.needle(text.to_uppercase().as_bytes());
            self.needle(text.to_lowercase().as_bytes());
            // The same characters in ISO-8859-1, as a legacy client sends them.
            if let Ok(latin1) = field::Charset::Latin1.encode("secret", text) {
                self.needle(&latin1);
            }
        }
        // Longest first, so that a form inside another is not masked half.
        self.needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
    }

    /// The same secrets, masked even when `--show-secrets` reveals them on
    /// the screen: for text that goes back to a peer (`serve`'s diagnosis
    /// in a reply), which that option does not concern.
    pub fn masking(&self) -> Secrets {
        Secrets {
            needles: self.needles.clone(),
            reveal: false,
        }
    }

    /// Adds every secret `other` knows.
    pub fn extend(&mut self, other: &Secrets) {
        for needle in &other.needles {
            self.needle(needle);
        }
        self.needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
    }

    fn needle(&mut self, form: &[u8]) {
        if form.len() >= MIN_MASKED_LEN && !self.needles.iter().any(|n| n[..] == *form) {
            self.needles.push(Zeroizing::new(form.to_vec()));
        }
    }

    /// The base64 characters that carry `secret`'s bits alone, at each of
    /// the three alignments it can have inside a longer string, in the
    /// standard and the URL-safe alphabets; with padding where it ends one.
    fn base64_forms(&mut self, secret: &[u8]) {
        for offset in 0..3 {
            let mut bytes = Zeroizing::new(vec![0u8; offset]);
            bytes.extend_from_slice(secret);
            let encoded = encoding::encode(&bytes);
            let encoded = encoded.as_bytes();
            // Characters whose six bits all come from the secret.
            let first = (8 * offset).div_ceil(6);
            let last = 8 * bytes.len() / 6;
            // And with the character that mixes the secret's last bits
            // with the zero bits of the end, where the secret ends the
            // encoded bytes.
            let end = encoded
                .iter()
                .rposition(|&b| b != b'=')
                .map_or(0, |p| p + 1);
            for last in [last, end] {
                if first < last {
                    let core = &encoded[first..last];
                    self.needle(core);
                    let url_safe: Zeroizing<Vec<u8>> = Zeroizing::new(
                        core.iter()
                            .map(|&b| match b {
                                b'+' => b'-',
                                b'/' => b'_',
                                b => b,
                            })
                            .collect(),
                    );
                    self.needle(&url_safe);
                }
            }
            if offset == 0 {
                // The whole encoding, padding and all.
                self.needle(encoded);
            }
        }
    }

    /// Whether `bytes` hold a secret in any of its forms.
    pub fn found_in(&self, bytes: &[u8]) -> bool {
        !self.needles.is_empty() && !self.masked_ranges(bytes).is_empty()
    }

    /// Bytes from a peer, shown: masked, escaped, truncated.
    pub fn bytes(&self, bytes: &[u8]) -> Shown {
        let pieces = pieces_of_bytes(bytes);
        self.render(bytes, &pieces, bytes.len(), true)
    }

    /// Text to show, which may hold a peer's bytes already written with
    /// [`field::escape`] (`\0`, `\\`, `\xHH`): those are read back as the
    /// bytes they stand for, so that a secret is found in them, and kept as
    /// they are written. Every other character that does not print as
    /// itself (a line feed, ESC, a bidirectional override) is escaped.
    pub fn text(&self, text: &str) -> Shown {
        let (raw, pieces) = pieces_of_text(text);
        self.render(&raw, &pieces, text.len(), true)
    }

    /// Several lines of text (a rendered transcript, a report), each shown
    /// as [`Secrets::text`] shows one; the line ends are kept.
    pub fn lines(&self, text: &str) -> Shown {
        self.each_line(text, true)
    }

    /// A JSON document (one line or pretty), masked and escaped like
    /// [`Secrets::lines`] but never cut: a cut would break the document.
    /// Its strings were shown, and cut, when they were made; masking does
    /// not break it either, since a secret's form inside a JSON string
    /// holds no quote or backslash (JSON escapes those).
    pub fn json(&self, text: &str) -> Shown {
        self.each_line(text, false)
    }

    /// Each line of `text` shown as [`Secrets::text`] shows one, cut or
    /// not; the line ends are kept.
    fn each_line(&self, text: &str, cut: bool) -> Shown {
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            let (line, end) = match line.strip_suffix('\n') {
                Some(line) => (line, "\n"),
                None => (line, ""),
            };
            let (raw, pieces) = pieces_of_text(line);
            out.push_str(&self.render(&raw, &pieces, line.len(), cut).0);
            out.push_str(end);
        }
        Shown(out)
    }

    /// Bytes that no grammar accepts, from a peer: possibly a credential
    /// sent at the wrong moment, so shown by their shape only (how long,
    /// whether base64, how long decoded, whether a known secret is in
    /// them), never raw.
    pub fn shape(&self, bytes: &[u8]) -> Shown {
        let trimmed = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let mut out = format!("({} bytes", trimmed.len());
        let text = std::str::from_utf8(trimmed).ok();
        match text.map(|t| encoding::decode("line", t)) {
            Some(Ok(decoded)) if !trimmed.is_empty() => {
                out.push_str(&format!(
                    ", valid base64 of {} bytes{}",
                    decoded.len(),
                    if self.found_in(&decoded) || self.found_in(trimmed) {
                        " holding a secret"
                    } else {
                        ""
                    }
                ));
            }
            _ => {
                out.push_str(", not base64");
                if self.found_in(trimmed) {
                    out.push_str(", holding a secret");
                }
            }
        }
        if trimmed.len() != bytes.len() {
            out.push_str(", then CR");
        }
        out.push_str(", not shown)");
        Shown(out)
    }

    /// Consecutive lines of one reply, each shown as [`Secrets::bytes`]
    /// shows one, with a secret that a server wrapped across them masked
    /// in each line too: a server that folds a long reply may cut an
    /// echoed credential anywhere. `starts[i]` is where the text of
    /// `lines[i]` begins (after its reply code); the texts are joined,
    /// without their line ends, to find such a secret.
    ///
    /// Also returns each line's piece of a secret that crosses a line
    /// end, so that the caller can mask those pieces wherever else they
    /// appear (a verdict that quotes one line of the reply).
    pub fn wrapped(
        &self,
        lines: &[&[u8]],
        starts: &[usize],
    ) -> (Vec<Shown>, Vec<Zeroizing<Vec<u8>>>) {
        let mut joined = Zeroizing::new(Vec::new());
        // Where each line's text sits in `joined`, and in the line.
        let mut segments = Vec::with_capacity(lines.len());
        for (line, &start) in lines.iter().zip(starts) {
            let end = line.len()
                - line
                    .iter()
                    .rev()
                    .take_while(|b| **b == b'\n' || **b == b'\r')
                    .count();
            let start = start.min(end);
            segments.push((joined.len(), start, end));
            joined.extend_from_slice(&line[start..end]);
        }
        let across = self.masked_ranges(&joined);
        let mut pieces_across = Vec::new();
        let shown = lines
            .iter()
            .zip(&segments)
            .map(|(line, &(at, start, end))| {
                let mut ranges = self.masked_ranges(line);
                for &(from, to) in &across {
                    let (lo, hi) = (from.max(at), to.min(at + end - start));
                    let crosses = from < at || to > at + end - start;
                    if lo < hi && crosses {
                        let local = (lo - at + start, hi - at + start);
                        pieces_across.push(Zeroizing::new(line[local.0..local.1].to_vec()));
                        ranges.push(local);
                    }
                }
                ranges.sort_unstable();
                let merged =
                    ranges
                        .into_iter()
                        .fold(Vec::new(), |mut out: Vec<(usize, usize)>, r| {
                            match out.last_mut() {
                                Some(last) if last.1 >= r.0 => last.1 = last.1.max(r.1),
                                _ => out.push(r),
                            }
                            out
                        });
                self.render_ranges(&merged, &pieces_of_bytes(line), line.len(), true)
            })
            .collect();
        (shown, pieces_across)
    }

    /// The ranges of `raw` that hold a secret, merged and in order.
    fn masked_ranges(&self, raw: &[u8]) -> Vec<(usize, usize)> {
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        if self.reveal || self.needles.is_empty() {
            return ranges;
        }
        // The bytes a match can start with: any needle's first byte in
        // either case, `%` (its `%HH`) and `+` (a space).
        let mut starts = [false; 256];
        for needle in &self.needles {
            starts[usize::from(needle[0].to_ascii_lowercase())] = true;
            starts[usize::from(needle[0].to_ascii_uppercase())] = true;
        }
        starts[usize::from(b'%')] = true;
        starts[usize::from(b'+')] = true;
        let mut at = 0;
        while at < raw.len() {
            if !starts[usize::from(raw[at])] {
                at += 1;
                continue;
            }
            let end = self
                .needles
                .iter()
                .filter_map(|needle| match_at(raw, at, needle))
                .max();
            // Every start is tried, inside a match too: forms of two
            // secrets may overlap, and each is masked whole.
            if let Some(end) = end {
                match ranges.last_mut() {
                    Some(last) if last.1 >= at => last.1 = last.1.max(end),
                    _ => ranges.push((at, end)),
                }
            }
            at += 1;
        }
        ranges
    }

    /// Masks, then escapes (the pieces are already escaped), then with
    /// `cut` truncates: each peer's span past [`field::MAX_ECHO`] bytes,
    /// and the whole past [`MAX_SHOWN`] characters.
    fn render(&self, raw: &[u8], pieces: &[Piece], total: usize, cut: bool) -> Shown {
        self.render_ranges(&self.masked_ranges(raw), pieces, total, cut)
    }

    /// [`Secrets::render`] with the ranges to mask given.
    fn render_ranges(
        &self,
        ranges: &[(usize, usize)],
        pieces: &[Piece],
        total: usize,
        cut: bool,
    ) -> Shown {
        let mut out = String::with_capacity(total.min(MAX_SHOWN) + 16);
        let mut chars = 0;
        let mut range = ranges.iter().peekable();
        let mut masking = false;
        // The raw offset where the current peer span started, and whether
        // it has been cut.
        let mut span: Option<(usize, bool)> = None;
        for piece in pieces {
            let text: String = match piece.mark {
                Mark::PeerStart => {
                    span = cut.then_some((piece.start, false));
                    continue;
                }
                Mark::PeerEnd => match span.take() {
                    Some((start, true)) => {
                        masking = false;
                        format!("... ({} bytes in all)", piece.start - start)
                    }
                    _ => continue,
                },
                Mark::None => {
                    if let Some((start, cut)) = &mut span {
                        if *cut || piece.end - *start > field::MAX_ECHO {
                            *cut = true;
                            continue;
                        }
                    }
                    while range.peek().is_some_and(|r| r.1 <= piece.start) {
                        range.next();
                    }
                    let masked = range
                        .peek()
                        .is_some_and(|r| r.0 < piece.end && piece.start < r.1);
                    if masked && masking {
                        continue;
                    }
                    masking = masked;
                    if masked {
                        MASK.to_owned()
                    } else {
                        piece.shown.clone()
                    }
                }
            };
            let count = text.chars().count();
            if cut && chars + count > MAX_SHOWN {
                out.push_str(&format!("... ({total} bytes in all)"));
                break;
            }
            chars += count;
            out.push_str(&text);
        }
        Shown(out)
    }
}

/// One character or byte of the input: the bytes it stands for
/// (`start..end` of the raw bytes) and how it is written; or the start or
/// end of a peer's bytes ([`field::peer`]), which stand for nothing.
struct Piece {
    start: usize,
    end: usize,
    shown: String,
    mark: Mark,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    None,
    PeerStart,
    PeerEnd,
}

impl Piece {
    fn text(start: usize, end: usize, shown: String) -> Self {
        Piece {
            start,
            end,
            shown,
            mark: Mark::None,
        }
    }

    fn mark(at: usize, mark: Mark) -> Self {
        Piece {
            start: at,
            end: at,
            shown: String::new(),
            mark,
        }
    }
}

fn pieces_of_bytes(bytes: &[u8]) -> Vec<Piece> {
    let mut pieces = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            let len = c.len_utf8();
            pieces.push(Piece::text(at, at + len, escape(&bytes[at..at + len])));
            at += len;
        }
        for _ in chunk.invalid() {
            pieces.push(Piece::text(at, at + 1, escape(&bytes[at..at + 1])));
            at += 1;
        }
    }
    pieces
}

/// The raw bytes `text` stands for, reading [`escape`]'s escapes back, and
/// its pieces.
fn pieces_of_text(text: &str) -> (Zeroizing<Vec<u8>>, Vec<Piece>) {
    let mut raw = Zeroizing::new(Vec::with_capacity(text.len()));
    let mut pieces = Vec::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = raw.len();
        let escaped = match bytes[i..] {
            [b'\\', b'0', ..] => Some((0u8, 2)),
            [b'\\', b'\\', ..] => Some((b'\\', 2)),
            [b'\\', b'x', h, l, ..] => match (hex_digit(h), hex_digit(l)) {
                (Some(h), Some(l)) => Some((h << 4 | l, 4)),
                _ => None,
            },
            _ => None,
        };
        if let Some((byte, len)) = escaped {
            raw.push(byte);
            pieces.push(Piece::text(start, start + 1, text[i..i + len].to_owned()));
            i += len;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or_default();
        let len = c.len_utf8();
        i += len;
        match c {
            field::PEER_START => {
                pieces.push(Piece::mark(start, Mark::PeerStart));
                continue;
            }
            field::PEER_END => {
                pieces.push(Piece::mark(start, Mark::PeerEnd));
                continue;
            }
            _ => {}
        }
        raw.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        // A backslash that starts no escape is kept as written.
        let shown = if c == '\\' {
            "\\".to_owned()
        } else {
            escape(c.encode_utf8(&mut [0; 4]).as_bytes())
        };
        pieces.push(Piece::text(start, start + len, shown));
    }
    (raw, pieces)
}

/// The forms a peer writes a secret in when it quotes it in its own
/// syntax: a backslash before each quote, apostrophe and backslash (IMAP
/// quoted strings, C, shell), HTML's entities, JSON's `\uXXXX` beyond ASCII and for
/// control characters, and quoted-printable's `=XX`. Only those that
/// differ from the secret itself.
fn quoted_forms(secret: &[u8]) -> Vec<Zeroizing<Vec<u8>>> {
    // A backslash before quotes and backslashes (IMAP, JSON, C), and
    // before apostrophes too (shell, some SQL and log writers).
    let backslashed = |also: &[u8]| {
        let mut out = Zeroizing::new(Vec::with_capacity(secret.len() + 8));
        for &b in secret {
            if b == b'"' || b == b'\\' || also.contains(&b) {
                out.push(b'\\');
            }
            out.push(b);
        }
        out
    };
    // HTML's entities: `&`, `<` and `>` always; quotes as each escaper
    // writes them (Python's html.escape, Go's, PHP's), or not at all.
    let html = |quote: &[u8], apostrophe: &[u8]| {
        let mut out = Zeroizing::new(Vec::with_capacity(secret.len() + 8));
        for &b in secret {
            match b {
                b'&' => out.extend_from_slice(b"&amp;"),
                b'<' => out.extend_from_slice(b"&lt;"),
                b'>' => out.extend_from_slice(b"&gt;"),
                b'"' => out.extend_from_slice(quote),
                b'\'' => out.extend_from_slice(apostrophe),
                b => out.push(b),
            }
        }
        out
    };
    let mut forms = vec![backslashed(b""), backslashed(b"'")];
    for quote in [&b"&quot;"[..], b"&#34;", b"\""] {
        for apostrophe in [&b"&#39;"[..], b"&#x27;", b"&#039;", b"'"] {
            forms.push(html(quote, apostrophe));
        }
    }
    let mut printable = Zeroizing::new(Vec::with_capacity(secret.len() * 3));
    for &b in secret {
        if b == b'=' || !(b == b' ' || b.is_ascii_graphic()) {
            printable.extend_from_slice(format!("={b:02X}").as_bytes());
        } else {
            printable.push(b);
        }
    }
    forms.push(printable);
    if let Ok(text) = std::str::from_utf8(secret) {
        // JSON with every character beyond ASCII as `\uXXXX`; JSON that
        // keeps them is the backslashed form.
        let mut json = Zeroizing::new(Vec::with_capacity(secret.len() * 2));
        for c in text.chars() {
            match c {
                '"' => json.extend_from_slice(b"\\\""),
                '\\' => json.extend_from_slice(b"\\\\"),
                c if c.is_ascii() && !c.is_ascii_control() => json.push(c as u8),
                c => {
                    for unit in c.encode_utf16(&mut [0; 2]) {
                        json.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
                    }
                }
            }
        }
        forms.push(json);
    }
    forms.retain(|form| form[..] != *secret);
    forms
}

fn hex_digit(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// [`match_at`] reading each `%HH` of the hay as the byte it encodes
/// wherever it does, without trying the other reading.
fn match_greedy(hay: &[u8], at: usize, needle: &[u8]) -> Option<usize> {
    let mut i = at;
    for &b in needle {
        let h = *hay.get(i)?;
        let encoded = match (h, hay.get(i + 1), hay.get(i + 2)) {
            (b'%', Some(&hi), Some(&lo)) => hex_digit(hi)
                .zip(hex_digit(lo))
                .is_some_and(|(hi, lo)| hi << 4 | lo == b),
            _ => false,
        };
        if encoded {
            i += 3;
        } else if h.eq_ignore_ascii_case(&b) || (b == b' ' && h == b'+') {
            i += 1;
        } else {
            return None;
        }
    }
    Some(i)
}

/// Where a match of `needle` starting at `at` in `hay` ends: each byte of
/// the needle matches itself in either ASCII case, `%HH` in either case,
/// and a space also `+` (form encoding). A `%` in the hay may be either a
/// byte of its own or the start of `%HH`: both readings are followed, and
/// the longest match wins.
fn match_at(hay: &[u8], at: usize, needle: &[u8]) -> Option<usize> {
    // Most starts fail at the first byte: decided before anything else.
    let (&first, &h) = (needle.first()?, hay.get(at)?);
    if h != b'%' && !h.eq_ignore_ascii_case(&first) && !(first == b' ' && h == b'+') {
        return None;
    }
    // One reading first, `%HH` where it fits: a match wherever the hay
    // holds no `%` that could be read both ways.
    if let Some(end) = match_greedy(hay, at, needle) {
        return Some(end);
    }
    // Only the bytes a match could span: `%HH` is three a needle byte.
    let span = &hay[at..hay
        .len()
        .min(at.saturating_add(needle.len().saturating_mul(3)))];
    if !span.contains(&b'%') {
        return None;
    }
    // The hay positions the needle's bytes so far can end at.
    let mut ends = vec![at];
    for &b in needle {
        let mut next = Vec::with_capacity(ends.len());
        for &i in &ends {
            let Some(&h) = hay.get(i) else { continue };
            if let (b'%', Some(&hi), Some(&lo)) = (h, hay.get(i + 1), hay.get(i + 2)) {
                if hex_digit(hi)
                    .zip(hex_digit(lo))
                    .is_some_and(|(hi, lo)| hi << 4 | lo == b)
                {
                    next.push(i + 3);
                }
            }
            if h.eq_ignore_ascii_case(&b) || (b == b' ' && h == b'+') {
                next.push(i + 1);
            }
        }
        next.sort_unstable();
        next.dedup();
        if next.is_empty() {
            return None;
        }
        ends = next;
    }
    ends.last().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(secret: &[u8]) -> Secrets {
        let mut s = Secrets::default();
        s.add(secret);
        s
    }

    #[test]
    fn every_form_is_masked() {
        let s = secrets(b"Tr0ub4dor&3");
        let b64 = encoding::encode(b"Tr0ub4dor&3").to_string();
        let forms = [
            "Tr0ub4dor&3".to_owned(),
            "TR0UB4DOR&3".to_owned(),
            "tr0ub4dor&3".to_owned(),
            "Tr0ub4dor%263".to_owned(),
            "%54%72%30%75%62%34%64%6F%72%26%33".to_owned(),
            hex::encode("Tr0ub4dor&3"),
            hex::encode_upper("Tr0ub4dor&3"),
            b64.clone(),
            b64.trim_end_matches('=').to_owned(),
            encoding::encode(b"\0user\0Tr0ub4dor&3").to_string(),
            encoding::encode(b"x\0Tr0ub4dor&3").to_string(),
            encoding::encode(b64.as_bytes()).to_string(),
        ];
        for form in forms {
            let shown = s.text(&format!("501 bad {form} here"));
            assert!(shown.as_str().contains(MASK), "{form}: {shown}");
            assert!(!shown.as_str().contains(&form), "{form}: {shown}");
        }
    }

    /// A `%` of the secret followed by hex digits is matched as written
    /// as well as read as `%HH`.
    #[test]
    fn a_percent_sign_is_read_both_ways() {
        let secrets = secrets(b"%25%");
        assert_eq!(secrets.text("x %25% y").as_str(), "x ******** y");
        assert_eq!(secrets.text("x %2525%25 y").as_str(), "x ******** y");
    }

    /// A secret a peer quotes in its own syntax is masked whole.
    #[test]
    fn a_secret_quoted_in_a_peers_syntax_is_masked() {
        let quoted = secrets("Tr0ub\"or&3\\é'".as_bytes());
        for echo in [
            r#"NO "Tr0ub\"or&3\\é'""#,
            "NO Tr0ub&#34;or&amp;3\\é&#x27;",
            r#"{"p":"Tr0ub\"or&3\\é'"}"#,
            r#"NO "Tr0ub\"or&3\\é\'""#,
            "NO Tr0ub&quot;or&amp;3\\é&#39;",
            r#"{"p":"Tr0ub\"or&3\\\u00e9'"}"#,
            "p=Tr0ub\"or&3\\=C3=A9'",
        ] {
            // As a transcript shows a line, and as a verdict quotes it.
            for shown in [
                quoted.bytes(echo.as_bytes()),
                quoted.text(&format!("refused: {}", field::peer(echo.as_bytes()))),
            ] {
                assert!(!shown.as_str().contains("Tr0ub"), "{echo} -> {shown}");
            }
        }
        let hex = secrets(b"pencil");
        for echo in [
            "70:65:6e:63:69:6c",
            "70 65 6E 63 69 6C",
            "70-65-6e-63-69-6c",
        ] {
            assert_eq!(hex.text(echo).as_str(), MASK, "{echo}");
        }
    }

    #[test]
    fn masks_before_it_cuts() {
        let s = secrets(b"pencil-sharpener");
        let text = format!("{}pencil-sharpener and more", "a".repeat(MAX_SHOWN - 5));
        let shown = s.text(&text);
        assert!(!shown.as_str().contains("pen"), "{shown}");
        assert!(shown.as_str().ends_with("bytes in all)"), "{shown}");
    }

    #[test]
    fn escapes_are_read_back_and_kept() {
        let s = secrets(b"p\xe4ss\nword");
        assert_eq!(s.text(r"x p\xe4ss\x0aword y").as_str(), "x ******** y");
        assert_eq!(
            Secrets::default().text("a\\b \\0 \\x1b\n\u{202e}").as_str(),
            r"a\b \0 \x1b\x0a\xe2\x80\xae"
        );
    }

    #[test]
    fn shape_never_shows_the_bytes() {
        let s = secrets(b"pencil");
        let shown = s.shape(b"cGVuY2ls\r");
        assert_eq!(
            shown.as_str(),
            "(8 bytes, valid base64 of 6 bytes holding a secret, then CR, not shown)"
        );
    }

    #[test]
    fn revealing_masks_nothing() {
        let mut s = Secrets::new(true);
        s.add(b"pencil");
        assert_eq!(s.text("pencil").as_str(), "pencil");
    }
}
