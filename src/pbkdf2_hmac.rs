//! PBKDF2-HMAC (RFC 8018 section 5.2) with SHA-1, SHA-256 and SHA-512,
//! for SCRAM's `SaltedPassword := Hi(password, salt, i)` (RFC 5802
//! section 2.2): one block of output, as long as the hash's.
//!
//! Each of the `i` iterations is two HMAC hashes of a single block, and
//! both blocks have the same shape: the previous hash's output, then
//! SHA's padding for a message of one key block plus that output. So the
//! key's inner and outer states (`H` after `K xor ipad` and `K xor opad`)
//! are computed once, one padded block is kept, and an iteration is two
//! calls of the hash crate's public compression function, each from a
//! copy of a precomputed state, with the output written back into the
//! block between them. HMAC through the `hmac` crate finalises a hasher
//! twice an iteration instead (buffering, padding, length encoding), which
//! measured 1.4 to 1.6 times the cost of the compressions alone
//! (`bench/secret.sh`).
//!
//! The `pbkdf2` crate stays the reference: `tests/pbkdf2_oracle.rs`
//! compares both for random passwords, salts and counts, and checks the
//! published vectors (RFC 6070, RFC 7914).

use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};
use zeroize::{Zeroize, Zeroizing};

/// The hashes PBKDF2 runs on here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hash {
    Sha1,
    Sha256,
    Sha512,
}

impl Hash {
    fn output_len(self) -> usize {
        match self {
            Hash::Sha1 => 20,
            Hash::Sha256 => 32,
            Hash::Sha512 => 64,
        }
    }
}

/// `PBKDF2-HMAC-hash(password, salt, iterations)`, the first block of
/// output (the hash's output length): SCRAM's SaltedPassword. A count of
/// 0 gives the same as 1, as in the `pbkdf2` crate.
pub(crate) fn derive(
    hash: Hash,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(vec![0u8; hash.output_len()]);
    match hash {
        Hash::Sha1 => first_block::<Sha1Block>(password, salt, iterations, &mut out),
        Hash::Sha256 => first_block::<Sha256Block>(password, salt, iterations, &mut out),
        Hash::Sha512 => first_block::<Sha512Block>(password, salt, iterations, &mut out),
    }
    out
}

/// A word of a hash's state, written big-endian.
trait Word: Copy + Zeroize + std::ops::BitXorAssign {
    const BYTES: usize;
    fn put(self, out: &mut [u8]);
}

impl Word for u32 {
    const BYTES: usize = 4;
    #[inline(always)]
    fn put(self, out: &mut [u8]) {
        out.copy_from_slice(&self.to_be_bytes());
    }
}

impl Word for u64 {
    const BYTES: usize = 8;
    #[inline(always)]
    fn put(self, out: &mut [u8]) {
        out.copy_from_slice(&self.to_be_bytes());
    }
}

/// A Merkle–Damgård hash as its compression function sees it.
trait BlockHash {
    type Word: Word;
    /// `[Word; n]`.
    type State: Copy + AsRef<[Self::Word]> + AsMut<[Self::Word]> + Zeroize;
    /// `[u8; block size]`.
    type Block: Copy + AsRef<[u8]> + AsMut<[u8]> + Zeroize;
    const INIT: Self::State;
    const ZERO: Self::Block;
    /// Output bytes: the first `OUTPUT / Word::BYTES` words of the state.
    const OUTPUT: usize;
    /// Bytes of the message length at the end of the last block.
    const LENGTH_BYTES: usize;
    fn compress(state: &mut Self::State, block: &Self::Block);
    /// `H(data)`, for a key longer than a block (RFC 2104 section 2).
    fn digest(data: &[u8]) -> Zeroizing<Vec<u8>>;
}

struct Sha1Block;
struct Sha256Block;
struct Sha512Block;

impl BlockHash for Sha1Block {
    type Word = u32;
    type State = [u32; 5];
    type Block = [u8; 64];
    const INIT: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    const ZERO: [u8; 64] = [0; 64];
    const OUTPUT: usize = 20;
    const LENGTH_BYTES: usize = 8;
    #[inline(always)]
    fn compress(state: &mut [u32; 5], block: &[u8; 64]) {
        sha1::block_api::compress(state, std::slice::from_ref(block));
    }
    fn digest(data: &[u8]) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(Sha1::digest(data).to_vec())
    }
}

impl BlockHash for Sha256Block {
    type Word = u32;
    type State = [u32; 8];
    type Block = [u8; 64];
    const INIT: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    const ZERO: [u8; 64] = [0; 64];
    const OUTPUT: usize = 32;
    const LENGTH_BYTES: usize = 8;
    #[inline(always)]
    fn compress(state: &mut [u32; 8], block: &[u8; 64]) {
        sha2::block_api::compress256(state, std::slice::from_ref(block));
    }
    fn digest(data: &[u8]) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(Sha256::digest(data).to_vec())
    }
}

impl BlockHash for Sha512Block {
    type Word = u64;
    type State = [u64; 8];
    type Block = [u8; 128];
    const INIT: [u64; 8] = [
        0x6a09e667f3bcc908,
        0xbb67ae8584caa73b,
        0x3c6ef372fe94f82b,
        0xa54ff53a5f1d36f1,
        0x510e527fade682d1,
        0x9b05688c2b3e6c1f,
        0x1f83d9abfb41bd6b,
        0x5be0cd19137e2179,
    ];
    const ZERO: [u8; 128] = [0; 128];
    const OUTPUT: usize = 64;
    const LENGTH_BYTES: usize = 16;
    #[inline(always)]
    fn compress(state: &mut [u64; 8], block: &[u8; 128]) {
        sha2::block_api::compress512(state, std::slice::from_ref(block));
    }
    fn digest(data: &[u8]) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(Sha512::digest(data).to_vec())
    }
}

