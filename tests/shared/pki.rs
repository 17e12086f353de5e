//! A throw-away PKI for the client-certificate tests, made with rcgen:
//! a CA, a server certificate it signs for localhost and 127.0.0.1, and
//! client certificates: one for alice (CN and an email SAN), one for bob,
//! one for alice that expired, and one for alice from another CA.
//! Everything is written as PEM into a directory of the caller's.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};

/// A certificate and its key, as files.
#[derive(Clone, Debug)]
pub struct Pair {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// The files of the PKI.
#[derive(Clone, Debug)]
pub struct Pki {
    /// The CA's certificate: a server's `--client-ca`, Dovecot's `ssl_ca`,
    /// and a client's `--cafile` (it signs the server's certificate too).
    pub ca: PathBuf,
    /// The server's certificate for localhost and 127.0.0.1.
    pub server: Pair,
    /// CN=alice, email alice@example.org.
    pub alice: Pair,
    /// CN=bob.
    pub bob: Pair,
    /// CN=alice, valid in 2020 only.
    pub expired: Pair,
    /// CN=alice, signed by a CA nobody trusts.
    pub stranger: Pair,
    /// The other CA's certificate.
    pub other_ca: PathBuf,
}

fn ca(name: &str) -> (CertificateParams, KeyPair, String) {
    let key = KeyPair::generate().expect("CA key");
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    params.distinguished_name.push(DnType::CommonName, name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let cert = params.self_signed(&key).expect("CA certificate");
    (params, key, cert.pem())
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write a PEM file");
    path
}

fn leaf(
    dir: &Path,
    name: &str,
    issuer: &Issuer<'_, KeyPair>,
    build: impl FnOnce(&mut CertificateParams),
) -> Pair {
    let key = KeyPair::generate().expect("leaf key");
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("leaf params");
    build(&mut params);
    let cert = params.signed_by(&key, issuer).expect("sign a leaf");
    Pair {
        cert: write(dir, &format!("{name}.pem"), &cert.pem()),
        key: write(dir, &format!("{name}.key"), &key.serialize_pem()),
    }
}

fn client(params: &mut CertificateParams, cn: &str) {
    params.distinguished_name.push(DnType::CommonName, cn);
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
}

impl Pki {
    /// Makes the PKI's files in `dir`.
    pub fn make(dir: &Path) -> Pki {
        let (ca_params, ca_key, ca_pem) = ca("saslenc test CA");
        let (other_params, other_key, other_pem) = ca("another CA");
        let issuer = Issuer::new(ca_params, ca_key);
        let other = Issuer::new(other_params, other_key);
        let server = leaf(dir, "server", &issuer, |p| {
            p.distinguished_name.push(DnType::CommonName, "localhost");
            p.subject_alt_names = vec![
                SanType::DnsName("localhost".try_into().expect("a DNS name")),
                SanType::IpAddress([127, 0, 0, 1].into()),
            ];
            p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        });
        let alice = leaf(dir, "alice", &issuer, |p| {
            client(p, "alice");
            p.subject_alt_names = vec![SanType::Rfc822Name(
                "alice@example.org".try_into().expect("an address"),
            )];
        });
        let bob = leaf(dir, "bob", &issuer, |p| client(p, "bob"));
        let expired = leaf(dir, "expired", &issuer, |p| {
            client(p, "alice");
            p.not_before = rcgen::date_time_ymd(2020, 1, 1);
            p.not_after = rcgen::date_time_ymd(2020, 12, 31);
        });
        let stranger = leaf(dir, "stranger", &other, |p| client(p, "alice"));
        Pki {
            ca: write(dir, "ca.pem", &ca_pem),
            server,
            alice,
            bob,
            expired,
            stranger,
            other_ca: write(dir, "other-ca.pem", &other_pem),
        }
    }
}
