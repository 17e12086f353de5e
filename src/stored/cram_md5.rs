//! Dovecot's `{CRAM-MD5}` (also spelt `{HMAC-MD5}`): the two MD5 states
//! that HMAC-MD5 (RFC 2104) reaches after absorbing its padded key, so that
//! a server can answer CRAM-MD5 (RFC 2195) challenges without the
//! password.
//!
//! The key is the password, MD5'd first when longer than the 64-byte
//! block, zero-padded to 64 bytes. The outer state is MD5's compression
//! function applied once to the initial state and `key XOR 0x5c...`, the
//! inner one to `key XOR 0x36...`; each is written as its words A, B, C, D
//! in little-endian order, outer first, as 64 lower-case hex digits
//! (Dovecot's `hmac_md5_get_cram_context`). No salt: equal passwords give
//! equal strings.

use md5::block_api::compress;
use md5::{Digest, Md5};
use zeroize::{Zeroize, Zeroizing};

/// MD5's initial state (RFC 1321 section 3.3).
const MD5_IV: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
/// MD5's block length, HMAC's `B` (RFC 2104 section 2).
const BLOCK: usize = 64;

/// The 32 bytes Dovecot stores (hex-encoded) for `password`: outer state,
/// then inner state.
///
/// ```
/// let state = saslenc::stored::cram_md5::states(b"pencil");
/// assert_eq!(
///     hex::encode(&state[..]),
///     "7f47ace0e2af8f6cdeb72c03243a8c87834e19104164d6a42de72d243adb4080"
/// );
/// ```
pub fn states(password: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut key = Zeroizing::new([0u8; BLOCK]);
    if password.len() > BLOCK {
        let mut digest = Md5::digest(password);
        key[..digest.len()].copy_from_slice(&digest);
        digest.as_mut_slice().zeroize();
    } else {
        key[..password.len()].copy_from_slice(password);
    }
    let mut out = Zeroizing::new([0u8; 32]);
    for (half, pad) in [(0, 0x5c), (1, 0x36)] {
        let mut block = Zeroizing::new([0u8; BLOCK]);
        for (b, k) in block.iter_mut().zip(key.iter()) {
            *b = k ^ pad;
        }
        let mut state = Zeroizing::new(MD5_IV);
        compress(&mut state, std::slice::from_ref(&*block));
        for (i, word) in state.iter().enumerate() {
            let at = half * 16 + i * 4;
            out[at..at + 4].copy_from_slice(&word.to_le_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{Hmac, KeyInit, Mac};

    /// The states are HMAC-MD5's: finishing them by hand on a message
    /// gives the same tag as the `hmac` crate (RFC 2195 section 2's
    /// example), for short, block-sized and long keys.
    #[test]
    fn states_are_hmac_md5_midstates() {
        let challenge = b"<1896.697170952@postoffice.reston.mci.net>";
        for key in [&b"tanstaaftanstaaf"[..], &[7u8; 64][..], &[9u8; 65][..]] {
            let s = states(key);
            let word = |i: usize| {
                let mut w = [0u8; 4];
                w.copy_from_slice(&s[i * 4..i * 4 + 4]);
                u32::from_le_bytes(w)
            };
            let outer = [word(0), word(1), word(2), word(3)];
            let inner = [word(4), word(5), word(6), word(7)];
            let inner_hash = finish(inner, challenge);
            let tag = finish(outer, &inner_hash);
            let mut mac = <Hmac<Md5> as KeyInit>::new_from_slice(key).unwrap();
            mac.update(challenge);
            assert_eq!(&tag[..], &mac.finalize().into_bytes()[..]);
        }
    }

    /// MD5 of `data` continued from `state`, one block already absorbed.
    fn finish(mut state: [u32; 4], data: &[u8]) -> [u8; 16] {
        let total_bits = ((BLOCK + data.len()) as u64) * 8;
        let mut padded = data.to_vec();
        padded.push(0x80);
        while padded.len() % BLOCK != 56 {
            padded.push(0);
        }
        padded.extend_from_slice(&total_bits.to_le_bytes());
        let blocks: Vec<[u8; 64]> = padded
            .chunks(BLOCK)
            .map(|c| c.try_into().unwrap())
            .collect();
        compress(&mut state, &blocks);
        let mut out = [0u8; 16];
        for (i, w) in state.iter().enumerate() {
            out[i * 4..i * 4 + 4].copy_from_slice(&w.to_le_bytes());
        }
        out
    }
}
