//! NTLM (MS-NLMP, Microsoft's NT LAN Manager authentication protocol),
//! read for `decode`: its three messages, NEGOTIATE (type 1, the
//! client's), CHALLENGE (type 2, the server's) and AUTHENTICATE (type 3,
//! the client's answer). In SMTP, IMAP and POP3 they travel in base64 as
//! `AUTH NTLM` / `AUTHENTICATE NTLM` and the `334` / `+` lines.
//!
//! Microsoft has deprecated NTLM in every version; saslenc reads it to
//! debug the logins that still use it and to move them away from it,
//! and every reading of a message says so.
//!
//! Section 2.2.1: each message starts with `NTLMSSP\0` and a 32-bit
//! little-endian message type, then fixed fields, among them security
//! buffers (2-byte length, 2-byte maximum length, 4-byte offset from the
//! start of the message) that point into the payload after the fixed
//! fields. Every buffer is checked against the message's length before it
//! is read: one that points outside is a [`Malformed`] reason, never a
//! panic.
//!
//! The NT response tells which response the client computed (section
//! 3.3): 24 bytes are NTLMv1 (DES of the server challenge under the NT
//! hash; with extended session security, of a hash of both challenges);
//! more are NTLMv2, a 16-byte `NTProofStr` (HMAC-MD5 under NTOWFv2) and
//! the client's blob (timestamp, client challenge, AV pairs). The proofs,
//! the LM response, the encrypted session key and the MIC let password
//! guesses be checked offline: they are [`Field::secret`]s.
//!
//! ```
//! use saslenc::mech::ntlm::{parse, Message};
//! // The CHALLENGE of MS-NLMP section 4.2.2.3.
//! let challenge = hex::decode(
//!     "4e544c4d53535000020000000c000c0038000000338202e20123456789abcdef\
//!      00000000000000000000000000000000060070170000000f530065007200760065007200",
//! )
//! .unwrap();
//! let Ok(Message::Challenge(c)) = parse(&challenge) else { panic!() };
//! assert_eq!(&challenge[c.server_challenge.clone()], &hex::decode("0123456789abcdef").unwrap()[..]);
//! ```

use std::ops::Range;

use crate::field::escape;
use crate::layout::{Field, Layout};

pub mod client;
mod reading;
pub mod server;

#[cfg(test)]
use reading::layout;
pub use reading::read;
pub(crate) use reading::{recognise, Side, SHAPE};

const NAME: &str = "NTLM";

/// The first eight bytes of every NTLM message (MS-NLMP section 2.2.1).
pub const SIGNATURE: &[u8; 8] = b"NTLMSSP\0";

/// The negotiate flags by name (MS-NLMP section 2.2.2.5); the other bits
/// are reserved.
pub const FLAGS: [(u32, &str); 22] = [
    (0x0000_0001, "NTLMSSP_NEGOTIATE_UNICODE"),
    (0x0000_0002, "NTLM_NEGOTIATE_OEM"),
    (0x0000_0004, "NTLMSSP_REQUEST_TARGET"),
    (0x0000_0010, "NTLMSSP_NEGOTIATE_SIGN"),
    (0x0000_0020, "NTLMSSP_NEGOTIATE_SEAL"),
    (0x0000_0040, "NTLMSSP_NEGOTIATE_DATAGRAM"),
    (0x0000_0080, "NTLMSSP_NEGOTIATE_LM_KEY"),
    (0x0000_0200, "NTLMSSP_NEGOTIATE_NTLM"),
    (0x0000_0800, "NTLMSSP_ANONYMOUS"),
    (0x0000_1000, "NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED"),
    (0x0000_2000, "NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED"),
    (0x0000_8000, "NTLMSSP_NEGOTIATE_ALWAYS_SIGN"),
    (0x0001_0000, "NTLMSSP_TARGET_TYPE_DOMAIN"),
    (0x0002_0000, "NTLMSSP_TARGET_TYPE_SERVER"),
    (0x0008_0000, "NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY"),
    (0x0010_0000, "NTLMSSP_NEGOTIATE_IDENTIFY"),
    (0x0040_0000, "NTLMSSP_REQUEST_NON_NT_SESSION_KEY"),
    (0x0080_0000, "NTLMSSP_NEGOTIATE_TARGET_INFO"),
    (0x0200_0000, "NTLMSSP_NEGOTIATE_VERSION"),
    (0x2000_0000, "NTLMSSP_NEGOTIATE_128"),
    (0x4000_0000, "NTLMSSP_NEGOTIATE_KEY_EXCH"),
    (0x8000_0000, "NTLMSSP_NEGOTIATE_56"),
];

const UNICODE: u32 = 0x0000_0001;
const LM_KEY: u32 = 0x0000_0080;
const OEM_DOMAIN_SUPPLIED: u32 = 0x0000_1000;
const OEM_WORKSTATION_SUPPLIED: u32 = 0x0000_2000;
const EXTENDED_SESSIONSECURITY: u32 = 0x0008_0000;
const VERSION: u32 = 0x0200_0000;

/// MsvAvFlags bit: the AUTHENTICATE message carries a MIC (MS-NLMP
/// section 2.2.2.1).
const AV_FLAG_MIC: u32 = 0x0000_0002;

