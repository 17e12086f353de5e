//! The NTLM server step: a CHALLENGE with target info (MS-NLMP section
//! 2.2.1.2), and the check of the client's AUTHENTICATE, whose NTLMv2
//! response is recomputed from the NT hash (section 3.3.2). NTLMv1
//! responses (with or without extended session security, section 3.3.1)
//! are refused as weak unless the server is told to accept them, as
//! Windows servers set to "Send NTLMv2 response only. Refuse LM & NTLM"
//! refuse them; LM-only responses are refused always.
//!
//! ```text
//! DESL(K, D)  = DES(K[0..7], D) + DES(K[7..14], D) + DES(K[14..16] + Z(5), D)
//! NTLMv1      = DESL(NT hash, server-challenge)
//! NTLMv1+ESS  = DESL(NT hash, MD5(server-challenge + client-challenge)[0..8])
//!               with the client challenge the LM response's first 8 bytes
//! ```

use des::cipher::{Array, BlockCipherEncrypt, KeyInit};
use des::Des;
use md5::{Digest, Md5};

use super::client::ntowf_v2_from_hash;
use super::{parse, Malformed, Message, Response, SIGNATURE};

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
/// a NetBIOS name) as computer and `domain` (upper case too; `target`
/// when `None`) as domain, with the `timestamp` (FILETIME) that asks the
/// client for a MIC.
pub fn challenge_message(
    server_challenge: &[u8; 8],
    timestamp: u64,
    target: &str,
    domain: Option<&str>,
) -> Vec<u8> {
    let name = utf16(&target.to_uppercase());
    let domain = utf16(&domain.unwrap_or(target).to_uppercase());
    let mut info = Vec::new();
    av(&mut info, 2, &domain);
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

/// The response an AUTHENTICATE carries, as the server checks it.
pub enum Answer {
    /// NTLMv2 (MS-NLMP section 3.3.2).
    V2 {
        /// NTProofStr.
        proof: Vec<u8>,
        /// The client's blob.
        blob: Vec<u8>,
    },
    /// NTLMv1 (section 3.3.1), taken only where the server accepts it.
    V1 {
        /// The 24-byte NT response.
        nt: [u8; 24],
        /// With extended session security, the client challenge (the LM
        /// response's first 8 bytes); `None` for plain NTLMv1.
        client_challenge: Option<[u8; 8]>,
    },
}

/// The user and domain an AUTHENTICATE names, and its response.
pub struct Authenticate {
    /// The user name, as sent.
    pub user: String,
    /// The domain, as sent.
    pub domain: String,
    /// The response.
    pub answer: Answer,
}

impl Authenticate {
    /// Which response this is.
    pub fn response(&self) -> Response {
        match self.answer {
            Answer::V2 { .. } => Response::NtlmV2,
            Answer::V1 {
                client_challenge: None,
                ..
            } => Response::NtlmV1,
            Answer::V1 { .. } => Response::NtlmV1Ess,
        }
    }
}

/// Why an AUTHENTICATE cannot be checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unfit {
    /// Another NTLM message.
    #[error("the message is no AUTHENTICATE (MS-NLMP section 2.2.1.3)")]
    NotAuthenticate,
    /// Not an NTLM message that reads.
    #[error(transparent)]
    Malformed(#[from] Malformed),
    /// A response this server does not take.
    #[error(
        "the client sent {} response, which this server refuses as weak: {} (a Windows server \
         set to \"Send NTLMv2 response only. Refuse LM & NTLM\" refuses it too)",
        article(.response.as_str()),
        if *.v1_allowed { "only NTLMv2 and NTLMv1 are accepted, never LM alone" }
        else { "only NTLMv2 is accepted; this server takes NTLMv1 only when told to" }
    )]
    Weak {
        /// What the client sent.
        response: Response,
        /// Whether this server takes NTLMv1.
        v1_allowed: bool,
    },
    /// No response a password gives: anonymous (none at all), or an NT
    /// response of a length no NTLM version has.
    #[error(
        "the client sent {} response, which no password gives: there is nothing to check \
         (NTLMv1's NT response is 24 bytes, NTLMv2's at least {} bytes)",
        article(.0.as_str()),
        super::MIN_NTLMV2
    )]
    Unusable(Response),
    /// OEM names, where this server asked for Unicode.
    #[error("the names are not in Unicode (UTF-16LE), which this server asked for")]
    NotUnicode,
}

