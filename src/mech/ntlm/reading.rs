//! How an NTLM message is shown: each field in a layout, the secrets
//! (the responses' proofs, the session key, the MIC) masked, names in the
//! encoding the flags select, the target-info AV pairs and the timestamp
//! read, and notes on what is weak.

use super::*;

/// What every reader of an NTLM message is told. Checked against
/// Microsoft's pages: every NTLM version on the deprecated Windows
/// features list since June 2024; NTLMv1 removed from Windows 11 24H2 and
/// Windows Server 2025 ("Removed features and functionality", KB5066470).
pub(crate) const RETIRED: &str = "NTLM is being retired: Microsoft deprecated every version of \
     it in 2024 and removed NTLMv1 from Windows 11 24H2 and Windows Server 2025; Kerberos \
     (GSSAPI) or, with Exchange Online, OAuth (XOAUTH2) replaces it";

pub(super) const LM_WEAK: &str =
    "weak: an LM response is DES under the LM hash (the password upper-cased, \
     cut to 14 characters, hashed in two independent 7-character halves): a captured one gives \
     the password back in minutes";

pub(super) const V1_WEAK: &str =
    "weak: an NTLMv1 response is three DES encryptions under the NT hash, \
     which anyone who captures it can recover by breaking DES, and the NT hash logs in as the \
     user (pass-the-hash); NTLMv1 carries no MIC and no channel bindings. Windows domains set \
     to \"Send NTLMv2 response only. Refuse LM & NTLM\" (LmCompatibilityLevel 5) refuse it";

pub(super) const NO_MIC: &str =
    "weak: no MIC (MsvAvFlags does not announce one): nothing ties the three \
     messages together, so a man in the middle can change the negotiated flags (drop signing) \
     unseen";

pub(super) const NO_CHANNEL_BINDINGS: &str =
    "weak: no channel bindings (MsvAvChannelBindings missing or \
     zero): the response is not tied to the TLS connection it came over and can be relayed to \
     another server; a server that requires Extended Protection for Authentication refuses it";

/// The shape of an NTLM message, for one that does not fit.
pub(crate) const SHAPE: &str = "NTLMSSP\\0, a message type 1, 2 or 3, then the fields of \
     MS-NLMP section 2.2.1";

/// A string field's text: UTF-16LE when the flags select Unicode, else
/// the OEM character set, shown byte for byte.
pub(super) fn text(bytes: &[u8], unicode: bool) -> String {
    if unicode {
        utf16le(bytes)
    } else {
        format!("\"{}\" (OEM)", escape(bytes))
    }
}

/// UTF-16LE as a quoted, escaped string (a lone surrogate or an odd
/// byte as U+FFFD).
pub(super) fn utf16le(bytes: &[u8]) -> String {
    let units = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
    let mut out: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if bytes.len() % 2 == 1 {
        out.push(char::REPLACEMENT_CHARACTER);
    }
    format!("\"{}\"", escape(out.as_bytes()))
}

/// A FILETIME (100-nanosecond ticks since 1601-01-01, UTC) as a date.
pub(super) fn filetime(ticks: u64) -> String {
    // 11 644 473 600 seconds from 1601-01-01 to 1970-01-01.
    let seconds = i64::try_from(ticks / 10_000_000).unwrap_or(i64::MAX) - 11_644_473_600;
    crate::token::utc(seconds)
}

/// The version field (MS-NLMP section 2.2.2.10) in words.
pub(super) fn version(bytes: &[u8], flags: u32) -> String {
    let (Some(&major), Some(&minor), Some(build), Some(&revision)) =
        (bytes.first(), bytes.get(1), u16_at(bytes, 2), bytes.get(7))
    else {
        return "version: (short)".to_owned();
    };
    let revision_name = if revision == 0x0f {
        " (NTLMSSP_REVISION_W2K3)"
    } else {
        ""
    };
    let meaning = if flags & VERSION == 0 {
        "; NTLMSSP_NEGOTIATE_VERSION is not set, so it carries no meaning"
    } else {
        ""
    };
    format!(
        "version: Windows {major}.{minor} build {build}, NTLM revision {revision}{revision_name}{meaning}"
    )
}