/// The names of the set bits of `flags`, in bit order; a reserved bit
/// as its hex value.
pub fn flag_names(flags: u32) -> Vec<String> {
    (0..32)
        .map(|bit| 1u32 << bit)
        .filter(|bit| flags & bit != 0)
        .map(|bit| match FLAGS.iter().find(|(b, _)| *b == bit) {
            Some((_, name)) => (*name).to_owned(),
            None => format!("reserved bit 0x{bit:08x}"),
        })
        .collect()
}

/// Why bytes that start with the signature are no NTLM message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Malformed {
    /// Not `NTLMSSP\0` and a type.
    #[error(
        "an NTLM message starts with NTLMSSP\\0 and a 4-byte message type (MS-NLMP section 2.2.1)"
    )]
    NoSignature,
    /// A type other than 1, 2 or 3.
    #[error(
        "message type {0} is none of NEGOTIATE (1), CHALLENGE (2) and AUTHENTICATE (3) \
         (MS-NLMP section 2.2.1)"
    )]
    UnknownType(u32),
    /// Shorter than the fixed fields.
    #[error("{message} message has at least {need} bytes of fixed fields (MS-NLMP section {section}); this one has {len} bytes")]
    TooShort {
        /// "a NEGOTIATE", "an AUTHENTICATE", ...
        message: &'static str,
        /// The section that defines the message.
        section: &'static str,
        /// The fixed fields' length.
        need: usize,
        /// The message's length.
        len: usize,
    },
    /// A security buffer that ends past the message.
    #[error("the {buffer} buffer ({len} bytes at offset {offset}) ends past the message's {message_len} bytes")]
    Outside {
        /// The buffer's name.
        buffer: &'static str,
        /// Its offset.
        offset: usize,
        /// Its length.
        len: usize,
        /// The message's length.
        message_len: usize,
    },
    /// A security buffer that points into the fixed fields.
    #[error(
        "the {buffer} buffer starts at offset {offset}, inside the {header} bytes of fixed fields"
    )]
    InHeader {
        /// The buffer's name.
        buffer: &'static str,
        /// Its offset.
        offset: usize,
        /// Where the fixed fields end.
        header: usize,
    },
    /// Two security buffers that share bytes.
    #[error("the {first} and {second} buffers overlap")]
    Overlap {
        /// The buffer that starts first.
        first: &'static str,
        /// The other.
        second: &'static str,
    },
}

/// A NEGOTIATE message (MS-NLMP section 2.2.1.1): where its parts are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negotiate {
    /// The negotiate flags.
    pub flags: u32,
    /// The domain, in the OEM character set (empty when not supplied).
    pub domain: Range<usize>,
    /// The workstation, in the OEM character set.
    pub workstation: Range<usize>,
    /// The 8-byte version, where the fixed fields hold one.
    pub version: Option<Range<usize>>,
}

/// A CHALLENGE message (MS-NLMP section 2.2.1.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// The negotiate flags.
    pub flags: u32,
    /// The server's name or domain, in the encoding the flags select.
    pub target_name: Range<usize>,
    /// The 8-byte server challenge.
    pub server_challenge: Range<usize>,
    /// The target information (AV pairs), where there is one.
    pub target_info: Range<usize>,
    /// The 8-byte version, where the fixed fields hold one.
    pub version: Option<Range<usize>>,
}

/// An AUTHENTICATE message (MS-NLMP section 2.2.1.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authenticate {
    /// The negotiate flags.
    pub flags: u32,
    /// The LM (or LMv2) response.
    pub lm_response: Range<usize>,
    /// The NT (NTLMv1 or NTLMv2) response.
    pub nt_response: Range<usize>,
    /// The user's domain, in the encoding the flags select.
    pub domain: Range<usize>,
    /// The user name.
    pub user: Range<usize>,
    /// The client's workstation name.
    pub workstation: Range<usize>,
    /// The encrypted random session key (key exchange).
    pub session_key: Range<usize>,
    /// The 8-byte version, where the fixed fields hold one.
    pub version: Option<Range<usize>>,
    /// The 16 bytes where a MIC goes, where the fixed fields hold them.
    pub mic: Option<Range<usize>>,
    /// Where the payload starts: the lowest offset of a buffer that is
    /// not empty, or the end of the message.
    pub payload: usize,
}

/// One NTLM message, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Type 1, the client's first.
    Negotiate(Negotiate),
    /// Type 2, the server's.
    Challenge(Challenge),
    /// Type 3, the client's answer.
    Authenticate(Authenticate),
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// A security buffer's name and range; an empty buffer's offset means
/// nothing (MS-NLMP section 2.2.1.1 lets it be anything).
struct Buffer {
    name: &'static str,
    range: Range<usize>,
}

/// Reads the security buffer whose Len/MaxLen/Offset start at `at`.
fn buffer(bytes: &[u8], at: usize, name: &'static str) -> Result<Buffer, Malformed> {
    let len = usize::from(u16_at(bytes, at).unwrap_or(0));
    let offset = u32_at(bytes, at + 4).unwrap_or(0) as usize;
    if len == 0 {
        return Ok(Buffer { name, range: 0..0 });
    }
    match offset.checked_add(len) {
        Some(end) if end <= bytes.len() => Ok(Buffer {
            name,
            range: offset..end,
        }),
        _ => Err(Malformed::Outside {
            buffer: name,
            offset,
            len,
            message_len: bytes.len(),
        }),
    }
}

