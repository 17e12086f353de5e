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

/// `HMAC-MD5(password, challenge)` from the 32 bytes [`states`] gives
/// for the password: how a server answers CRAM-MD5 (RFC 2195) holding only
/// Dovecot's `{CRAM-MD5}`. `None` when `states` is not 32 bytes.
///
/// ```
/// use saslenc::stored::cram_md5::{digest, states};
/// // RFC 2195 section 2.
/// let challenge = b"<1896.697170952@postoffice.reston.mci.net>";
/// let states = states(b"tanstaaftanstaaf");
/// assert_eq!(hex::encode(digest(&states[..], challenge).unwrap()), "b913a602c7eda7a495b4e6e7334d3890");
/// ```
pub fn digest(states: &[u8], challenge: &[u8]) -> Option<[u8; 16]> {
    if states.len() != 32 {
        return None;
    }
    let state = |half: usize| {
        let mut words = [0u32; 4];
        for (i, word) in words.iter_mut().enumerate() {
            let at = half * 16 + i * 4;
            *word = u32::from_le_bytes(states[at..at + 4].try_into().unwrap_or_default());
        }
        words
    };
    // Inner: MD5 continued over the challenge after one 64-byte block.
    let inner = finish(state(1), challenge);
    // Outer: MD5 continued over the inner digest.
    Some(finish(state(0), &inner))
}

/// MD5 from `state`, reached after one 64-byte block, over `data` to the
/// end: the blocks of `data`, then the padding of RFC 1321 section 3.1
/// for a message of `64 + data.len()` bytes.
fn finish(mut state: [u32; 4], data: &[u8]) -> [u8; 16] {
    let mut chunks = data.chunks_exact(BLOCK);
    for chunk in &mut chunks {
        let mut block = [0u8; BLOCK];
        block.copy_from_slice(chunk);
        compress(&mut state, std::slice::from_ref(&block));
    }
    let rest = chunks.remainder();
    let bits = ((BLOCK + data.len()) as u64).wrapping_mul(8);
    let mut tail = Zeroizing::new([0u8; 2 * BLOCK]);
    tail[..rest.len()].copy_from_slice(rest);
    tail[rest.len()] = 0x80;
    let len = if rest.len() + 1 + 8 <= BLOCK {
        BLOCK
    } else {
        2 * BLOCK
    };
    tail[len - 8..len].copy_from_slice(&bits.to_le_bytes());
    for block in tail[..len].chunks_exact(BLOCK) {
        let mut b = [0u8; BLOCK];
        b.copy_from_slice(block);
        compress(&mut state, std::slice::from_ref(&b));
    }
    let mut out = [0u8; 16];
    for (i, word) in state.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_le_bytes());
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
        // Finishing the states on a message gives the `hmac` crate's tag,
        // for short, block-sized and long keys, and messages of every
        // length around the padding's block boundaries.
        for key in [&b"tanstaaftanstaaf"[..], &[7u8; 64][..], &[9u8; 65][..]] {
            let s = states(key);
            for len in 0..200 {
                let challenge: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
                let mut mac = <Hmac<Md5> as KeyInit>::new_from_slice(key).unwrap();
                mac.update(&challenge);
                assert_eq!(
                    &digest(&s[..], &challenge).unwrap()[..],
                    &mac.finalize().into_bytes()[..],
                    "key of {} bytes, message of {len}",
                    key.len()
                );
            }
        }
        assert!(digest(&[0; 31], b"x").is_none());
    }
}