/// What the AV pairs of a target info or an NTLMv2 blob say.
#[derive(Default)]
pub(super) struct AvPairs {
    /// The fields, each at its absolute offset.
    pieces: Vec<(usize, Field)>,
    /// `MsvAvNbDomainName "Domain"`, ...
    words: Vec<String>,
    /// MsvAvFlags, if there is one.
    flags: Option<u32>,
    /// MsvAvChannelBindings: whether it is there and not all zero.
    channel_bound: bool,
    /// MsvAvTimestamp is there.
    timestamp: bool,
}

pub(super) fn av_name(id: u16) -> &'static str {
    match id {
        0 => "MsvAvEOL",
        1 => "MsvAvNbComputerName",
        2 => "MsvAvNbDomainName",
        3 => "MsvAvDnsComputerName",
        4 => "MsvAvDnsDomainName",
        5 => "MsvAvDnsTreeName",
        6 => "MsvAvFlags",
        7 => "MsvAvTimestamp",
        8 => "MsvAvSingleHost",
        9 => "MsvAvTargetName",
        10 => "MsvAvChannelBindings",
        _ => "AvPair",
    }
}

/// Reads the AV_PAIR list (MS-NLMP section 2.2.2.1) in `bytes`, which
/// start at offset `base` of the message, up to MsvAvEOL.
pub(super) fn av_pairs(bytes: &[u8], base: usize) -> AvPairs {
    let mut out = AvPairs::default();
    let mut at = 0;
    loop {
        let (Some(id), Some(len)) = (u16_at(bytes, at), u16_at(bytes, at + 2)) else {
            if at < bytes.len() || at == 0 {
                out.words.push("(the AV pairs end without MsvAvEOL)".into());
            } else {
                out.words.push("(no MsvAvEOL)".into());
            }
            return out;
        };
        let start = at + 4;
        let Some(value) = bytes.get(start..start + usize::from(len)) else {
            out.words.push(format!(
                "(an AV pair of {len} bytes at offset {} runs past its buffer)",
                base + at
            ));
            return out;
        };
        let name = av_name(id);
        if id == 0 {
            out.words.push(name.to_owned());
            return out;
        }
        let word = match id {
            1..=5 | 9 => format!("{name} {}", utf16le(value)),
            6 => {
                let flags = u32_at(value, 0).unwrap_or(0);
                out.flags = Some(flags);
                let mut bits = Vec::new();
                if flags & 0x1 != 0 {
                    bits.push("account authentication constrained");
                }
                if flags & AV_FLAG_MIC != 0 {
                    bits.push("MIC present");
                }
                if flags & 0x4 != 0 {
                    bits.push("SPN from an untrusted source");
                }
                format!("{name} 0x{flags:08x} ({})", bits.join(", "))
            }
            7 => {
                out.timestamp = true;
                match u64_at(value, 0) {
                    Some(ticks) => format!("{name} {}", filetime(ticks)),
                    None => format!("{name} ({len} bytes, not 8)"),
                }
            }
            10 => {
                out.channel_bound = value.iter().any(|&b| b != 0);
                if out.channel_bound {
                    format!("{name} {}", hex::encode(value))
                } else {
                    format!("{name} all zero (no channel bound)")
                }
            }
            8 => format!("{name} ({len} bytes)"),
            _ => format!("AvId 0x{id:04x} ({len} bytes)"),
        };
        out.words.push(word);
        out.pieces
            .push((base + start, Field::text(name, "AV_PAIR", value)));
        at = start + usize::from(len);
    }
}

/// The layout of `bytes` from fields at their offsets, the bytes
/// between them literal. The fields come from disjoint ranges of the
/// message; one that does not fit (never) is left out, and the message's
/// bytes from there on are one masked field, so that nothing secret can
/// slip into a literal. With `payload` (an AUTHENTICATE message's: where
/// it starts and its buffers), bytes after the start that no buffer
/// covers are masked too: a length written wrong may have left a
/// response there.
pub(super) fn assemble(
    bytes: &[u8],
    mut pieces: Vec<(usize, Field)>,
    mut notes: Vec<String>,
    payload: Option<(usize, &[&Range<usize>])>,
) -> Layout {
    pieces.sort_by_key(|(start, _)| *start);
    let mut layout = Layout::new(NAME);
    let mut at = 0;
    let mut unclaimed = 0;
    let claimed = |i: usize| match payload {
        Some((start, buffers)) => i < start || buffers.iter().any(|b| b.contains(&i)),
        None => true,
    };
    let mut gap = |mut layout: Layout, from: usize, to: usize| -> Layout {
        let mut run = from;
        while run < to {
            let shown = claimed(run);
            let end = (run..to).find(|&i| claimed(i) != shown).unwrap_or(to);
            layout = if shown {
                layout.literal(&bytes[run..end])
            } else {
                unclaimed += end - run;
                layout.field(Field::secret("unclaimed", "UNCLAIMED", &bytes[run..end]))
            };
            run = end;
        }
        layout
    };
    for (start, field) in pieces {
        let end = start + field.value.len();
        if start < at || end > bytes.len() {
            layout = layout.field(Field::secret("unread", "REST", &bytes[at..]));
            at = bytes.len();
            break;
        }
        layout = gap(layout, at, start).field(field);
        at = end;
    }
    let layout = gap(layout, at, bytes.len());
    if unclaimed > 0 {
        notes.push(format!(
            "{unclaimed} bytes of the payload are in no buffer (masked: a length written wrong \
             may have left a response there)"
        ));
    }
    let mut layout = layout;
    layout.notes = notes;
    layout
}

