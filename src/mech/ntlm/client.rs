//! The NTLM client: NEGOTIATE, then the AUTHENTICATE message that answers
//! the server's CHALLENGE with an NTLMv2 response (MS-NLMP section
//! 3.1.5.1.2 and 3.3.2); never LM or NTLMv1.
//!
//! ```text
//! NTOWFv2     = HMAC-MD5(MD4(UTF-16LE(password)), UTF-16LE(UPPER(user) + domain))
//! temp        = 0x01 0x01 Z(6) timestamp client-challenge Z(4) target-info Z(4)
//! NTProofStr  = HMAC-MD5(NTOWFv2, server-challenge + temp)
//! NT response = NTProofStr + temp
//! LMv2        = HMAC-MD5(NTOWFv2, server-challenge + client-challenge) + client-challenge
//! ```
//!
//! When the server's target info holds a timestamp (MsvAvTimestamp), that
//! timestamp goes in the blob, the LM response is 24 zero bytes, MsvAvFlags
//! announces a MIC, and the MIC is HMAC-MD5 under the session key
//! (HMAC-MD5(NTOWFv2, NTProofStr), no key exchange) of the three messages.
//! The client challenge and the timestamp come in as parameters, so that
//! MS-NLMP section 4.2.4's example is reproduced byte for byte.

use hmac::{Hmac, KeyInit, Mac};
use md5::Md5;
use zeroize::Zeroizing;

use super::reading::RETIRED;
use super::{parse, u16_at, u64_at, Message, NAME, SIGNATURE};
use crate::layout::{Explain, Layout, Step};
use crate::mech::{Mechanism, Message as Bytes};
use crate::stored::nt_hash::nt_hash;
use crate::{field, Error};

/// The flags saslenc's NEGOTIATE asks for: Unicode (and OEM, as every
/// client offers), the target's name, NTLM, always-sign and extended
/// session security, as Chromium's and curl's clients do; no signing,
/// sealing or key exchange, since SASL here has no security layer.
pub const NEGOTIATE_FLAGS: u32 = 0x0000_0001 // UNICODE
    | 0x0000_0002 // OEM
    | 0x0000_0004 // REQUEST_TARGET
    | 0x0000_0200 // NTLM
    | 0x0000_8000 // ALWAYS_SIGN
    | 0x0008_0000; // EXTENDED_SESSIONSECURITY

/// The AV pair ids the client reads and writes (MS-NLMP section 2.2.2.1).
const AV_EOL: u16 = 0;
const AV_FLAGS: u16 = 6;
const AV_TIMESTAMP: u16 = 7;

pub(super) fn hmac_md5(key: &[u8], parts: &[&[u8]]) -> Zeroizing<[u8; 16]> {
    // HMAC takes a key of any length.
    let mut mac = <Hmac<Md5> as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    for part in parts {
        mac.update(part);
    }
    let mut out = Zeroizing::new([0u8; 16]);
    out.copy_from_slice(&mac.finalize().into_bytes());
    out
}

fn utf16le(text: &str) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(text.encode_utf16().flat_map(u16::to_le_bytes).collect())
}

/// NTOWFv2 (MS-NLMP section 3.3.2): HMAC-MD5 keyed with the NT hash of
/// the UTF-16LE of UPPER(user) and the domain as given.
///
/// ```
/// // MS-NLMP section 4.2.4.1.1.
/// let key = saslenc::mech::ntlm::client::ntowf_v2("Password", "User", "Domain");
/// assert_eq!(hex::encode(&key[..]), "0c868a403bfd7a93a3001ef22ef02e3f");
/// ```
pub fn ntowf_v2(password: &str, user: &str, domain: &str) -> Zeroizing<[u8; 16]> {
    ntowf_v2_from_hash(&nt_hash(password), user, domain)
}

/// NTOWFv2 from the NT hash itself (what a server holding `{NTLM}` has).
pub fn ntowf_v2_from_hash(nt_hash: &[u8; 16], user: &str, domain: &str) -> Zeroizing<[u8; 16]> {
    let mut identity = Zeroizing::new(user.to_uppercase());
    identity.push_str(domain);
    hmac_md5(&nt_hash[..], &[&utf16le(&identity)])
}

