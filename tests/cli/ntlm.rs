//! `saslenc ntlm`: MS-NLMP section 4.2.4's NTLMv2 example through the
//! command line, a MIC checked with an HMAC-MD5 computed here, the
//! conversation, and what --explain shows and masks.

use hmac::{Hmac, KeyInit, Mac};
use md4::{Digest, Md4};
use predicates::prelude::*;

use crate::common::{b64decode, b64encode, saslenc};

/// MS-NLMP section 4.2.4.3: the CHALLENGE_MESSAGE (no MsvAvTimestamp).
const CHALLENGE_4_2_4: &str = "4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef\
     00000000000000002400240044000000060070170000000f530065007200760065007200\
     02000c0044006f006d00610069006e0001000c0053006500720076006500720000000000";
/// Section 4.2.4.2.1: the LMv2 response.
const LMV2: &str = "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa";
/// Section 4.2.4.2.2 and the AUTHENTICATE_MESSAGE of 4.2.4.3: NTProofStr
/// and the blob.
const NT_PROOF: &str = "68cd0ab851e51c96aabc927bebef6a1c";
const BLOB: &str = "01010000000000000000000000000000aaaaaaaaaaaaaaaa00000000\
     02000c0044006f006d00610069006e0001000c005300650072007600650072000000000000000000";

fn unhex(text: &str) -> Vec<u8> {
    hex::decode(text.replace([' ', '\n'], "")).unwrap()
}

fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn hmac_md5(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = <Hmac<md5::Md5> as KeyInit>::new_from_slice(key).unwrap();
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().to_vec()
}

/// A security buffer of an NTLM message: (length, offset) at `at`.
fn buffer(message: &[u8], at: usize) -> std::ops::Range<usize> {
    let len = u16::from_le_bytes([message[at], message[at + 1]]) as usize;
    let offset = u32::from_le_bytes(message[at + 4..at + 8].try_into().unwrap()) as usize;
    offset..offset + len
}

/// The section 4.2.4 example: user "User", domain "Domain", password
/// "Password", workstation "COMPUTER", client challenge aa..aa, time 0.
fn example() -> assert_cmd::Command {
    let mut command = saslenc();
    command
        .args(["ntlm", "--user", "User", "--domain", "Domain"])
        .args(["--workstation", "COMPUTER", "--pass-env", "PASS"])
        .args(["--client-challenge", "aaaaaaaaaaaaaaaa", "--timestamp", "0"])
        .env("PASS", "Password");
    command
}

