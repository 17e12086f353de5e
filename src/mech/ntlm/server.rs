//! The NTLM server step: a CHALLENGE with target info (MS-NLMP section
//! 2.2.1.2), and the check of the client's AUTHENTICATE, whose NTLMv2
//! response is recomputed from the NT hash (section 3.3.2). NTLMv1 and LM
//! responses are refused as weak: Windows servers set to "Send NTLMv2
//! response only. Refuse LM & NTLM" refuse them too.

use super::client::ntowf_v2_from_hash;
use super::{parse, Message, Response, SIGNATURE};

/// The flags of saslenc's CHALLENGE: Unicode, the target name requested,
/// NTLM, always-sign, a server target, extended session security and
/// target info.
pub const CHALLENGE_FLAGS: u32 = 0x0000_0001 // UNICODE
    | 0x0000_0004 // REQUEST_TARGET
    | 0x0000_0200 // NTLM
    | 0x0000_8000 // ALWAYS_SIGN
    | 0x0002_0000 // TARGET_TYPE_SERVER
    | 0x0008_0000 // EXTENDED_SESSIONSECURITY
    | 0x0080_0000; // TARGET_INFO

/// UTF-16LE bytes as text (unpaired surrogates replaced).
fn utf16le(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn av(out: &mut Vec<u8>, id: u16, value: &[u8]) {
    out.extend_from_slice(&id.to_le_bytes());
    out.extend_from_slice(&u16::try_from(value.len()).unwrap_or(0).to_le_bytes());
    out.extend_from_slice(value);
}

/// The CHALLENGE for `server_challenge`, naming `target` (upper case, as
/// a NetBIOS name) as domain and computer, with the `timestamp` (FILETIME)
/// that asks the client for a MIC.
pub fn challenge_message(server_challenge: &[u8; 8], timestamp: u64, target: &str) -> Vec<u8> {
    let name = utf16(&target.to_uppercase());
    let mut info = Vec::new();
    av(&mut info, 2, &name);
    av(&mut info, 1, &name);
    av(&mut info, 7, &timestamp.to_le_bytes());
    av(&mut info, 0, &[]);
    let header = 48u32;
    let mut out = SIGNATURE.to_vec();
    out.extend_from_slice(&2u32.to_le_bytes());
    let name_len = u16::try_from(name.len()).unwrap_or(0);
    out.extend_from_slice(&name_len.to_le_bytes());
    out.extend_from_slice(&name_len.to_le_bytes());
    out.extend_from_slice(&header.to_le_bytes());
    out.extend_from_slice(&CHALLENGE_FLAGS.to_le_bytes());
    out.extend_from_slice(server_challenge);
    out.extend_from_slice(&[0; 8]);
    let info_len = u16::try_from(info.len()).unwrap_or(0);
    out.extend_from_slice(&info_len.to_le_bytes());
    out.extend_from_slice(&info_len.to_le_bytes());
    out.extend_from_slice(&(header + u32::from(name_len)).to_le_bytes());
    out.extend_from_slice(&name);
    out.extend_from_slice(&info);
    out
}

/// The user and domain an AUTHENTICATE names, and its response.
pub struct Authenticate {
    /// The user name, as sent.
    pub user: String,
    /// The domain, as sent.
    pub domain: String,
    /// NTProofStr.
    pub proof: Vec<u8>,
    /// The client's blob.
    pub blob: Vec<u8>,
}

/// Reads the client's AUTHENTICATE; the error says why it cannot be
/// checked (not one, not Unicode, or a weak response).
pub fn read_authenticate(bytes: &[u8]) -> Result<Authenticate, String> {
    let a = match parse(bytes) {
        Ok(Message::Authenticate(a)) => a,
        Ok(_) => return Err("the message is no AUTHENTICATE (MS-NLMP section 2.2.1.3)".into()),
        Err(e) => return Err(e.to_string()),
    };
    let response = Response::of(a.lm_response.len(), a.nt_response.len(), a.flags);
    if response != Response::NtlmV2 {
        return Err(format!(
            "the client sent an {} response, which this server refuses as weak: only NTLMv2 is \
             accepted (a Windows server set to \"Send NTLMv2 response only. Refuse LM & NTLM\" \
             refuses it too)",
            response.as_str()
        ));
    }
    if a.flags & super::UNICODE == 0 {
        return Err("the names are not in Unicode (UTF-16LE), which this server asked for".into());
    }
    let nt = &bytes[a.nt_response.clone()];
    Ok(Authenticate {
        user: utf16le(&bytes[a.user.clone()]),
        domain: utf16le(&bytes[a.domain.clone()]),
        proof: nt[..16].to_vec(),
        blob: nt[16..].to_vec(),
    })
}

/// Whether the NTLMv2 response of `message` is the one the NT hash
/// `nt_hash` gives for `server_challenge`, with the user and domain as
/// sent.
pub fn verify(message: &Authenticate, nt_hash: &[u8; 16], server_challenge: &[u8; 8]) -> bool {
    let key = ntowf_v2_from_hash(nt_hash, &message.user, &message.domain);
    let proof = super::client::hmac_md5(&key[..], &[server_challenge, &message.blob]);
    bool::from(subtle::ConstantTimeEq::ct_eq(
        &proof[..],
        &message.proof[..],
    ))
}

#[cfg(test)]
mod tests {
    use super::super::client::{Login, Ntlm};
    use super::*;
    use crate::mech::Mechanism;
    use crate::stored::nt_hash::nt_hash;

    /// The CHALLENGE reads back with its flags, name and timestamp; an
    /// NTLMv2 AUTHENTICATE from saslenc's client verifies with the
    /// password's NT hash and not with another's.
    #[test]
    fn challenge_then_verify() {
        let challenge = challenge_message(&[7; 8], 0x01d2_d400_fdc8_0b80, "localhost");
        let Ok(Message::Challenge(c)) = parse(&challenge) else {
            panic!()
        };
        assert_eq!(c.flags, CHALLENGE_FLAGS);
        assert_eq!(utf16le(&challenge[c.target_name.clone()]), "LOCALHOST");
        let mut client = Ntlm::new(Login {
            user: "alice",
            domain: "WORK",
            password: "pencil",
            workstation: "",
            client_challenge: [1; 8],
            timestamp: None,
        })
        .unwrap();
        client.initial().unwrap();
        let authenticate = client.respond(&challenge).unwrap();
        let message = read_authenticate(&authenticate).unwrap();
        assert_eq!(
            (message.user.as_str(), message.domain.as_str()),
            ("alice", "WORK")
        );
        assert!(verify(&message, &nt_hash("pencil"), &[7; 8]));
        assert!(!verify(&message, &nt_hash("pencil!"), &[7; 8]));
        assert!(!verify(&message, &nt_hash("pencil"), &[8; 8]));
    }

    /// MS-NLMP section 4.2.2.3's NTLMv1 AUTHENTICATE is refused as weak.
    #[test]
    fn ntlm_v1_is_refused_as_weak() {
        let v1 = hex::decode(
            "4e544c4d5353500003000000180018006c00000018001800840000000c000c00\
             480000000800080054000000100010005c000000100010009c000000358280e20501280a0000000f\
             44006f006d00610069006e00550073006500720043004f004d0050005500540045005200\
             98def7b87f88aa5dafe2df779688a172def11c7d5ccdef13\
             67c43011f30298a2ad35ece64f16331c44bdbed927841f94\
             518822b1b3f350c8958682ecbb3e3cb7",
        )
        .unwrap();
        let err = read_authenticate(&v1).err().unwrap();
        assert!(err.contains("NTLMv1") && err.contains("weak"), "{err}");
    }
}