/// A field of `range` of `bytes` at its offset.
pub(super) fn piece(
    bytes: &[u8],
    range: &Range<usize>,
    field: fn(&'static str, &'static str, &[u8]) -> Field,
    name: &'static str,
    var: &'static str,
) -> Option<(usize, Field)> {
    let value = bytes.get(range.clone())?;
    (!value.is_empty()).then(|| (range.start, field(name, var, value)))
}

pub(super) fn flags_note(flags: u32) -> String {
    format!(
        "negotiate flags 0x{flags:08x}: {}",
        flag_names(flags).join(", ")
    )
}

pub(super) fn negotiate_layout(bytes: &[u8], m: &Negotiate) -> Layout {
    let mut pieces: Vec<(usize, Field)> =
        vec![(12, Field::text("negotiate-flags", "FLAGS", &bytes[12..16]))];
    let mut notes = vec![flags_note(m.flags)];
    for (range, name, var, flag) in [
        (&m.domain, "domain", "DOMAIN", OEM_DOMAIN_SUPPLIED),
        (
            &m.workstation,
            "workstation",
            "WORKSTATION",
            OEM_WORKSTATION_SUPPLIED,
        ),
    ] {
        if let Some(p) = piece(bytes, range, Field::text, name, var) {
            let announced = if m.flags & flag == 0 {
                " (though the flags do not announce it)"
            } else {
                ""
            };
            notes.push(format!("{name}: {}{announced}", text(&p.1.value, false)));
            pieces.push(p);
        }
    }
    if let Some(range) = &m.version {
        notes.push(version(&bytes[range.clone()], m.flags));
        pieces.extend(piece(bytes, range, Field::text, "version", "VERSION"));
    }
    if m.flags & LM_KEY != 0 {
        notes.push(
            "weak: NTLMSSP_NEGOTIATE_LM_KEY asks for session keys made from the LM response".into(),
        );
    }
    notes.push(RETIRED.into());
    assemble(bytes, pieces, notes, None)
}

pub(super) fn challenge_layout(bytes: &[u8], m: &Challenge) -> Layout {
    let unicode = m.flags & UNICODE != 0;
    let mut pieces = vec![
        (20, Field::text("negotiate-flags", "FLAGS", &bytes[20..24])),
        (
            24,
            Field::text(
                "server-challenge",
                "CHALLENGE",
                &bytes[m.server_challenge.clone()],
            ),
        ),
    ];
    let mut notes = vec![flags_note(m.flags)];
    if let Some(p) = piece(bytes, &m.target_name, Field::text, "target-name", "TARGET") {
        notes.push(format!("target name: {}", text(&p.1.value, unicode)));
        pieces.push(p);
    }
    notes.push(format!(
        "server challenge: {}",
        hex::encode(&bytes[m.server_challenge.clone()])
    ));
    if !m.target_info.is_empty() {
        let pairs = av_pairs(&bytes[m.target_info.clone()], m.target_info.start);
        notes.push(format!("target info: {}", pairs.words.join(", ")));
        if pairs.timestamp {
            notes.push(
                "the target info has a timestamp: the client must answer with NTLMv2 and a MIC \
                 (MS-NLMP section 3.1.5.1.2)"
                    .into(),
            );
        }
        pieces.extend(pairs.pieces);
    }
    if let Some(range) = &m.version {
        notes.push(version(&bytes[range.clone()], m.flags));
        pieces.extend(piece(bytes, range, Field::text, "version", "VERSION"));
    }
    notes.push(RETIRED.into());
    assemble(bytes, pieces, notes, None)
}

