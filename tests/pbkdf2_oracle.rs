//! saslenc's PBKDF2 (SCRAM's SaltedPassword, `Hi()` of RFC 5802 section
//! 2.2), written on the hash crates' block functions, against the
//! `pbkdf2` crate for random inputs and against published vectors: RFC
//! 6070 (PBKDF2-HMAC-SHA1), RFC 7914 section 11 (PBKDF2-HMAC-SHA256) and
//! the widely reproduced PBKDF2-HMAC-SHA512 vector for "password" and
//! "salt" (also what Python's `hashlib.pbkdf2_hmac` gives). Each expected
//! value is the first block of the published key: SCRAM takes one block.

use proptest::prelude::*;
use saslenc::mech::scram::ScramHash;

fn reference(hash: ScramHash, password: &[u8], salt: &[u8], iterations: u32) -> Vec<u8> {
    let mut out = vec![0u8; hash.output_len()];
    match hash {
        ScramHash::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, &mut out),
        ScramHash::Sha256 => {
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, &mut out)
        }
        ScramHash::Sha512 => {
            pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, iterations, &mut out)
        }
    }
    out
}

fn hex(hash: ScramHash, password: &[u8], salt: &[u8], iterations: u32) -> String {
    hex::encode(&*hash.salted_password(password, salt, iterations))
}

/// RFC 6070 section 2, the first 20 bytes of each `DK` (the last vector,
/// 16,777,216 iterations, is too slow for the test suite).
#[test]
fn rfc6070_pbkdf2_hmac_sha1() {
    let sha1 = ScramHash::Sha1;
    assert_eq!(
        hex(sha1, b"password", b"salt", 1),
        "0c60c80f961f0e71f3a9b524af6012062fe037a6"
    );
    assert_eq!(
        hex(sha1, b"password", b"salt", 2),
        "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"
    );
    assert_eq!(
        hex(sha1, b"password", b"salt", 4096),
        "4b007901b765489abead49d926f721d065a429c1"
    );
    // dkLen 25 there: the first 20 bytes are the first block.
    assert_eq!(
        hex(
            sha1,
            b"passwordPASSWORDpassword",
            b"saltSALTsaltSALTsaltSALTsaltSALTsalt",
            4096
        ),
        "3d2eec4fe41c849b80c8d83662c0e44a8b291a96"
    );
    // "pass\0word", "sa\0lt", dkLen 16: a prefix of the first block.
    assert!(
        hex(sha1, b"pass\0word", b"sa\0lt", 4096).starts_with("56fa6aa75548099dcc37d7f03425e0c3")
    );
}

/// RFC 7914 section 11 (scrypt's PBKDF2-HMAC-SHA256 vectors, dkLen 64):
/// the first 32 bytes.
#[test]
fn rfc7914_pbkdf2_hmac_sha256() {
    let sha256 = ScramHash::Sha256;
    assert_eq!(
        hex(sha256, b"passwd", b"salt", 1),
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
    );
    assert_eq!(
        hex(sha256, b"Password", b"NaCl", 80000),
        "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
    );
}

#[test]
fn pbkdf2_hmac_sha512_password_salt() {
    assert_eq!(
        hex(ScramHash::Sha512, b"password", b"salt", 1),
        "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252\
         c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce"
    );
}

fn hash() -> impl Strategy<Value = ScramHash> {
    prop_oneof![
        Just(ScramHash::Sha1),
        Just(ScramHash::Sha256),
        Just(ScramHash::Sha512),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    /// The same SaltedPassword as the `pbkdf2` crate for any password
    /// (empty, up to several blocks: hashed first when longer than one),
    /// salt (across the padding's edges) and iteration count.
    #[test]
    fn equals_the_pbkdf2_crate(
        hash in hash(),
        password in proptest::collection::vec(any::<u8>(), 0..300),
        salt in proptest::collection::vec(any::<u8>(), 0..300),
        iterations in 1u32..3000,
    ) {
        prop_assert_eq!(
            &hash.salted_password(&password, &salt, iterations)[..],
            &reference(hash, &password, &salt, iterations)[..]
        );
    }
}