/// MS-NLMP section 4.2.4: the LMv2 and NTLMv2 responses in the
/// AUTHENTICATE printed are the specification's, byte for byte, and the
/// names are UTF-16LE; the first line is SMTP's AUTH NTLM with a
/// NEGOTIATE.
#[test]
fn ms_nlmp_4_2_4() {
    let challenge = b64encode(&unhex(CHALLENGE_4_2_4));
    let out = example()
        .args([
            "--protocol",
            "smtp",
            "--challenge",
            &format!("334 {challenge}"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    let negotiate = b64decode(lines[0].strip_prefix("AUTH NTLM ").unwrap());
    assert_eq!(&negotiate[..12], b"NTLMSSP\0\x01\0\0\0");
    let authenticate = b64decode(lines[1]);
    assert_eq!(&authenticate[..12], b"NTLMSSP\0\x03\0\0\0");
    assert_eq!(&authenticate[buffer(&authenticate, 12)], &unhex(LMV2)[..]);
    let mut nt = unhex(NT_PROOF);
    nt.extend(unhex(BLOB));
    assert_eq!(&authenticate[buffer(&authenticate, 20)], &nt[..]);
    assert_eq!(
        &authenticate[buffer(&authenticate, 28)],
        &utf16("Domain")[..]
    );
    assert_eq!(&authenticate[buffer(&authenticate, 36)], &utf16("User")[..]);
    assert_eq!(
        &authenticate[buffer(&authenticate, 44)],
        &utf16("COMPUTER")[..]
    );
}

/// `DOMAIN\user` gives the domain, as Windows writes it; --domain wins
/// over it (and the whole --user is then the user name).
#[test]
fn domain_from_the_user_name() {
    let challenge = b64encode(&unhex(CHALLENGE_4_2_4));
    let run = |args: &[&str]| {
        let out = saslenc()
            .arg("ntlm")
            .args(args)
            .args(["--pass-env", "PASS", "--challenge", &challenge])
            .env("PASS", "Password")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        b64decode(stdout.lines().last().unwrap())
    };
    let a = run(&["--user", "Domain\\User"]);
    assert_eq!(&a[buffer(&a, 28)], &utf16("Domain")[..]);
    assert_eq!(&a[buffer(&a, 36)], &utf16("User")[..]);
    let a = run(&["--user", "Domain\\User", "--domain", "OTHER"]);
    assert_eq!(&a[buffer(&a, 28)], &utf16("OTHER")[..]);
    assert_eq!(&a[buffer(&a, 36)], &utf16("Domain\\User")[..]);
}

/// A CHALLENGE whose target info has a timestamp, as Windows and serve
/// send: the answer carries the server's timestamp in its blob and a MIC,
/// HMAC-MD5 under the session key of the three messages (MS-NLMP section
/// 3.1.5.1.2), computed here from MD4 and HMAC-MD5 alone.
fn timestamped_challenge() -> Vec<u8> {
    let time = 0x01d2_d400_fdc8_0b80u64;
    let mut info = Vec::new();
    info.extend([2, 0, 12, 0]);
    info.extend(utf16("Domain"));
    info.extend([7, 0, 8, 0]);
    info.extend(time.to_le_bytes());
    info.extend([0, 0, 0, 0]);
    let mut challenge = b"NTLMSSP\0\x02\0\0\0".to_vec();
    challenge.extend([0, 0, 0, 0, 48, 0, 0, 0]);
    challenge.extend(0x0088_8205u32.to_le_bytes());
    challenge.extend(unhex("0123456789abcdef"));
    challenge.extend([0; 8]);
    let len = info.len() as u16;
    challenge.extend(len.to_le_bytes());
    challenge.extend(len.to_le_bytes());
    challenge.extend(48u32.to_le_bytes());
    challenge.extend(info);
    challenge
}

#[test]
fn a_timestamp_brings_a_mic_that_verifies() {
    let challenge = timestamped_challenge();
    let out = example()
        .args(["--challenge", &b64encode(&challenge)])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let negotiate = b64decode(lines[0]);
    let authenticate = b64decode(lines[1]);
    let nt = &authenticate[buffer(&authenticate, 20)];
    let nt_hash = Md4::digest(utf16("Password")).to_vec();
    let key = hmac_md5(&nt_hash, &[&utf16("USERDomain")]);
    assert_eq!(
        &nt[..16],
        &hmac_md5(&key, &[&unhex("0123456789abcdef"), &nt[16..]])[..]
    );
    assert_eq!(&nt[24..32], &0x01d2_d400_fdc8_0b80u64.to_le_bytes()[..]);
    let session_key = hmac_md5(&key, &[&nt[..16]]);
    let mut zeroed = authenticate.clone();
    zeroed[72..88].fill(0);
    assert_eq!(
        &authenticate[72..88],
        &hmac_md5(&session_key, &[&negotiate, &challenge, &zeroed])[..]
    );
}

/// --explain shows the three messages field by field (the server's
/// CHALLENGE between the two of the client), and masks the NT proof, the
/// LM response and the MIC in every form; --show-secrets shows them.
#[test]
fn explain_shows_every_message_and_masks_the_proofs() {
    let out = example()
        .args([
            "--explain",
            "--challenge",
            &b64encode(&unhex(CHALLENGE_4_2_4)),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    for needle in [
        "NTLM initial response",
        "NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY",
        "the server's CHALLENGE (MS-NLMP section 2.2.1.2)",
        "server challenge: 0123456789abcdef",
        "MsvAvNbDomainName \"Domain\", MsvAvNbComputerName \"Server\"",
        "response: NTLMv2",
        "domain \"Domain\", user \"User\", workstation \"COMPUTER\"",
        "nt-proof-str: ******** (16 bytes)",
        "lm-response: ******** (24 bytes)",
        "client challenge aaaaaaaaaaaaaaaa",
        "being retired",
    ] {
        assert!(stderr.contains(needle), "{needle} in:\n{stderr}");
    }
    let proof = unhex(NT_PROOF);
    for form in [
        NT_PROOF.to_owned(),
        NT_PROOF.to_uppercase(),
        b64encode(&proof),
        LMV2[..32].to_owned(),
    ] {
        assert!(!stderr.contains(&form), "{form} shown:\n{stderr}");
    }

    let challenge = timestamped_challenge();
    let out = example()
        .args(["--explain", "--challenge", &b64encode(&challenge)])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("mic: ******** (16 bytes)"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let authenticate = b64decode(stdout.lines().last().unwrap());
    let mic = hex::encode(&authenticate[72..88]);
    assert!(!stderr.contains(&mic), "{stderr}");

    example()
        .args(["--explain", "--show-secrets"])
        .args(["--challenge", &b64encode(&unhex(CHALLENGE_4_2_4))])
        .assert()
        .success()
        .stderr(predicate::str::contains("nt-proof-str: h\\xcd\\x0a\\xb8"));
}

/// Without --challenge, the conversation: the NEGOTIATE line, then the
/// AUTHENTICATE for the pasted `+` line, then the server's verdict; the
/// password cannot come from standard input, which carries the lines.
#[test]
fn the_conversation() {
    let challenge = b64encode(&unhex(CHALLENGE_4_2_4));
    let out = example()
        .args(["--protocol", "imap"])
        .write_stdin(format!("+ {challenge}\nA1 OK done\n"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("A1 AUTHENTICATE NTLM TlRMTVNTUAAB"),
        "{stdout}"
    );
    let authenticate = b64decode(lines[1]);
    assert_eq!(&authenticate[buffer(&authenticate, 12)], &unhex(LMV2)[..]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("authentication succeeded"));

    example()
        .args(["--protocol", "imap"])
        .write_stdin(format!("+ {challenge}\nA1 NO [AUTHENTICATIONFAILED] no\n"))
        .assert()
        .code(1);
    saslenc()
        .args(["ntlm", "--user", "u", "--pass-stdin"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot come from there too"));
}

/// A client challenge that is not 16 hex digits, and a server message
/// that is no CHALLENGE, are refused in one line naming what is wrong.
#[test]
fn bad_input() {
    for bad in ["aaaa", "zzzzzzzzzzzzzzzz", "aaaaaaaaaaaaaaaaaa"] {
        saslenc()
            .args(["ntlm", "--user", "u", "--pass", "p"])
            .args(["--client-challenge", bad, "--challenge", "TlRMTVNTUAABAAAA"])
            .assert()
            .code(3)
            .stderr(predicate::str::contains("client-challenge"))
            .stderr(predicate::str::contains("16 hex digits"));
    }
    // The NEGOTIATE where the CHALLENGE should be.
    example()
        .args([
            "--challenge",
            "TlRMTVNTUAABAAAAB4IIAAAAAAAgAAAAAAAAACAAAAA=",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no CHALLENGE"));
}

/// serve's --allow-ntlmv1 is for NTLM, which is offered only when --mech
/// names it: alone it is a usage error (exit 2) naming both options.
#[test]
fn allow_ntlmv1_needs_ntlm_offered() {
    saslenc()
        .args(["serve", "smtp://127.0.0.1:0", "--user", "u", "--pass", "p"])
        .arg("--allow-ntlmv1")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--allow-ntlmv1"))
        .stderr(predicate::str::contains("--mech"));
}

/// --ntlm-domain likewise needs NTLM offered.
#[test]
fn ntlm_domain_needs_ntlm_offered() {
    saslenc()
        .args(["serve", "smtp://127.0.0.1:0", "--user", "u", "--pass", "p"])
        .args(["--ntlm-domain", "WORK"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--ntlm-domain"))
        .stderr(predicate::str::contains("--mech"));
}