fn article(name: &str) -> String {
    match name.as_bytes().first() {
        Some(b'a' | b'e' | b'i' | b'o' | b'u' | b'L' | b'N') => format!("an {name}"),
        _ => format!("a {name}"),
    }
}

/// Reads the client's AUTHENTICATE; the error says why it cannot be
/// checked (not one, not Unicode, or a response refused as weak). NTLMv1
/// is taken only with `accept_v1`.
pub fn read_authenticate(bytes: &[u8], accept_v1: bool) -> Result<Authenticate, Unfit> {
    let a = match parse(bytes)? {
        Message::Authenticate(a) => a,
        _ => return Err(Unfit::NotAuthenticate),
    };
    let nt = &bytes[a.nt_response.clone()];
    let lm = &bytes[a.lm_response.clone()];
    let response = Response::of(lm, nt.len(), a.flags);
    let answer = match response {
        Response::NtlmV2 => Answer::V2 {
            proof: nt[..16].to_vec(),
            blob: nt[16..].to_vec(),
        },
        Response::NtlmV1 | Response::NtlmV1Ess if accept_v1 => {
            let mut v1 = [0u8; 24];
            v1.copy_from_slice(nt);
            // Response::of said ESS only for a 24-byte LM response.
            let client_challenge = match (response, lm.get(..8)) {
                (Response::NtlmV1Ess, Some(first)) => {
                    let mut challenge = [0u8; 8];
                    challenge.copy_from_slice(first);
                    Some(challenge)
                }
                _ => None,
            };
            Answer::V1 {
                nt: v1,
                client_challenge,
            }
        }
        Response::Anonymous | Response::Unknown => return Err(Unfit::Unusable(response)),
        _ => {
            return Err(Unfit::Weak {
                response,
                v1_allowed: accept_v1,
            })
        }
    };
    if a.flags & super::UNICODE == 0 {
        return Err(Unfit::NotUnicode);
    }
    Ok(Authenticate {
        user: utf16le(&bytes[a.user.clone()]),
        domain: utf16le(&bytes[a.domain.clone()]),
        answer,
    })
}

/// A 7-byte DES key spread over 8 bytes, the low bit of each (parity,
/// which DES ignores) left zero (MS-NLMP section 6, "DES").
fn des_key(seven: &[u8]) -> [u8; 8] {
    let mut key = [0u8; 8];
    for (i, out) in key.iter_mut().enumerate() {
        // Bits 7i .. 7i+7 of the 56, as the high 7 bits of the byte.
        let bit = 7 * i;
        let (byte, shift) = (bit / 8, bit % 8);
        let high = u16::from(seven[byte]) << 8;
        let low = seven.get(byte + 1).map_or(0, |b| u16::from(*b));
        let bits = ((high | low) << shift) >> 8;
        *out = (bits as u8) & 0xfe;
    }
    key
}

/// DESL (MS-NLMP section 6): `data` encrypted under the three 7-byte
/// thirds of the 16-byte `key`, padded with zeros to 21 bytes.
fn desl(key: &[u8; 16], data: &[u8; 8]) -> [u8; 24] {
    // The NT hash is password-equivalent: its copies are wiped.
    let mut padded = zeroize::Zeroizing::new([0u8; 21]);
    padded[..16].copy_from_slice(key);
    let mut out = [0u8; 24];
    for (third, chunk) in padded.chunks_exact(7).zip(out.chunks_exact_mut(8)) {
        let key = zeroize::Zeroizing::new(des_key(third));
        let cipher = Des::new(&Array::from(*key));
        let mut block = Array::from(*data);
        cipher.encrypt_block(&mut block);
        chunk.copy_from_slice(&block);
    }
    out
}

/// The NTLMv1 response (MS-NLMP section 3.3.1) the NT hash gives for
/// `server_challenge`; with extended session security, for the client
/// challenge too.
pub fn v1_response(
    nt_hash: &[u8; 16],
    server_challenge: &[u8; 8],
    client_challenge: Option<&[u8; 8]>,
) -> [u8; 24] {
    let data = match client_challenge {
        Some(client) => {
            let digest = Md5::new()
                .chain_update(server_challenge)
                .chain_update(client)
                .finalize();
            let mut data = [0u8; 8];
            data.copy_from_slice(&digest[..8]);
            data
        }
        None => *server_challenge,
    };
    desl(nt_hash, &data)
}