/// The NTLMv2 responses for one CHALLENGE.
pub struct V2Response {
    /// The LMv2 response (or 24 zero bytes when a timestamp came).
    pub lm: Vec<u8>,
    /// NTProofStr followed by the blob.
    pub nt: Zeroizing<Vec<u8>>,
    /// The session base key, HMAC-MD5(NTOWFv2, NTProofStr).
    pub session_key: Zeroizing<[u8; 16]>,
}

/// MS-NLMP section 3.3.2's ComputeResponse for NTLMv2, with `target_info`
/// put in the blob as given.
pub fn v2_response(
    key: &[u8; 16],
    server_challenge: &[u8],
    client_challenge: &[u8; 8],
    timestamp: u64,
    target_info: &[u8],
    lm_zero: bool,
) -> V2Response {
    let mut temp = Vec::with_capacity(28 + target_info.len() + 4);
    temp.extend_from_slice(&[1, 1, 0, 0, 0, 0, 0, 0]);
    temp.extend_from_slice(&timestamp.to_le_bytes());
    temp.extend_from_slice(client_challenge);
    temp.extend_from_slice(&[0; 4]);
    temp.extend_from_slice(target_info);
    temp.extend_from_slice(&[0; 4]);
    let proof = hmac_md5(key, &[server_challenge, &temp]);
    let mut nt = Zeroizing::new(proof.to_vec());
    nt.extend_from_slice(&temp);
    let lm = if lm_zero {
        vec![0; 24]
    } else {
        let mut lm = hmac_md5(key, &[server_challenge, client_challenge]).to_vec();
        lm.extend_from_slice(client_challenge);
        lm
    };
    V2Response {
        lm,
        nt,
        session_key: hmac_md5(key, &[&proof[..]]),
    }
}

/// The target info's AV pairs, and the timestamp if one is there.
fn timestamp_in(target_info: &[u8]) -> Option<u64> {
    let mut at = 0;
    while let (Some(id), Some(len)) = (u16_at(target_info, at), u16_at(target_info, at + 2)) {
        if id == AV_EOL {
            return None;
        }
        let len = usize::from(len);
        if id == AV_TIMESTAMP && len == 8 {
            return u64_at(target_info, at + 4);
        }
        at += 4 + len;
    }
    None
}

/// The target info with MsvAvFlags announcing a MIC (bit 0x2), added or
/// set, before MsvAvEOL.
fn with_mic_flag(target_info: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(target_info.len() + 8);
    let mut at = 0;
    let mut flagged = false;
    while let (Some(id), Some(len)) = (u16_at(target_info, at), u16_at(target_info, at + 2)) {
        let len = usize::from(len);
        let Some(pair) = target_info.get(at..at + 4 + len) else {
            break;
        };
        if id == AV_EOL {
            break;
        }
        if id == AV_FLAGS && len == 4 {
            let flags = u32::from_le_bytes([pair[4], pair[5], pair[6], pair[7]]) | 2;
            out.extend_from_slice(&pair[..4]);
            out.extend_from_slice(&flags.to_le_bytes());
            flagged = true;
        } else {
            out.extend_from_slice(pair);
        }
        at += 4 + len;
    }
    if !flagged {
        out.extend_from_slice(&AV_FLAGS.to_le_bytes());
        out.extend_from_slice(&4u16.to_le_bytes());
        out.extend_from_slice(&2u32.to_le_bytes());
    }
    out.extend_from_slice(&[0; 4]);
    out
}

/// A random client challenge, from the system's generator.
pub fn random_client_challenge() -> Result<[u8; 8], Error> {
    let mut out = [0u8; 8];
    getrandom::fill(&mut out).map_err(|e| {
        Error::io(
            "get random bytes for the NTLM client challenge",
            std::io::Error::other(e.to_string()),
        )
    })?;
    Ok(out)
}

/// The FILETIME now: 100-nanosecond ticks since 1601-01-01.
fn filetime_now() -> u64 {
    const UNIX_TO_1601: u64 = 11_644_473_600;
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (since.as_secs() + UNIX_TO_1601) * 10_000_000 + u64::from(since.subsec_nanos() / 100)
}