/// Checks that no buffer points into the first `header` bytes or into
/// another, and returns where the payload starts (the end of the
/// message when there is none).
fn payload_start(bytes: &[u8], buffers: &[&Buffer], header: usize) -> Result<usize, Malformed> {
    let mut used: Vec<&Buffer> = buffers
        .iter()
        .copied()
        .filter(|b| !b.range.is_empty())
        .collect();
    used.sort_by_key(|b| b.range.start);
    for b in &used {
        if b.range.start < header {
            return Err(Malformed::InHeader {
                buffer: b.name,
                offset: b.range.start,
                header,
            });
        }
    }
    for pair in used.windows(2) {
        if pair[1].range.start < pair[0].range.end {
            return Err(Malformed::Overlap {
                first: pair[0].name,
                second: pair[1].name,
            });
        }
    }
    Ok(used.first().map_or(bytes.len(), |b| b.range.start))
}

/// Reads one NTLM message (MS-NLMP section 2.2.1): the one reading of
/// its bytes for every reader.
pub fn parse(bytes: &[u8]) -> Result<Message, Malformed> {
    if bytes.len() < 12 || &bytes[..8] != SIGNATURE {
        return Err(Malformed::NoSignature);
    }
    let too_short = |message, section, need| Malformed::TooShort {
        message,
        section,
        need,
        len: bytes.len(),
    };
    match u32_at(bytes, 8).unwrap_or(0) {
        1 => {
            // Section 2.2.1.1: flags at 12; the domain and workstation
            // buffers at 16 and 24 and the version at 32, which the
            // oldest clients leave out.
            let flags = u32_at(bytes, 12).ok_or(too_short("a NEGOTIATE", "2.2.1.1", 16))?;
            let (domain, workstation) = if bytes.len() >= 32 {
                (
                    buffer(bytes, 16, "domain")?,
                    buffer(bytes, 24, "workstation")?,
                )
            } else {
                (
                    Buffer {
                        name: "domain",
                        range: 0..0,
                    },
                    Buffer {
                        name: "workstation",
                        range: 0..0,
                    },
                )
            };
            let header = bytes.len().min(32);
            let start = payload_start(bytes, &[&domain, &workstation], header)?;
            Ok(Message::Negotiate(Negotiate {
                flags,
                domain: domain.range,
                workstation: workstation.range,
                version: (start >= 40).then_some(32..40),
            }))
        }
        2 => {
            // Section 2.2.1.2: the target name buffer at 12, flags at 20,
            // the server challenge at 24; then (not from the oldest
            // servers) 8 reserved bytes, the target info buffer at 40
            // and the version at 48.
            if bytes.len() < 32 {
                return Err(too_short("a CHALLENGE", "2.2.1.2", 32));
            }
            let target_name = buffer(bytes, 12, "target name")?;
            let flags = u32_at(bytes, 20).unwrap_or(0);
            let first = payload_start(bytes, &[&target_name], 32)?;
            let target_info = if first >= 48 {
                buffer(bytes, 40, "target info")?
            } else {
                Buffer {
                    name: "target info",
                    range: 0..0,
                }
            };
            let header = if first >= 48 { 48 } else { 32 };
            let start = payload_start(bytes, &[&target_name, &target_info], header)?;
            Ok(Message::Challenge(Challenge {
                flags,
                target_name: target_name.range,
                server_challenge: 24..32,
                target_info: target_info.range,
                version: (start >= 56).then_some(48..56),
            }))
        }
        3 => {
            // Section 2.2.1.3: six buffers from 12, flags at 60, the
            // version at 64 and the MIC at 72, each there only when the
            // payload starts after it.
            if bytes.len() < 64 {
                return Err(too_short("an AUTHENTICATE", "2.2.1.3", 64));
            }
            let lm = buffer(bytes, 12, "LM response")?;
            let nt = buffer(bytes, 20, "NT response")?;
            let domain = buffer(bytes, 28, "domain")?;
            let user = buffer(bytes, 36, "user")?;
            let workstation = buffer(bytes, 44, "workstation")?;
            let session_key = buffer(bytes, 52, "encrypted session key")?;
            let flags = u32_at(bytes, 60).unwrap_or(0);
            let start = payload_start(
                bytes,
                &[&lm, &nt, &domain, &user, &workstation, &session_key],
                64,
            )?;
            Ok(Message::Authenticate(Authenticate {
                flags,
                lm_response: lm.range,
                nt_response: nt.range,
                domain: domain.range,
                user: user.range,
                workstation: workstation.range,
                session_key: session_key.range,
                version: (start >= 72).then_some(64..72),
                mic: (start >= 88).then_some(72..88),
                payload: start,
            }))
        }
        other => Err(Malformed::UnknownType(other)),
    }
}