pub(super) fn authenticate_layout(bytes: &[u8], m: &Authenticate) -> Layout {
    let unicode = m.flags & UNICODE != 0;
    let mut pieces = vec![(60, Field::text("negotiate-flags", "FLAGS", &bytes[60..64]))];
    let mut notes = vec![flags_note(m.flags)];
    let encoding = if unicode { "UTF-16LE" } else { "OEM" };
    let mut names = Vec::new();
    for (range, name, var) in [
        (&m.domain, "domain", "DOMAIN"),
        (&m.user, "user", "USER"),
        (&m.workstation, "workstation", "WORKSTATION"),
    ] {
        match piece(bytes, range, Field::text, name, var) {
            Some(p) => {
                names.push(format!("{name} {}", text(&p.1.value, unicode)));
                pieces.push(p);
            }
            None => names.push(format!("{name} (empty)")),
        }
    }
    notes.push(format!(
        "{} ({encoding}, as the flags select)",
        names.join(", ")
    ));

    let nt = &bytes[m.nt_response.clone()];
    let lm = &bytes[m.lm_response.clone()];
    let response = Response::of(lm, nt.len(), m.flags);
    let mut mic_announced = false;
    let mut channel_bound = false;
    match response {
        Response::NtlmV2 => {
            let base = m.nt_response.start;
            pieces.push((base, Field::secret("nt-proof-str", "NT_PROOF", &nt[..16])));
            pieces.push((
                base + 16,
                Field::text("blob-header", "BLOB_HEADER", &nt[16..24]),
            ));
            pieces.push((
                base + 24,
                Field::text("timestamp", "TIMESTAMP", &nt[24..32]),
            ));
            pieces.push((
                base + 32,
                Field::text("client-challenge", "CLIENT_CHALLENGE", &nt[32..40]),
            ));
            let pairs = av_pairs(&nt[44..], base + 44);
            mic_announced = pairs.flags.is_some_and(|f| f & AV_FLAG_MIC != 0);
            channel_bound = pairs.channel_bound;
            let resp_type = if nt[16] == 1 && nt[17] == 1 {
                String::new()
            } else {
                format!(
                    " (RespType {} and HiRespType {}, where both must be 1)",
                    nt[16], nt[17]
                )
            };
            notes.push(format!(
                "response: NTLMv2 (MS-NLMP section 3.3.2): NT response {} bytes, NTProofStr 16 bytes \
                 (masked) and the client's blob of {} bytes{resp_type}: timestamp {}, client \
                 challenge {}, AV pairs: {}",
                nt.len(),
                nt.len() - 16,
                filetime(u64_at(nt, 24).unwrap_or(0)),
                hex::encode(&nt[32..40]),
                pairs.words.join(", ")
            ));
            pieces.extend(pairs.pieces);
        }
        _ => {
            pieces.extend(piece(
                bytes,
                &m.nt_response,
                Field::secret,
                "nt-response",
                "NT_RESPONSE",
            ));
            let what = match response {
                Response::NtlmV1 => "NTLMv1 (MS-NLMP section 3.3.1): a 24-byte DES response (masked)".to_owned(),
                Response::NtlmV1Ess => "NTLMv1 with extended session security (the NTLM2 session response, MS-NLMP section 3.3.1): a 24-byte DES response (masked)".to_owned(),
                Response::Lm => "LM only: no NT response".to_owned(),
                Response::Anonymous => "anonymous: no NT response and no LM response (MS-NLMP section 3.2.5.1.2)".to_owned(),
                _ => format!(
                    "an NT response of {} bytes (masked), neither NTLMv1 (24 bytes) nor NTLMv2 (at least {MIN_NTLMV2})",
                    nt.len()
                ),
            };
            notes.push(format!("response: {what}"));
        }
    }
    pieces.extend(piece(
        bytes,
        &m.lm_response,
        Field::secret,
        "lm-response",
        "LM_RESPONSE",
    ));
    if !lm.is_empty() {
        notes.push(format!("LM response: {} bytes (masked)", lm.len()));
    }
    if let Some(p) = piece(
        bytes,
        &m.session_key,
        Field::secret,
        "encrypted-session-key",
        "SESSION_KEY",
    ) {
        notes.push(format!(
            "encrypted session key: {} bytes (masked)",
            p.1.value.len()
        ));
        pieces.push(p);
    }
    if let Some(range) = &m.version {
        notes.push(version(&bytes[range.clone()], m.flags));
        pieces.extend(piece(bytes, range, Field::text, "version", "VERSION"));
    }
    if let Some(range) = &m.mic {
        pieces.extend(piece(bytes, range, Field::secret, "mic", "MIC"));
        notes.push(if mic_announced {
            "MIC: 16 bytes (masked), announced by MsvAvFlags".to_owned()
        } else {
            "the 16 bytes where a MIC goes (masked), though MsvAvFlags does not announce one"
                .to_owned()
        });
    } else if mic_announced {
        notes.push(
            "MsvAvFlags announces a MIC, but the payload starts where it would be: there is none"
                .into(),
        );
        mic_announced = false;
    }
    let lm_from_hash =
        response == Response::Lm || (response == Response::NtlmV1 && lm.len() == 24 && lm != nt);
    if lm_from_hash {
        notes.push(LM_WEAK.into());
    }
    if matches!(response, Response::NtlmV1 | Response::NtlmV1Ess) {
        notes.push(V1_WEAK.into());
    }
    if response == Response::NtlmV2 {
        if !mic_announced {
            notes.push(NO_MIC.into());
        }
        if !channel_bound {
            notes.push(NO_CHANNEL_BINDINGS.into());
        }
    }
    notes.push(RETIRED.into());
    let buffers = [
        &m.lm_response,
        &m.nt_response,
        &m.domain,
        &m.user,
        &m.workstation,
        &m.session_key,
    ];
    assemble(bytes, pieces, notes, Some((m.payload, &buffers)))
}