/// What the client logs in with.
pub struct Login<'a> {
    /// The user name.
    pub user: &'a str,
    /// The domain, empty for none.
    pub domain: &'a str,
    /// The password.
    pub password: &'a str,
    /// The workstation name, empty for none.
    pub workstation: &'a str,
    /// The client challenge (random in practice).
    pub client_challenge: [u8; 8],
    /// The timestamp for the blob when the server sends none; `None`:
    /// now.
    pub timestamp: Option<u64>,
}

enum State {
    Start,
    /// NEGOTIATE sent (kept for the MIC).
    Negotiated(Vec<u8>),
    Done,
}

/// The NTLM client (NTLMv2 only).
pub struct Ntlm {
    user: String,
    domain: String,
    password: Zeroizing<String>,
    workstation: String,
    client_challenge: [u8; 8],
    timestamp: Option<u64>,
    state: State,
}

impl Ntlm {
    /// A client for `login`.
    pub fn new(login: Login<'_>) -> Result<Self, Error> {
        field::non_empty("user", login.user.as_bytes(), "NTLM sends a user name")?;
        field::non_empty(
            "password",
            login.password.as_bytes(),
            field::EMPTY_SECRET_RULE,
        )?;
        Ok(Ntlm {
            user: login.user.to_owned(),
            domain: login.domain.to_owned(),
            password: Zeroizing::new(login.password.to_owned()),
            workstation: login.workstation.to_owned(),
            client_challenge: login.client_challenge,
            timestamp: login.timestamp,
            state: State::Start,
        })
    }

    /// NEGOTIATE (MS-NLMP section 2.2.1.1): the flags, empty domain and
    /// workstation buffers pointing at the end of the 32 bytes.
    pub fn negotiate() -> Vec<u8> {
        let mut out = SIGNATURE.to_vec();
        out.extend_from_slice(&1u32.to_le_bytes());
        out.extend_from_slice(&NEGOTIATE_FLAGS.to_le_bytes());
        for _ in 0..2 {
            out.extend_from_slice(&[0, 0, 0, 0]);
            out.extend_from_slice(&32u32.to_le_bytes());
        }
        out
    }

    fn authenticate(&mut self, negotiate: &[u8], challenge: &[u8]) -> Result<Bytes, Error> {
        let Ok(Message::Challenge(c)) = parse(challenge) else {
            return Err(Error::malformed(
                "challenge",
                "the server's NTLM message is no CHALLENGE (MS-NLMP section 2.2.1.2)",
            ));
        };
        if c.flags & super::UNICODE == 0 {
            return Err(Error::malformed(
                "challenge",
                "the server does not select Unicode; saslenc sends names in UTF-16LE only",
            ));
        }
        let server_challenge = &challenge[c.server_challenge.clone()];
        let target_info = &challenge[c.target_info.clone()];
        let key = ntowf_v2(&self.password, &self.user, &self.domain);
        let server_time = timestamp_in(target_info);
        let (timestamp, info) = match server_time {
            Some(time) => (time, with_mic_flag(target_info)),
            None => (
                self.timestamp.unwrap_or_else(filetime_now),
                target_info.to_vec(),
            ),
        };
        let response = v2_response(
            &key,
            server_challenge,
            &self.client_challenge,
            timestamp,
            &info,
            server_time.is_some(),
        );
        let flags = (c.flags & NEGOTIATE_FLAGS & !0x2) | super::UNICODE;
        let mic = server_time.is_some();
        let header = if mic { 88 } else { 72 };
        let domain = utf16le(&self.domain);
        let user = utf16le(&self.user);
        let workstation = utf16le(&self.workstation);
        // MS-NLMP section 2.2.1.3: the buffers' descriptors, then flags,
        // version, MIC; the payload in the order domain, user,
        // workstation, LM, NT (as in section 4.2.4.3).
        let payload: [&[u8]; 5] = [&domain, &user, &workstation, &response.lm, &response.nt];
        let mut offsets = [0usize; 5];
        let mut at = header;
        for (offset, part) in offsets.iter_mut().zip(payload) {
            *offset = at;
            at += part.len();
        }
        let mut out = Zeroizing::new(SIGNATURE.to_vec());
        out.extend_from_slice(&3u32.to_le_bytes());
        let descriptor = |out: &mut Vec<u8>, len: usize, offset: usize| {
            let len = u16::try_from(len).unwrap_or(u16::MAX);
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&u32::try_from(offset).unwrap_or(u32::MAX).to_le_bytes());
        };
        for index in [3, 4, 0, 1, 2] {
            descriptor(&mut out, payload[index].len(), offsets[index]);
        }
        descriptor(&mut out, 0, at);
        out.extend_from_slice(&flags.to_le_bytes());
        out.extend_from_slice(&[0; 8]);
        if mic {
            out.extend_from_slice(&[0; 16]);
        }
        for part in payload {
            out.extend_from_slice(part);
        }
        if mic {
            let code = hmac_md5(&response.session_key[..], &[negotiate, challenge, &out]);
            out[72..88].copy_from_slice(&code[..]);
        }
        if out.len() > usize::from(u16::MAX) {
            return Err(Error::malformed(
                "challenge",
                "the server's target info makes the AUTHENTICATE message too long",
            ));
        }
        Ok(Bytes::new(out.to_vec()))
    }
}