/// Which response an AUTHENTICATE message carries (MS-NLMP section 3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    /// No NT response and an empty (or one zero byte) LM response: an
    /// anonymous login (section 3.2.5.1.2).
    Anonymous,
    /// An LM response alone.
    Lm,
    /// A 24-byte NT response: DES of the server challenge (section 3.3.1).
    NtlmV1,
    /// NTLMv1 with extended session security: DES of a hash of both
    /// challenges (section 3.3.1, the "NTLM2 session response").
    NtlmV1Ess,
    /// An NTProofStr and the client's blob (section 3.3.2).
    NtlmV2,
    /// An NT response of no length that either version gives.
    Unknown,
}

/// NTProofStr (16 bytes) and the blob's fixed fields (28 bytes, section
/// 2.2.2.7): the shortest NTLMv2 response.
const MIN_NTLMV2: usize = 16 + 28;

impl Response {
    /// Classifies by the LM response, the NT response's length and the
    /// flags. A 24-byte NT response is NTLMv1 with extended session
    /// security when the flag is set and the LM response is what section
    /// 3.3.1 makes of it then, the client challenge and 16 zero bytes: the
    /// flag alone does not tell, since some clients (GNU libntlm, which
    /// gsasl uses) echo the server's flag and send plain NTLMv1.
    pub fn of(lm: &[u8], nt_len: usize, flags: u32) -> Response {
        let ess_lm = lm.len() == 24 && lm[8..].iter().all(|&b| b == 0);
        match nt_len {
            0 if lm.len() <= 1 => Response::Anonymous,
            0 => Response::Lm,
            24 if flags & EXTENDED_SESSIONSECURITY != 0 && ess_lm => Response::NtlmV1Ess,
            24 => Response::NtlmV1,
            n if n >= MIN_NTLMV2 => Response::NtlmV2,
            _ => Response::Unknown,
        }
    }