/// Writes the hash output held in `state` to `out` (`H::OUTPUT` bytes).
#[inline(always)]
fn put_output<H: BlockHash>(state: &H::State, out: &mut [u8]) {
    let bytes = <H::Word as Word>::BYTES;
    for (word, chunk) in state
        .as_ref()
        .iter()
        .zip(out[..H::OUTPUT].chunks_exact_mut(bytes))
    {
        word.put(chunk);
    }
}

/// Hashes `data` on from `state`, which has already taken `prefix` bytes
/// (whole blocks), and pads: the state then holds `H(prefix || data)`.
fn finish<H: BlockHash>(state: &mut H::State, prefix: usize, data: &[u8]) {
    let size = H::ZERO.as_ref().len();
    let mut block = H::ZERO;
    let mut chunks = data.chunks_exact(size);
    for chunk in &mut chunks {
        block.as_mut().copy_from_slice(chunk);
        H::compress(state, &block);
    }
    let rest = chunks.remainder();
    block = H::ZERO;
    block.as_mut()[..rest.len()].copy_from_slice(rest);
    block.as_mut()[rest.len()] = 0x80;
    if rest.len() + 1 > size - H::LENGTH_BYTES {
        H::compress(state, &block);
        block = H::ZERO;
    }
    let bits = (prefix as u128 + data.len() as u128) * 8;
    block.as_mut()[size - H::LENGTH_BYTES..]
        .copy_from_slice(&bits.to_be_bytes()[16 - H::LENGTH_BYTES..]);
    H::compress(state, &block);
    block.zeroize();
}

fn first_block<H: BlockHash>(password: &[u8], salt: &[u8], iterations: u32, out: &mut [u8]) {
    let size = H::ZERO.as_ref().len();
    // The key block: the password, or its hash when longer than a block,
    // then zeros (RFC 2104 section 2).
    let mut key = H::ZERO;
    if password.len() > size {
        let digest = H::digest(password);
        key.as_mut()[..digest.len()].copy_from_slice(&digest);
    } else {
        key.as_mut()[..password.len()].copy_from_slice(password);
    }
    let mut pad = key;
    pad.as_mut().iter_mut().for_each(|b| *b ^= 0x36);
    let mut inner = H::INIT;
    H::compress(&mut inner, &pad);
    pad = key;
    pad.as_mut().iter_mut().for_each(|b| *b ^= 0x5c);
    let mut outer = H::INIT;
    H::compress(&mut outer, &pad);
    pad.zeroize();
    key.zeroize();

    // U1 = HMAC(password, salt || INT(1)).
    let mut state = inner;
    let mut message = Zeroizing::new(Vec::with_capacity(salt.len() + 4));
    message.extend_from_slice(salt);
    message.extend_from_slice(&1u32.to_be_bytes());
    finish::<H>(&mut state, size, &message);
    let mut block = H::ZERO;
    put_output::<H>(&state, block.as_mut());
    state = outer;
    finish::<H>(&mut state, size, &block.as_ref()[..H::OUTPUT]);

    // Every later U has the same one-block message: the previous U,
    // padded as a message of one key block plus `OUTPUT` bytes. The block
    // keeps its padding and holds U as bytes from one iteration to the
    // next; the sum is taken on the state's words, apart from the path
    // from one compression to the next (written so, the state is turned
    // into bytes by a vector shuffle that the next compression reads
    // straight back, which measured faster than word-by-word stores).
    let output = H::OUTPUT;
    block = H::ZERO;
    put_output::<H>(&state, block.as_mut());
    block.as_mut()[output] = 0x80;
    let bits = ((size + output) as u128 * 8).to_be_bytes();
    block.as_mut()[size - H::LENGTH_BYTES..].copy_from_slice(&bits[16 - H::LENGTH_BYTES..]);
    let mut sum = state;
    for _ in 1..iterations {
        state = inner;
        H::compress(&mut state, &block);
        put_output::<H>(&state, block.as_mut());
        state = outer;
        H::compress(&mut state, &block);
        put_output::<H>(&state, block.as_mut());
        for (s, u) in sum.as_mut().iter_mut().zip(state.as_ref()) {
            *s ^= *u;
        }
    }
    put_output::<H>(&sum, out);
    for secret in [&mut inner, &mut outer, &mut state, &mut sum] {
        secret.zeroize();
    }
    block.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every salt length up to several blocks (the first block's message
    /// ends at each byte around the padding and length field) and passwords
    /// longer than a block (hashed first), against the `pbkdf2` crate.
    #[test]
    fn padding_edges() {
        for hash in [Hash::Sha1, Hash::Sha256, Hash::Sha512] {
            for len in 0..300 {
                let salt: Vec<u8> = (0..len as u8).collect();
                let password: Vec<u8> = (0..len as u8).rev().collect();
                let ours = derive(hash, &password, &salt, 3);
                let mut theirs = vec![0u8; hash.output_len()];
                match hash {
                    Hash::Sha1 => pbkdf2::pbkdf2_hmac::<Sha1>(&password, &salt, 3, &mut theirs),
                    Hash::Sha256 => pbkdf2::pbkdf2_hmac::<Sha256>(&password, &salt, 3, &mut theirs),
                    Hash::Sha512 => pbkdf2::pbkdf2_hmac::<Sha512>(&password, &salt, 3, &mut theirs),
                }
                assert_eq!(&*ours, &theirs[..], "{hash:?}, {len} bytes");
            }
        }
    }
}