/// Whether the response of `message` is the one the NT hash `nt_hash`
/// gives for `server_challenge`, with the user and domain as sent
/// (NTLMv2) or with no name at all (NTLMv1, whose key is the NT hash).
pub fn verify(message: &Authenticate, nt_hash: &[u8; 16], server_challenge: &[u8; 8]) -> bool {
    verify_as(
        message,
        nt_hash,
        server_challenge,
        &message.user,
        &message.domain,
    )
}

/// [`verify`] with NTOWFv2 computed for `user` and `domain` in place of
/// the names sent: what the diagnosis tries to tell a wrong domain or a
/// user name spelled otherwise from a wrong password.
pub fn verify_as(
    message: &Authenticate,
    nt_hash: &[u8; 16],
    server_challenge: &[u8; 8],
    user: &str,
    domain: &str,
) -> bool {
    let (expected, got): (zeroize::Zeroizing<Vec<u8>>, &[u8]) = match &message.answer {
        Answer::V2 { proof, blob } => {
            let key = ntowf_v2_from_hash(nt_hash, user, domain);
            let expected = super::client::hmac_md5(&key[..], &[server_challenge, blob]);
            (zeroize::Zeroizing::new(expected.to_vec()), proof)
        }
        Answer::V1 {
            nt,
            client_challenge,
        } => (
            zeroize::Zeroizing::new(
                v1_response(nt_hash, server_challenge, client_challenge.as_ref()).to_vec(),
            ),
            nt,
        ),
    };
    bool::from(subtle::ConstantTimeEq::ct_eq(&expected[..], got))
}

/// What the right NT hash shows about an NTLM response that was refused:
/// each cause named only when the right password reproduces the response
/// under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The domain sent is not the server's (`serve --ntlm-domain`).
    WrongDomain {
        /// The domain the client sent.
        sent: String,
        /// The server's domain.
        expected: String,
        /// Whether the response is the right password's for the names as
        /// sent or for the server's domain, so that only the domain is
        /// wrong.
        password_right: bool,
    },
    /// The response is the right password's, computed for another domain
    /// than the one the message names.
    ComputedForDomain {
        /// The domain the message names.
        sent: String,
        /// The domain the response was computed for.
        used: String,
    },
    /// The response is the right password's for the user name as given,
    /// not upper-cased as NTOWFv2 does.
    UserNotUpperCased {
        /// The user name as sent.
        user: String,
    },
    /// No name tried reproduces the response (NTLMv2), or the response is
    /// not the NT hash's (NTLMv1, which covers no name).
    NoMatch {
        /// The user name as sent.
        user: String,
        /// The domains tried, the one sent first.
        domains: Vec<String>,
        /// Which response it was.
        response: Response,
    },
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let q = |text: &str| crate::field::quoted(text.as_bytes());
        match self {
            Finding::WrongDomain {
                sent,
                expected,
                password_right: true,
            } => write!(
                f,
                "wrong domain: the client names the domain {}, and this server's is {}; the \
                 response is the right password's, so only the domain is wrong (a Windows \
                 server refuses a domain it does not know)",
                q(sent),
                q(expected)
            ),
            Finding::WrongDomain { sent, expected, .. } => write!(
                f,
                "wrong domain: the client names the domain {}, and this server's is {}, and the \
                 response is the password's for neither domain: the password is wrong too, or \
                 the client computed the response with other names",
                q(sent),
                q(expected)
            ),
            Finding::ComputedForDomain { sent, used } => write!(
                f,
                "wrong domain in the response: the message names the domain {}, and the \
                 response is the right password's computed for the domain {} (NTOWFv2 covers \
                 the domain exactly as the client gives it): the client computes with one \
                 domain and sends another",
                q(sent),
                q(used)
            ),
            Finding::UserNotUpperCased { user } => write!(
                f,
                "the response is the right password's for the user {} not upper-cased: NTOWFv2 \
                 covers UPPER(user) (MS-NLMP section 3.3.2), and the client left it as typed",
                q(user)
            ),
            Finding::NoMatch {
                user,
                domains,
                response: Response::NtlmV2,
            } => {
                let mut tried: Vec<String> = domains.iter().map(|d| q(d)).collect();
                let last = tried.pop().unwrap_or_default();
                let tried = if tried.is_empty() {
                    last
                } else {
                    format!("{} or {last}", tried.join(", "))
                };
                write!(
                    f,
                    "the response matches the password under no domain tried: the NTLMv2 \
                     response is not the one the password gives for the user {} with the domain \
                     {tried} (NTOWFv2 covers UPPER(user) and the domain as given), so the \
                     password is wrong, or the client computed the response with other names",
                    q(user),
                )
            }
            Finding::NoMatch { response, .. } => write!(
                f,
                "the {} response is not the one the password's NT hash gives (NTLMv1 covers \
                 neither the user name nor the domain): the password is wrong, or the client \
                 computed the response another way than its flags and LM response say",
                response.as_str()
            ),
        }
    }
}