/// Reads `bytes` as an NTLM message: its layout, the fields with the
/// secrets masked, and what the fields say (flags by name, names decoded,
/// the response's kind and structure, what is weak) as notes.
///
/// ```
/// // The NEGOTIATE curl sends.
/// let bytes = b"NTLMSSP\0\x01\0\0\0\x06\x82\x08\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
/// let layout = saslenc::mech::ntlm::read(bytes).unwrap();
/// assert!(layout.notes[0].ends_with("NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY"));
/// ```
pub fn read(bytes: &[u8]) -> Result<Layout, Malformed> {
    Ok(layout(bytes, &parse(bytes)?))
}

/// The layout of `message`, which [`parse`] read from `bytes`.
pub(super) fn layout(bytes: &[u8], message: &Message) -> Layout {
    match message {
        Message::Negotiate(m) => negotiate_layout(bytes, m),
        Message::Challenge(c) => challenge_layout(bytes, c),
        Message::Authenticate(a) => authenticate_layout(bytes, a),
    }
}

/// Who sends an NTLM message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Client,
    Server,
    Unknown,
}

/// An NTLM message recognised by its signature and type (for `decode`):
/// who sends it, what it is, and its layout. A message that does not
/// parse is still recognised: the reason is a note, and past the type
/// its bytes are one masked field (an AUTHENTICATE message's responses
/// may be in them), except in a CHALLENGE, which holds no secret.
pub(crate) fn recognise(bytes: &[u8]) -> Option<(Side, &'static str, Layout)> {
    if bytes.len() < 12 || &bytes[..8] != SIGNATURE {
        return None;
    }
    let kind = u32_at(bytes, 8).unwrap_or(0);
    let from = match kind {
        1 | 3 => Side::Client,
        2 => Side::Server,
        _ => Side::Unknown,
    };
    match parse(bytes) {
        Ok(message) => {
            let what = match message {
                Message::Negotiate(_) => "NEGOTIATE message (type 1, MS-NLMP section 2.2.1.1)",
                Message::Challenge(_) => "CHALLENGE message (type 2, MS-NLMP section 2.2.1.2)",
                Message::Authenticate(_) => {
                    "AUTHENTICATE message (type 3, MS-NLMP section 2.2.1.3)"
                }
            };
            Some((from, what, layout(bytes, &message)))
        }
        Err(reason) => {
            let layout = Layout::new(NAME).literal(&bytes[..12]);
            let layout = if kind == 2 {
                layout.literal(&bytes[12..])
            } else if bytes.len() > 12 {
                layout.field(Field::secret("unread", "REST", &bytes[12..]))
            } else {
                layout
            };
            let layout = layout
                .note(format!("the message does not parse: {reason}"))
                .note(RETIRED);
            Some((
                from,
                "message that does not parse (MS-NLMP section 2.2.1)",
                layout,
            ))
        }
    }
}