    /// Its name in words.
    pub fn as_str(self) -> &'static str {
        match self {
            Response::Anonymous => "anonymous (no response)",
            Response::Lm => "LM only",
            Response::NtlmV1 => "NTLMv1",
            Response::NtlmV1Ess => "NTLMv1 with extended session security",
            Response::NtlmV2 => "NTLMv2",
            Response::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{Hmac, KeyInit, Mac};
    use md4::Md4;
    use md5::{Digest, Md5};
    use proptest::prelude::*;

    fn unhex(text: &str) -> Vec<u8> {
        hex::decode(text.replace([' ', '\n'], "")).unwrap()
    }

    // MS-NLMP section 4.2.1: the values every example of section 4.2 uses.
    const USER: &str = "User";
    const DOMAIN: &str = "Domain";
    const PASSWORD: &str = "Password";
    const SERVER_CHALLENGE: &str = "0123456789abcdef";

    /// MS-NLMP section 4.2.2.3: the NTLMv1 CHALLENGE_MESSAGE.
    const CHALLENGE_V1: &str = "4e544c4d53535000020000000c000c0038000000338202e20123456789abcdef\
        00000000000000000000000000000000060070170000000f530065007200760065007200";

    /// MS-NLMP section 4.2.2.3: the NTLMv1 AUTHENTICATE_MESSAGE.
    const AUTHENTICATE_V1: &str =
        "4e544c4d5353500003000000180018006c00000018001800840000000c000c00\
        480000000800080054000000100010005c000000100010009c000000358280e20501280a0000000f\
        44006f006d00610069006e00550073006500720043004f004d0050005500540045005200\
        98def7b87f88aa5dafe2df779688a172def11c7d5ccdef13\
        67c43011f30298a2ad35ece64f16331c44bdbed927841f94\
        518822b1b3f350c8958682ecbb3e3cb7";

    /// MS-NLMP section 4.2.4.3: the NTLMv2 CHALLENGE_MESSAGE.
    const CHALLENGE_V2: &str = "4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef\
        00000000000000002400240044000000060070170000000f530065007200760065007200\
        02000c0044006f006d00610069006e0001000c0053006500720076006500720000000000";

    /// MS-NLMP section 4.2.4.3: the NTLMv2 AUTHENTICATE_MESSAGE.
    const AUTHENTICATE_V2: &str =
        "4e544c4d5353500003000000180018006c00000054005400840000000c000c00\
        480000000800080054000000100010005c00000010001000d8000000358288e20501280a0000000f\
        44006f006d00610069006e00550073006500720043004f004d0050005500540045005200\
        86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa\
        68cd0ab851e51c96aabc927bebef6a1c01010000000000000000000000000000aaaaaaaaaaaaaaaa00000000\
        02000c0044006f006d00610069006e0001000c005300650072007600650072000000000000000000\
        c5dad2544fc9799094ce1ce90bc9d03e";

    /// Chromium's net/ntlm/ntlm_test_data.h,
    /// kExpectedAuthenticateMsgSpecResponseV2: its answer to the 4.2.4
    /// challenge with a client timestamp (2017-05-23 20:13:07 UTC), a
    /// MIC, channel bindings and a target name.
    const CHROMIUM_V2: &str =
        "4e544c4d535350000300000018001800580000008a008a00700000000c000c00fa00000008000800\
        06010000100010000e0100000000000058000000038208000000000000000000f7361633f0ad9bdf\
        4a7c421bc6b824a30000000000000000000000000000000000000000000000008c0260dbef690662\
        af9c42d50782d2ed0101000000000000800bc8fd00d4d201aaaaaaaaaaaaaaaa0000000002000c00\
        44006f006d00610069006e0001000c0053006500720076006500720006000400020000000a001000\
        6586e99d81c2fc984e47172fd4dd03100900160048005400540050002f0053006500720076006500\
        7200000000000000000044006f006d00610069006e00550073006500720043004f004d0050005500\
        540045005200";

    fn fields(layout: &Layout) -> Vec<(&'static str, Vec<u8>, bool)> {
        layout
            .fields()
            .map(|f| (f.name, f.value.to_vec(), f.secret))
            .collect()
    }

    fn field<'a>(layout: &'a Layout, name: &str) -> &'a Field {
        layout
            .fields()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no field {name}"))
    }

    fn utf16(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn hmac_md5(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        let mut mac = <Hmac<Md5>>::new_from_slice(key).unwrap();
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().to_vec()
    }

    /// MS-NLMP section 3.3.2: NTOWFv2 = HMAC-MD5(MD4(UTF-16LE(password)),
    /// UTF-16LE(UPPER(user) + domain)).
    fn ntowf_v2(password: &str, user: &str, domain: &str) -> Vec<u8> {
        let nt_hash = Md4::digest(utf16(password));
        hmac_md5(&nt_hash, &[&utf16(&(user.to_uppercase() + domain))])
    }

    #[test]
    fn flags_by_name() {
        // MS-NLMP section 4.2.4.1.1 lists the flags of its example.
        let mut names = flag_names(0xe28a_8233);
        names.sort();
        let mut spec = vec![
            "NTLMSSP_NEGOTIATE_KEY_EXCH",
            "NTLMSSP_NEGOTIATE_56",
            "NTLMSSP_NEGOTIATE_128",
            "NTLMSSP_NEGOTIATE_VERSION",
            "NTLMSSP_NEGOTIATE_TARGET_INFO",
            "NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY",
            "NTLMSSP_TARGET_TYPE_SERVER",
            "NTLMSSP_NEGOTIATE_ALWAYS_SIGN",
            "NTLMSSP_NEGOTIATE_NTLM",
            "NTLMSSP_NEGOTIATE_SEAL",
            "NTLMSSP_NEGOTIATE_SIGN",
            "NTLM_NEGOTIATE_OEM",
            "NTLMSSP_NEGOTIATE_UNICODE",
        ];
        spec.sort_unstable();
        assert_eq!(names, spec);
        assert_eq!(
            flag_names(0x0400_0008),
            ["reserved bit 0x00000008", "reserved bit 0x04000000"]
        );
    }

    /// MS-NLMP section 4.2.4.3's CHALLENGE: the server challenge, the
    /// target name "Server", the AV pairs "Domain" and "Server", version
    /// 6.0 build 6000 revision 15.
    #[test]
    fn spec_4_2_4_challenge() {
        let bytes = unhex(CHALLENGE_V2);
        let Ok(Message::Challenge(c)) = parse(&bytes) else {
            panic!("{:?}", parse(&bytes))
        };
        assert_eq!(c.flags, 0xe28a_8233);
        assert_eq!(
            &bytes[c.server_challenge.clone()],
            &unhex(SERVER_CHALLENGE)[..]
        );
        assert_eq!(&bytes[c.target_name.clone()], &utf16("Server")[..]);
        assert_eq!(c.target_info, 0x44..0x44 + 0x24);
        let layout = layout(&bytes, &Message::Challenge(c));
        assert_eq!(&layout.bytes()[..], &bytes[..]);
        assert_eq!(
            fields(&layout),
            vec![
                ("negotiate-flags", vec![0x33, 0x82, 0x8a, 0xe2], false),
                ("server-challenge", unhex(SERVER_CHALLENGE), false),
                ("version", unhex("060070170000000f"), false),
                ("target-name", utf16("Server"), false),
                ("MsvAvNbDomainName", utf16(DOMAIN), false),
                ("MsvAvNbComputerName", utf16("Server"), false),
            ]
        );
        let notes = layout.notes.join("\n");
        assert!(notes.contains("target name: \"Server\""), "{notes}");
        assert!(
            notes.contains("server challenge: 0123456789abcdef"),
            "{notes}"
        );
        assert!(
            notes.contains(
                "target info: MsvAvNbDomainName \"Domain\", MsvAvNbComputerName \"Server\", MsvAvEOL"
            ),
            "{notes}"
        );
        assert!(
            notes.contains("version: Windows 6.0 build 6000, NTLM revision 15"),
            "{notes}"
        );
        assert!(notes.contains("NTLM is being retired"), "{notes}");
    }

    /// MS-NLMP section 4.2.4.3's AUTHENTICATE: every field against
    /// sections 4.2.1 and 4.2.4.2, and the NTProofStr recomputed from
    /// the password (4.2.4.1.1's NTOWFv2, 4.2.4.2.2's NTProofStr).
    #[test]
    fn spec_4_2_4_authenticate() {
        let bytes = unhex(AUTHENTICATE_V2);
        let Ok(Message::Authenticate(a)) = parse(&bytes) else {
            panic!("{:?}", parse(&bytes))
        };
        assert_eq!(a.flags, 0xe288_8235);
        assert_eq!(&bytes[a.domain.clone()], &utf16(DOMAIN)[..]);
        assert_eq!(&bytes[a.user.clone()], &utf16(USER)[..]);
        assert_eq!(&bytes[a.workstation.clone()], &utf16("COMPUTER")[..]);
        // 4.2.4.2.1 LMv2 response, 4.2.4.2.3 encrypted session key.
        assert_eq!(
            &bytes[a.lm_response.clone()],
            &unhex("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa")[..]
        );
        assert_eq!(
            &bytes[a.session_key.clone()],
            &unhex("c5dad2544fc9799094ce1ce90bc9d03e")[..]
        );
        assert_eq!(a.version, Some(64..72));
        // The payload starts at 72: no room for a MIC.
        assert_eq!(a.mic, None);
        let nt = &bytes[a.nt_response.clone()];
        assert_eq!(Response::of(&[0; 24], nt.len(), a.flags), Response::NtlmV2);

        // 4.2.4.1.1: NTOWFv2.
        let key = ntowf_v2(PASSWORD, USER, DOMAIN);
        assert_eq!(key, unhex("0c868a403bfd7a93a3001ef22ef02e3f"));
        let layout = layout(&bytes, &Message::Authenticate(a));
        assert_eq!(&layout.bytes()[..], &bytes[..]);
        // NTProofStr = HMAC-MD5(NTOWFv2, server challenge || blob), where
        // the blob is the NT response after its first 16 bytes.
        let proof = field(&layout, "nt-proof-str");
        assert!(proof.secret);
        let blob = &nt[16..];
        assert_eq!(
            hmac_md5(&key, &[&unhex(SERVER_CHALLENGE), blob]),
            proof.value.to_vec()
        );
        assert_eq!(
            proof.value.to_vec(),
            unhex("68cd0ab851e51c96aabc927bebef6a1c")
        );
        // 4.2.4.1.3: the blob's fields: timestamp 0, client challenge aa..aa.
        assert_eq!(field(&layout, "timestamp").value.to_vec(), vec![0; 8]);
        assert_eq!(
            field(&layout, "client-challenge").value.to_vec(),
            vec![0xaa; 8]
        );
        assert_eq!(
            field(&layout, "blob-header").value.to_vec(),
            unhex("0101000000000000")
        );
        for secret in ["nt-proof-str", "lm-response", "encrypted-session-key"] {
            assert!(field(&layout, secret).secret, "{secret}");
        }
        let shown: Vec<_> = layout
            .fields()
            .filter(|f| !f.secret)
            .map(|f| f.name)
            .collect();
        assert_eq!(
            shown,
            [
                "negotiate-flags",
                "version",
                "domain",
                "user",
                "workstation",
                "blob-header",
                "timestamp",
                "client-challenge",
                "MsvAvNbDomainName",
                "MsvAvNbComputerName",
            ]
        );
        let masked = layout.escaped(false);
        assert!(!masked.contains(&escape(&unhex("68cd0ab851e51c96aabc927bebef6a1c"))));
        assert_eq!(masked.matches("********").count(), 3);

        let notes = layout.notes.join("\n");
        for expected in [
            "domain \"Domain\", user \"User\", workstation \"COMPUTER\" (UTF-16LE, as the flags select)",
            "response: NTLMv2 (MS-NLMP section 3.3.2): NT response 84 bytes, NTProofStr 16 bytes (masked) and the client's blob of 68 bytes: timestamp 1601-01-01 00:00:00 UTC, client challenge aaaaaaaaaaaaaaaa, AV pairs: MsvAvNbDomainName \"Domain\", MsvAvNbComputerName \"Server\", MsvAvEOL",
            "version: Windows 5.1 build 2600, NTLM revision 15 (NTLMSSP_REVISION_W2K3)",
            "weak: no MIC",
            "weak: no channel bindings",
            "NTLM is being retired",
        ] {
            assert!(notes.contains(expected), "{expected}\n{notes}");
        }
        assert!(!notes.contains("68cd0ab8"), "{notes}");
        assert!(!notes.contains("weak: an NTLMv1"), "{notes}");
        assert!(!notes.contains("weak: an LM"), "{notes}");
    }

    /// MS-NLMP section 4.2.2.3's AUTHENTICATE: NTLMv1, with an LM
    /// response (4.2.2.2.2, 4.2.2.2.1) and the encrypted session key
    /// (4.2.2.2.3).
    #[test]
    fn spec_4_2_2_authenticate() {
        let bytes = unhex(AUTHENTICATE_V1);
        let Ok(message @ Message::Authenticate(_)) = parse(&bytes) else {
            panic!("{:?}", parse(&bytes))
        };
        let Message::Authenticate(a) = &message else {
            unreachable!()
        };
        assert_eq!(a.flags, 0xe280_8235);
        assert_eq!(Response::of(&[1; 24], 24, a.flags), Response::NtlmV1);
        let layout = layout(&bytes, &message);
        assert_eq!(&layout.bytes()[..], &bytes[..]);
        let nt = field(&layout, "nt-response");
        assert!(nt.secret);
        assert_eq!(
            nt.value.to_vec(),
            unhex("67c43011f30298a2ad35ece64f16331c44bdbed927841f94")
        );
        let lm = field(&layout, "lm-response");
        assert!(lm.secret);
        assert_eq!(
            lm.value.to_vec(),
            unhex("98def7b87f88aa5dafe2df779688a172def11c7d5ccdef13")
        );
        let key = field(&layout, "encrypted-session-key");
        assert!(key.secret);
        assert_eq!(
            key.value.to_vec(),
            unhex("518822b1b3f350c8958682ecbb3e3cb7")
        );
        assert_eq!(field(&layout, "user").value.to_vec(), utf16(USER));
        let notes = layout.notes.join("\n");
        assert!(
            notes.contains("response: NTLMv1 (MS-NLMP section 3.3.1)"),
            "{notes}"
        );
        assert!(notes.contains("weak: an LM response"), "{notes}");
        assert!(notes.contains("weak: an NTLMv1 response"), "{notes}");
        assert!(!notes.contains("weak: no MIC"), "{notes}");
    }

    /// MS-NLMP section 4.2.2.3's CHALLENGE: no target info (the flags do
    /// not ask for it, the buffer is empty).
    #[test]
    fn spec_4_2_2_challenge() {
        let bytes = unhex(CHALLENGE_V1);
        let Ok(Message::Challenge(c)) = parse(&bytes) else {
            panic!("{:?}", parse(&bytes))
        };
        assert_eq!(c.flags, 0xe202_8233);
        assert!(c.target_info.is_empty());
        assert_eq!(c.version, Some(48..56));
        assert_eq!(&bytes[c.target_name.clone()], &utf16("Server")[..]);
    }

    /// Chromium's NTLMv2 message: a MIC (MsvAvFlags 0x2), channel
    /// bindings, a target name and a client timestamp; the NTProofStr is
    /// recomputed from the password as for 4.2.4.
    #[test]
    fn chromium_mic_and_channel_bindings() {
        let bytes = unhex(CHROMIUM_V2);
        let message = parse(&bytes).unwrap();
        let Message::Authenticate(a) = &message else {
            panic!()
        };
        assert_eq!(a.flags, 0x0008_8203);
        assert_eq!(a.mic, Some(72..88));
        let nt = bytes[a.nt_response.clone()].to_vec();
        let layout = layout(&bytes, &message);
        assert_eq!(&layout.bytes()[..], &bytes[..]);
        let mic = field(&layout, "mic");
        assert!(mic.secret);
        assert_eq!(
            mic.value.to_vec(),
            unhex("f7361633f0ad9bdf4a7c421bc6b824a3")
        );
        let key = ntowf_v2(PASSWORD, USER, DOMAIN);
        assert_eq!(
            hmac_md5(&key, &[&unhex(SERVER_CHALLENGE), &nt[16..]]),
            field(&layout, "nt-proof-str").value.to_vec()
        );
        assert_eq!(
            field(&layout, "MsvAvChannelBindings").value.to_vec(),
            unhex("6586e99d81c2fc984e47172fd4dd0310")
        );
        assert_eq!(
            field(&layout, "MsvAvTargetName").value.to_vec(),
            utf16("HTTP/Server")
        );
        let notes = layout.notes.join("\n");
        for expected in [
            "timestamp 2017-05-23 20:13:07 UTC",
            "MsvAvFlags 0x00000002 (MIC present)",
            "MsvAvChannelBindings 6586e99d81c2fc984e47172fd4dd0310",
            "MsvAvTargetName \"HTTP/Server\"",
            "MIC: 16 bytes (masked), announced by MsvAvFlags",
            "NTLMSSP_NEGOTIATE_VERSION is not set",
        ] {
            assert!(notes.contains(expected), "{expected}\n{notes}");
        }
        assert!(!notes.contains("weak"), "{notes}");
    }

    /// NTLMv1 with extended session security: Chromium's answer to
    /// 4.2.2's challenge (kExpectedAuthenticateMsgSpecResponseV1), whose
    /// NT response is 4.2.3.2.2's.
    #[test]
    fn ntlm_v1_with_extended_session_security() {
        let bytes = unhex(
            "4e544c4d5353500003000000180018004000000018001800580000000c000c007000000008000800\
             7c0000001000100084000000000000004000000003820800aaaaaaaaaaaaaaaa0000000000000000\
             00000000000000007537f803ae367128ca458204bde7caf81e97ed268326723244006f006d006100\
             69006e00550073006500720043004f004d0050005500540045005200",
        );
        let message = parse(&bytes).unwrap();
        let layout = layout(&bytes, &message);
        assert_eq!(&layout.bytes()[..], &bytes[..]);
        assert_eq!(
            field(&layout, "nt-response").value.to_vec(),
            unhex("7537f803ae367128ca458204bde7caf81e97ed2683267232")
        );
        let notes = layout.notes.join("\n");
        assert!(
            notes.contains("NTLMv1 with extended session security"),
            "{notes}"
        );
        assert!(notes.contains("weak: an NTLMv1 response"), "{notes}");
        assert!(!notes.contains("weak: an LM response"), "{notes}");
        assert_eq!(a_version(&message), None);
    }

    fn a_version(message: &Message) -> Option<Range<usize>> {
        match message {
            Message::Authenticate(a) => a.version.clone(),
            _ => None,
        }
    }

    /// Chromium's NEGOTIATE (kExpectedNegotiateMsg): flags 0x00088207,
    /// empty domain and workstation, no version.
    #[test]
    fn negotiate() {
        let bytes = unhex("4e544c4d53535000010000000782080000000000200000000000000020000000");
        let message = parse(&bytes).unwrap();
        assert_eq!(
            message,
            Message::Negotiate(Negotiate {
                flags: 0x0008_8207,
                domain: 0..0,
                workstation: 0..0,
                version: None,
            })
        );
        let layout = layout(&bytes, &message);
        assert_eq!(
            layout.notes[0],
            "negotiate flags 0x00088207: NTLMSSP_NEGOTIATE_UNICODE, NTLM_NEGOTIATE_OEM, \
             NTLMSSP_REQUEST_TARGET, NTLMSSP_NEGOTIATE_NTLM, NTLMSSP_NEGOTIATE_ALWAYS_SIGN, \
             NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY"
        );
    }

    #[test]
    fn buffers_out_of_bounds_are_reasons() {
        let mut bytes = unhex(AUTHENTICATE_V2);
        // The user buffer's offset pushed past the end.
        bytes[40] = 0xff;
        assert!(matches!(
            parse(&bytes),
            Err(Malformed::Outside { buffer: "user", .. })
        ));
        let (from, what, layout) = recognise(&bytes).unwrap();
        assert_eq!(from, Side::Client);
        assert!(what.contains("does not parse"));
        assert!(
            layout.notes[0].contains("the user buffer"),
            "{:?}",
            layout.notes
        );
        // The responses stay masked.
        assert_eq!(&layout.bytes()[..], &bytes[..]);
        assert!(layout.escaped(false).ends_with("********"));
        // Into the fixed fields, or onto another buffer.
        let mut bytes = unhex(AUTHENTICATE_V2);
        bytes[40] = 0x10;
        assert!(matches!(parse(&bytes), Err(Malformed::InHeader { .. })));
        let mut bytes = unhex(AUTHENTICATE_V2);
        bytes[40] = 0x48;
        assert!(matches!(parse(&bytes), Err(Malformed::Overlap { .. })));
        // The NT response's length zeroed: its bytes are in no buffer,
        // and stay masked.
        let mut bytes = unhex(AUTHENTICATE_V2);
        bytes[20] = 0;
        let (_, _, layout) = recognise(&bytes).unwrap();
        assert!(!layout
            .hex(false)
            .contains("68cd0ab851e51c96aabc927bebef6a1c"));
        assert_eq!(field(&layout, "unclaimed").value.len(), 84);
        assert!(layout
            .notes
            .iter()
            .any(|n| n.starts_with("84 bytes of the payload are in no buffer")));
        assert_eq!(
            parse(b"NTLMSSP\0\x04\0\0\0"),
            Err(Malformed::UnknownType(4))
        );
        assert_eq!(parse(b"NTLMSSP"), Err(Malformed::NoSignature));
        assert!(matches!(
            parse(b"NTLMSSP\0\x03\0\0\0\0"),
            Err(Malformed::TooShort { .. })
        ));
        assert!(recognise(b"NTLMSSP").is_none());
    }

    #[test]
    fn av_pairs_that_run_past_their_buffer_are_said_so() {
        let mut bytes = unhex(CHALLENGE_V2);
        // MsvAvNbDomainName's length 0x0c made 0xff.
        let at = 0x44 + 2;
        bytes[at] = 0xff;
        let (_, _, layout) = recognise(&bytes).unwrap();
        assert_eq!(&layout.bytes()[..], &bytes[..]);
        assert!(
            layout
                .notes
                .iter()
                .any(|n| n.contains("runs past its buffer")),
            "{:?}",
            layout.notes
        );
    }

    proptest! {
        /// No byte string makes the reader panic, and the layout gives
        /// the bytes back.
        #[test]
        fn no_input_panics(tail in proptest::collection::vec(any::<u8>(), 0..300), kind in 0u8..5) {
            let mut bytes = SIGNATURE.to_vec();
            bytes.extend([kind, 0, 0, 0]);
            bytes.extend(&tail);
            if let Some((_, _, layout)) = recognise(&bytes) {
                prop_assert_eq!(&layout.bytes()[..], &bytes[..]);
                let _ = layout.escaped(false);
            }
            let _ = recognise(&tail);
        }

        /// The 4.2.4 message with any one byte changed still reads, with
        /// its bytes given back, and its NTProofStr never shown.
        #[test]
        fn one_byte_changed(at in 12usize..232, value in any::<u8>()) {
            let mut bytes = unhex(AUTHENTICATE_V2);
            bytes[at] = value;
            let (_, _, layout) = recognise(&bytes).unwrap();
            prop_assert_eq!(&layout.bytes()[..], &bytes[..]);
            let shown = layout.hex(false);
            prop_assert!(!shown.contains("68cd0ab851e51c96aabc927bebef6a1c"), "{}", shown);
            prop_assert!(!shown.contains("86c35097ac9cec102554764a57cccc19"), "{}", shown);
            prop_assert!(!shown.contains("c5dad2544fc9799094ce1ce90bc9d03e"), "{}", shown);
        }
    }
}