/// Why the right NT hash `nt_hash` does not give `message`'s response:
/// the response is tried for the domain sent, none, `server_domain`, and
/// the domain sent in upper and lower case, then for the user name not
/// upper-cased; the first that reproduces it is the finding.
pub fn examine(
    message: &Authenticate,
    nt_hash: &[u8; 16],
    server_challenge: &[u8; 8],
    server_domain: &str,
) -> Finding {
    let mut domains: Vec<String> = Vec::new();
    for domain in [
        message.domain.clone(),
        String::new(),
        server_domain.to_owned(),
        message.domain.to_uppercase(),
        message.domain.to_lowercase(),
    ] {
        if !domains.contains(&domain) {
            domains.push(domain);
        }
    }
    if let Answer::V2 { proof, blob } = &message.answer {
        for domain in domains.iter().skip(1) {
            if verify_as(message, nt_hash, server_challenge, &message.user, domain) {
                return Finding::ComputedForDomain {
                    sent: message.domain.clone(),
                    used: domain.clone(),
                };
            }
        }
        // NTOWFv2 with the user name as typed (HMAC keyed with the NT hash).
        let mut identity = message.user.clone();
        identity.push_str(&message.domain);
        let key = super::client::hmac_md5(&nt_hash[..], &[&utf16(&identity)]);
        let expected = super::client::hmac_md5(&key[..], &[server_challenge, blob]);
        if message.user != message.user.to_uppercase()
            && bool::from(subtle::ConstantTimeEq::ct_eq(&expected[..], &proof[..]))
        {
            return Finding::UserNotUpperCased {
                user: message.user.clone(),
            };
        }
    }
    Finding::NoMatch {
        user: message.user.clone(),
        domains,
        response: message.response(),
    }
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
        let challenge = challenge_message(&[7; 8], 0x01d2_d400_fdc8_0b80, "localhost", None);
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
        let message = read_authenticate(&authenticate, false).unwrap();
        assert_eq!(
            (message.user.as_str(), message.domain.as_str()),
            ("alice", "WORK")
        );
        assert!(verify(&message, &nt_hash("pencil"), &[7; 8]));
        assert!(!verify(&message, &nt_hash("pencil!"), &[7; 8]));
        assert!(!verify(&message, &nt_hash("pencil"), &[8; 8]));
    }

    /// MS-NLMP section 4.2.2.3's NTLMv1 AUTHENTICATE.
    const V1_4_2_2: &str = "4e544c4d5353500003000000180018006c00000018001800840000000c000c00\
         480000000800080054000000100010005c000000100010009c000000358280e20501280a0000000f\
         44006f006d00610069006e00550073006500720043004f004d0050005500540045005200\
         98def7b87f88aa5dafe2df779688a172def11c7d5ccdef13\
         67c43011f30298a2ad35ece64f16331c44bdbed927841f94\
         518822b1b3f350c8958682ecbb3e3cb7";

    /// MS-NLMP section 4.2.2.3's NTLMv1 AUTHENTICATE is refused as weak
    /// by default, and verifies with the password's NT hash (section
    /// 4.2.2.2.1's response) when NTLMv1 is accepted.
    #[test]
    fn ntlm_v1_refused_by_default_and_verified_when_accepted() {
        let v1 = hex::decode(V1_4_2_2).unwrap();
        let err = read_authenticate(&v1, false).err().unwrap();
        assert_eq!(
            err,
            Unfit::Weak {
                response: Response::NtlmV1,
                v1_allowed: false
            }
        );
        let text = err.to_string();
        assert!(
            text.contains("an NTLMv1 response") && text.contains("weak"),
            "{text}"
        );
        let message = read_authenticate(&v1, true).unwrap();
        assert_eq!(message.response(), Response::NtlmV1);
        let challenge = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef];
        assert!(verify(&message, &nt_hash("Password"), &challenge));
        assert!(!verify(&message, &nt_hash("Passwore"), &challenge));
        assert!(!verify(&message, &nt_hash("Password"), &[0; 8]));
    }

    /// Section 4.2.2.2.1: the NTLMv1 response of the example; section
    /// 4.2.3.2.2: with extended session security and client challenge
    /// aa..aa.
    #[test]
    fn ms_nlmp_v1_vectors() {
        let challenge = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef];
        assert_eq!(
            hex::encode(v1_response(&nt_hash("Password"), &challenge, None)),
            "67c43011f30298a2ad35ece64f16331c44bdbed927841f94"
        );
        assert_eq!(
            hex::encode(v1_response(
                &nt_hash("Password"),
                &challenge,
                Some(&[0xaa; 8])
            )),
            "7537f803ae367128ca458204bde7caf81e97ed2683267232"
        );
    }

    /// Section 4.2.3's AUTHENTICATE (NTLMv1 with extended session
    /// security: the LM response is the client challenge and 16 zeros)
    /// verifies when accepted; with another LM response under the same
    /// flag it is read as plain NTLMv1 (as GNU libntlm sends) and does not
    /// verify; an LM-only response is refused.
    #[test]
    fn ntlm_v1_ess_and_lm_only() {
        let ess = hex::decode(
            "4e544c4d5353500003000000180018006c00000018001800840000000c000c00\
             480000000800080054000000100010005c000000000000009c00000035820882\
             0501280a0000000f44006f006d00610069006e00550073006500720043004f00\
             4d0050005500540045005200aaaaaaaaaaaaaaaa000000000000000000000000\
             000000007537f803ae367128ca458204bde7caf81e97ed2683267232",
        )
        .unwrap();
        assert!(read_authenticate(&ess, false).is_err());
        let message = read_authenticate(&ess, true).unwrap();
        assert_eq!(message.response(), Response::NtlmV1Ess);
        let challenge = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef];
        assert!(verify(&message, &nt_hash("Password"), &challenge));
        assert!(!verify(&message, &nt_hash("password"), &challenge));

        // A byte of the LM response's zeros set: plain NTLMv1.
        let mut plain = ess.clone();
        let last = plain.len() - 25;
        plain[last] = 1;
        let message = read_authenticate(&plain, true).unwrap();
        assert_eq!(message.response(), Response::NtlmV1);
        assert!(!verify(&message, &nt_hash("Password"), &challenge));

        // No NT response: LM only, refused even where NTLMv1 is taken.
        let mut lm_only = hex::decode(V1_4_2_2).unwrap();
        lm_only[20] = 0;
        lm_only[22] = 0;
        let err = read_authenticate(&lm_only, true).err().unwrap();
        assert_eq!(
            err,
            Unfit::Weak {
                response: Response::Lm,
                v1_allowed: true
            }
        );
        assert!(err.to_string().contains("never LM alone"), "{err}");
    }

    /// No response at all (anonymous), or an NT response of a length no
    /// version has: refused as unusable, not as weak.
    #[test]
    fn nothing_to_check_is_unusable_not_weak() {
        let mut anonymous = hex::decode(V1_4_2_2).unwrap();
        for at in [12, 14, 20, 22] {
            anonymous[at] = 0;
        }
        let mut odd = hex::decode(V1_4_2_2).unwrap();
        odd[20] = 30;
        odd[22] = 30;
        // No session key where the longer NT response now runs.
        odd[52] = 0;
        odd[54] = 0;
        for (message, response) in [(anonymous, Response::Anonymous), (odd, Response::Unknown)] {
            for v1 in [false, true] {
                let err = read_authenticate(&message, v1).err().unwrap();
                assert_eq!(err, Unfit::Unusable(response));
                assert!(err.to_string().contains("which no password gives"), "{err}");
                assert!(!err.to_string().contains("weak"), "{err}");
            }
        }
    }
}
