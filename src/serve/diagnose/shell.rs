//! What the shell and its builtins make of a credential typed inside a
//! command: printf reading it as a format, echo reading backslash
//! escapes, the shell expanding `$`. Each function gives the bytes the
//! command prints, or `None` where the text holds nothing it would
//! change (or something these models do not cover), so that the
//! catalogue names a mistake only where it changes the bytes.

/// The bytes `printf FORMAT` prints with no arguments, as bash's and
/// dash's builtins do (checked against both): `\\`, `\a` `\b` `\f` `\n`
/// `\r` `\t` `\v`, `\` and one to three octal digits (so `\0100` is
/// `\010` then `0`), bash's `\xHH`; `%%` is `%`; a directive with no
/// argument prints as an empty string (`%s`, `%b`), a zero (`%d`, `%i`,
/// `%u`, `%x`, `%X`, `%o`), `0.000000` (`%f`), `0.000000e+00` (`%e`) or
/// `0` (`%g`), padded to its width; `%c` prints nothing. `None` for a
/// directive outside these.
pub fn printf(format: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(format.len());
    let mut i = 0;
    while i < format.len() {
        match format[i] {
            b'\\' => i = escape(format, i + 1, &mut out, false),
            b'%' => {
                let (printed, next) = directive(format, i + 1)?;
                out.extend_from_slice(&printed);
                i = next;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    Some(out)
}

/// The bytes `echo -e TEXT` prints in bash (and dash's echo, which always
/// reads escapes), without the final line feed: as printf's escapes, but
/// an octal escape is `\0` and up to three more digits.
pub fn echo_escapes(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'\\' {
            i = escape(text, i + 1, &mut out, true);
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

/// One backslash escape whose letter is at `at`; the index after it.
fn escape(text: &[u8], at: usize, out: &mut Vec<u8>, echo: bool) -> usize {
    let Some(&letter) = text.get(at) else {
        out.push(b'\\');
        return at;
    };
    let simple = match letter {
        b'\\' => Some(b'\\'),
        b'a' => Some(7),
        b'b' => Some(8),
        b'f' => Some(12),
        b'n' => Some(b'\n'),
        b'r' => Some(b'\r'),
        b't' => Some(b'\t'),
        b'v' => Some(11),
        _ => None,
    };
    if let Some(byte) = simple {
        out.push(byte);
        return at + 1;
    }
    let octal = |b: &u8| (b'0'..=b'7').contains(b);
    if octal(&letter) {
        // printf: one to three octal digits; echo: \0 then up to three.
        let (start, max) = if echo {
            if letter != b'0' {
                out.extend_from_slice(&[b'\\', letter]);
                return at + 1;
            }
            (at + 1, 3)
        } else {
            (at, 3)
        };
        let mut value: u32 = 0;
        let mut end = start;
        while end < text.len() && end - start < max && octal(&text[end]) {
            value = value * 8 + u32::from(text[end] - b'0');
            end += 1;
        }
        out.push((value & 0xff) as u8);
        return end;
    }
    if letter == b'x' {
        let hex = |b: &u8| b.is_ascii_hexdigit();
        let mut end = at + 1;
        while end < text.len() && end - (at + 1) < 2 && hex(&text[end]) {
            end += 1;
        }
        if end > at + 1 {
            let digits = std::str::from_utf8(&text[at + 1..end]).unwrap_or("0");
            out.push(u8::from_str_radix(digits, 16).unwrap_or(0));
            return end;
        }
    }
    out.extend_from_slice(&[b'\\', letter]);
    at + 1
}

/// One `%` directive whose first byte after `%` is at `at`, with no
/// argument left: what it prints and the index after it.
fn directive(format: &[u8], at: usize) -> Option<(Vec<u8>, usize)> {
    if format.get(at) == Some(&b'%') {
        return Some((b"%".to_vec(), at + 1));
    }
    let mut i = at;
    let mut left = false;
    let mut zero = false;
    while let Some(&flag) = format.get(i) {
        match flag {
            b'-' => left = true,
            b'0' => zero = true,
            b'+' | b' ' | b'#' => {}
            _ => break,
        }
        i += 1;
    }
    let mut width = 0usize;
    while let Some(d) = format.get(i).filter(|b| b.is_ascii_digit()) {
        width = width.checked_mul(10)?.checked_add(usize::from(d - b'0'))?;
        i += 1;
    }
    // A width this large is no typed password's.
    if width > 1024 {
        return None;
    }
    let mut precision = None;
    if format.get(i) == Some(&b'.') {
        i += 1;
        let mut p = 0usize;
        while let Some(d) = format.get(i).filter(|b| b.is_ascii_digit()) {
            p = p.checked_mul(10)?.checked_add(usize::from(d - b'0'))?;
            i += 1;
        }
        precision = Some(p.min(64));
    }
    let conversion = *format.get(i)?;
    let body: Vec<u8> = match conversion {
        b's' | b'b' | b'c' => Vec::new(),
        b'd' | b'i' | b'u' | b'x' | b'X' | b'o' => b"0".to_vec(),
        b'f' | b'F' => format!("{:.*}", precision.unwrap_or(6), 0.0).into_bytes(),
        b'e' | b'E' => {
            let text = format!("{:.*}e+00", precision.unwrap_or(6), 0.0);
            if conversion == b'E' {
                text.replace('e', "E").into_bytes()
            } else {
                text.into_bytes()
            }
        }
        b'g' | b'G' => b"0".to_vec(),
        _ => return None,
    };
    let numeric = !matches!(conversion, b's' | b'b' | b'c');
    let pad = width.saturating_sub(body.len());
    let mut printed = Vec::with_capacity(body.len() + pad);
    if left {
        printed.extend_from_slice(&body);
        printed.resize(printed.len() + pad, b' ');
    } else {
        let fill = if zero && numeric { b'0' } else { b' ' };
        printed.resize(pad, fill);
        printed.extend_from_slice(&body);
    }
    Some((printed, i + 1))
}

/// Whether `sent` is `typed` after the shell expanded it inside double
/// quotes with every variable unset: each `$$` became a process id (one
/// or more digits), each `$NAME` and `${NAME}` nothing. False when
/// `typed` has nothing the shell would expand.
pub fn expanded(typed: &[u8], sent: &[u8]) -> bool {
    dollar_pieces(typed).is_some_and(|pieces| matches_pieces(&pieces, sent))
}

/// `typed` with each `$$` as `pid` and each variable as nothing, or
/// `None` when the shell would expand nothing in it.
pub fn expand(typed: &[u8], pid: u32) -> Option<Vec<u8>> {
    let pieces = dollar_pieces(typed)?;
    let mut out = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.extend_from_slice(&t),
            Piece::Pid => out.extend_from_slice(pid.to_string().as_bytes()),
        }
    }
    Some(out)
}

enum Piece {
    Text(Vec<u8>),
    Pid,
}

/// `typed` cut at its expansions: literal text, and `$$` as [`Piece::Pid`]
/// (a variable expands to nothing, so it leaves no piece); `None` when
/// nothing in it is expanded.
fn dollar_pieces(typed: &[u8]) -> Option<Vec<Piece>> {
    let mut pieces = vec![Piece::Text(Vec::new())];
    let mut expansions = 0;
    let mut i = 0;
    let name_start = |b: u8| b.is_ascii_alphabetic() || b == b'_';
    let name_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    while i < typed.len() {
        let b = typed[i];
        let next = typed.get(i + 1).copied();
        if b == b'$' && next == Some(b'$') {
            pieces.push(Piece::Pid);
            pieces.push(Piece::Text(Vec::new()));
            expansions += 1;
            i += 2;
            continue;
        }
        if b == b'$' && next.is_some_and(name_start) {
            i += 1;
            while i < typed.len() && name_byte(typed[i]) {
                i += 1;
            }
            expansions += 1;
            continue;
        }
        if b == b'$' && next == Some(b'{') {
            if let Some(close) = typed[i..].iter().position(|&c| c == b'}') {
                let name = &typed[i + 2..i + close];
                if !name.is_empty() && name_start(name[0]) && name.iter().all(|&c| name_byte(c)) {
                    i += close + 1;
                    expansions += 1;
                    continue;
                }
            }
        }
        if let Some(Piece::Text(t)) = pieces.last_mut() {
            t.push(b);
        }
        i += 1;
    }
    (expansions > 0).then_some(pieces)
}

fn matches_pieces(pieces: &[Piece], sent: &[u8]) -> bool {
    match pieces.split_first() {
        None => sent.is_empty(),
        Some((Piece::Text(t), rest)) => {
            sent.starts_with(t) && matches_pieces(rest, &sent[t.len()..])
        }
        Some((Piece::Pid, rest)) => {
            // A process id: 1 to 7 digits (Linux's pid_max is at most 2^22).
            let digits = sent.iter().take_while(|b| b.is_ascii_digit()).count();
            (1..=digits.min(7)).any(|n| matches_pieces(rest, &sent[n..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values are what bash 5 and dash 0.5 print (run by hand:
    /// `printf FORMAT | od -c`).
    #[test]
    fn printf_as_the_shells_do() {
        assert_eq!(printf(b"\\0pct\\0100%safe").unwrap(), b"\0pct\x080afe");
        assert_eq!(printf(b"a%5sb").unwrap(), b"a     b");
        assert_eq!(printf(b"%d|%5d|%-3d|").unwrap(), b"0|    0|0  |");
        assert_eq!(
            printf(b"%f|%e|%g|%x|%o|%c|%b|").unwrap(),
            b"0.000000|0.000000e+00|0|0|0|||"
        );
        assert_eq!(printf(b"a\\x41\\q\\101\\1234").unwrap(), b"aA\\qAS4");
        assert_eq!(printf(b"100%%").unwrap(), b"100%");
        assert_eq!(printf(b"50%q"), None);
        assert_eq!(printf(b"plain").unwrap(), b"plain");
    }

    #[test]
    fn echo_reads_backslash_zero_and_three_digits() {
        assert_eq!(echo_escapes(b"\\0u\\0p"), b"\0u\0p");
        assert_eq!(echo_escapes(b"\\0101x"), b"Ax");
        assert_eq!(echo_escapes(b"a\\tb\\1"), b"a\tb\\1");
    }

    #[test]
    fn dollar_expansion() {
        assert_eq!(expand(b"pa$$word", 4242).unwrap(), b"pa4242word");
        assert_eq!(expand(b"x$HOME/y${A}z", 1).unwrap(), b"x/yz");
        assert_eq!(expand(b"no dollar", 1), None);
        assert_eq!(expand(b"cost $5", 1), None);
        assert!(expanded(b"pa$$word", b"pa1word"));
        assert!(expanded(b"pa$$word", b"pa1234567word"));
        assert!(!expanded(b"pa$$word", b"paword"));
        assert!(!expanded(b"pa$$word", b"paXword"));
        assert!(expanded(b"a$b", b"a"));
        assert!(!expanded(b"a$b", b"ab"));
    }
}