impl Mechanism for Ntlm {
    fn name(&self) -> &'static str {
        NAME
    }

    fn initial(&mut self) -> Result<Option<Bytes>, Error> {
        let negotiate = Ntlm::negotiate();
        self.state = State::Negotiated(negotiate.clone());
        Ok(Some(Bytes::new(negotiate)))
    }

    fn respond(&mut self, challenge: &[u8]) -> Result<Bytes, Error> {
        match std::mem::replace(&mut self.state, State::Done) {
            // No initial response was sent: the server's empty challenge
            // asks for NEGOTIATE.
            State::Start if challenge.is_empty() => Ok(self.initial()?.unwrap_or_default()),
            State::Start => self.authenticate(&Ntlm::negotiate(), challenge),
            State::Negotiated(negotiate) => self.authenticate(&negotiate, challenge),
            State::Done => Err(Error::UnexpectedChallenge {
                mechanism: NAME,
                steps: 2,
            }),
        }
    }

    fn is_complete(&self) -> bool {
        matches!(self.state, State::Done)
    }
}

impl Explain for Ntlm {
    /// NEGOTIATE, then AUTHENTICATE, read as `decode` reads them.
    fn layout(&self, step: &Step<'_>) -> Layout {
        match super::read(step.message) {
            Ok(layout) => layout,
            Err(_) => Layout::new(NAME).literal(step.message).note(RETIRED),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(text: &str) -> Vec<u8> {
        hex::decode(text.replace([' ', '\n'], "")).unwrap()
    }

    /// MS-NLMP section 4.2.4: user "User", domain "Domain", password
    /// "Password", client challenge aa..aa, timestamp 0, the CHALLENGE of
    /// 4.2.4.3 (no MsvAvTimestamp: no MIC, an LMv2 response).
    #[test]
    fn ms_nlmp_4_2_4_byte_for_byte() {
        let challenge = unhex(
            "4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef\
             00000000000000002400240044000000060070170000000f530065007200760065007200\
             02000c0044006f006d00610069006e0001000c0053006500720076006500720000000000",
        );
        let mut client = Ntlm::new(Login {
            user: "User",
            domain: "Domain",
            password: "Password",
            workstation: "COMPUTER",
            client_challenge: [0xaa; 8],
            timestamp: Some(0),
        })
        .unwrap();
        let negotiate = client.initial().unwrap().unwrap();
        assert!(matches!(parse(&negotiate), Ok(Message::Negotiate(_))));
        let authenticate = client.respond(&challenge).unwrap();
        assert!(client.is_complete());
        let Ok(Message::Authenticate(a)) = parse(&authenticate) else {
            panic!()
        };
        // 4.2.4.2.1 LMv2 response.
        assert_eq!(
            &authenticate[a.lm_response.clone()],
            &unhex("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa")[..]
        );
        // 4.2.4.2.2 NTLMv2 response: NTProofStr then the blob, as in the
        // AUTHENTICATE_MESSAGE of 4.2.4.3.
        assert_eq!(
            &authenticate[a.nt_response.clone()],
            &unhex(
                "68cd0ab851e51c96aabc927bebef6a1c01010000000000000000000000000000\
                 aaaaaaaaaaaaaaaa0000000002000c0044006f006d00610069006e0001000c00\
                 5300650072007600650072000000000000000000"
            )[..]
        );
        assert_eq!(&authenticate[a.user.clone()], &utf16le("User")[..]);
        assert_eq!(&authenticate[a.domain.clone()], &utf16le("Domain")[..]);
        assert_eq!(
            &authenticate[a.workstation.clone()],
            &utf16le("COMPUTER")[..]
        );
        // 4.2.4.1.2 session base key.
        let key = ntowf_v2("Password", "User", "Domain");
        let proof = &authenticate[a.nt_response.start..a.nt_response.start + 16];
        assert_eq!(
            hex::encode(&hmac_md5(&key[..], &[proof])[..]),
            "8de40ccadbc14a82f15cb0ad0de95ca3"
        );
        assert_eq!(a.mic, None);
        assert!(client.respond(&challenge).is_err());
    }

    /// A target info with a timestamp: the timestamp goes in the blob,
    /// MsvAvFlags announces the MIC, the LM response is zero, and the MIC
    /// is HMAC-MD5 under the session key of the three messages.
    #[test]
    fn a_server_timestamp_brings_a_mic() {
        let time = 0x01d2_d400_fdc8_0b80u64;
        let mut info = unhex("02000c0044006f006d00610069006e00");
        info.extend_from_slice(&7u16.to_le_bytes());
        info.extend_from_slice(&8u16.to_le_bytes());
        info.extend_from_slice(&time.to_le_bytes());
        info.extend_from_slice(&[0; 4]);
        let mut challenge = SIGNATURE.to_vec();
        challenge.extend_from_slice(&2u32.to_le_bytes());
        challenge.extend_from_slice(&[0, 0, 0, 0, 48, 0, 0, 0]);
        challenge.extend_from_slice(&0x0088_8205u32.to_le_bytes());
        challenge.extend_from_slice(&unhex("0123456789abcdef"));
        challenge.extend_from_slice(&[0; 8]);
        let len = info.len() as u16;
        challenge.extend_from_slice(&len.to_le_bytes());
        challenge.extend_from_slice(&len.to_le_bytes());
        challenge.extend_from_slice(&48u32.to_le_bytes());
        challenge.extend_from_slice(&info);
        let mut client = Ntlm::new(Login {
            user: "User",
            domain: "Domain",
            password: "Password",
            workstation: "",
            client_challenge: [0xaa; 8],
            timestamp: Some(1),
        })
        .unwrap();
        let negotiate = client.initial().unwrap().unwrap();
        let authenticate = client.respond(&challenge).unwrap();
        let Ok(Message::Authenticate(a)) = parse(&authenticate) else {
            panic!()
        };
        assert_eq!(&authenticate[a.lm_response.clone()], &[0u8; 24][..]);
        let nt = &authenticate[a.nt_response.clone()];
        assert_eq!(&nt[24..32], &time.to_le_bytes()[..]);
        let blob = &nt[16..];
        assert!(
            blob.windows(8).any(|w| w == [6, 0, 4, 0, 2, 0, 0, 0]),
            "MsvAvFlags with the MIC bit"
        );
        let key = ntowf_v2("Password", "User", "Domain");
        assert_eq!(
            &nt[..16],
            &hmac_md5(&key[..], &[&unhex("0123456789abcdef"), blob])[..]
        );
        let session = hmac_md5(&key[..], &[&nt[..16]]);
        let mic = a.mic.clone().unwrap();
        let mut zeroed = authenticate.to_vec();
        zeroed[mic.clone()].fill(0);
        assert_eq!(
            &authenticate[mic],
            &hmac_md5(&session[..], &[&negotiate, &challenge, &zeroed])[..]
        );
        let layout = super::super::read(&authenticate).unwrap();
        let notes = layout.notes.join("\n");
        assert!(notes.contains("response: NTLMv2"), "{notes}");
        assert!(!notes.contains("weak: no MIC"), "{notes}");
    }
}
