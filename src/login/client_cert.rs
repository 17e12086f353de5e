//! The client's own certificate (`connect --cert FILE --key FILE`), and
//! what the server asked for in its TLS CertificateRequest.
//!
//! The certificate and key are read from PEM files, checked to belong
//! together (the key's public half is the certificate's), and presented
//! whenever the server asks. Whether it asked, and which CAs it named
//! (RFC 8446 section 4.2.4 `certificate_authorities`, RFC 5246 section
//! 7.4.4), is recorded for `--probe` and the report: a certificate from
//! another CA is refused by the server after the handshake, and only the
//! names it asked for say why.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rustls::client::ResolvesClientCert;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::sign::CertifiedKey;
use rustls::SignatureScheme;

use super::tls::{certificate_info, CertificateInfo};
use crate::{Error, Setting};

/// The largest certificate or key file read: a chain of a few
/// certificates in PEM is a few kilobytes; a megabyte is far past any,
/// and bounds a read of the wrong file (`--key /dev/zero`).
pub const MAX_PEM_FILE: u64 = 1 << 20;

/// A certificate chain and its private key, ready to present.
#[derive(Clone)]
pub struct ClientCert {
    certified: Arc<CertifiedKey>,
    /// The leaf certificate's subject, issuer, names and dates.
    pub info: CertificateInfo,
}

impl std::fmt::Debug for ClientCert {
    /// The certificate's subject; never the key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCert")
            .field("subject", &self.info.subject)
            .finish_non_exhaustive()
    }
}

/// Reads `path` whole, at most [`MAX_PEM_FILE`] bytes.
fn read_bounded(setting: Setting, path: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let bad = |reason: String| Error::BadFile {
        setting,
        path: path.to_owned(),
        reason,
    };
    let file = std::fs::File::open(path).map_err(|e| bad(format!("cannot be read: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_PEM_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| bad(format!("cannot be read: {e}")))?;
    if bytes.len() as u64 > MAX_PEM_FILE {
        return Err(bad(format!(
            "is longer than {MAX_PEM_FILE} bytes, which no PEM certificate or key is"
        )));
    }
    Ok(bytes)
}

/// Whether PEM text holds an encrypted private key: PKCS #8's
/// `ENCRYPTED PRIVATE KEY` (RFC 5958 section 3), or OpenSSL's older
/// `Proc-Type: 4,ENCRYPTED` header inside an `RSA PRIVATE KEY` or `EC
/// PRIVATE KEY` block (RFC 1421 section 4.6.1.1).
fn encrypted(pem: &[u8]) -> bool {
    let has = |needle: &[u8]| pem.windows(needle.len()).any(|w| w == needle);
    has(b"-----BEGIN ENCRYPTED PRIVATE KEY-----") || has(b"Proc-Type: 4,ENCRYPTED")
}

impl ClientCert {
    /// The chain in `cert` (leaf first) and its key in `key`, both PEM.
    /// The key may be PKCS #8 (`PRIVATE KEY`), PKCS #1 (`RSA PRIVATE
    /// KEY`) or SEC 1 (`EC PRIVATE KEY`), unencrypted; RSA, ECDSA P-256
    /// and P-384, and Ed25519 keys sign.
    ///
    /// Each failure is an [`Error::BadFile`] naming the file: it cannot
    /// be read, holds no certificate, holds an encrypted key, holds no
    /// key, or a key that is not the certificate's.
    pub fn from_pem_files(cert: &Path, key: &Path) -> Result<Self, Error> {
        let cert_pem = read_bounded(Setting::Certificate, cert)?;
        let key_pem = zeroize::Zeroizing::new(read_bounded(Setting::Key, key)?);
        Self::from_pem(&cert_pem, &key_pem, cert, key)
    }

    /// [`from_pem_files`](Self::from_pem_files) on the files' contents;
    /// the paths name them in errors.
    pub fn from_pem(
        cert_pem: &[u8],
        key_pem: &[u8],
        cert: &Path,
        key: &Path,
    ) -> Result<Self, Error> {
        let bad = |setting, path: &Path, reason: String| Error::BadFile {
            setting,
            path: path.to_owned(),
            reason,
        };
        let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem)
            .collect::<Result<_, _>>()
            .map_err(|e| bad(Setting::Certificate, cert, format!("is not PEM: {e}")))?;
        let Some(leaf) = chain.first() else {
            return Err(bad(
                Setting::Certificate,
                cert,
                "holds no CERTIFICATE block".into(),
            ));
        };
        let info = certificate_info(leaf).ok_or_else(|| {
            bad(
                Setting::Certificate,
                cert,
                "its first certificate is not a valid X.509 certificate".into(),
            )
        })?;
        if encrypted(key_pem) {
            return Err(bad(
                Setting::Key,
                key,
                "holds an encrypted private key (ENCRYPTED PRIVATE KEY); only an unencrypted \
                 key can be read: decrypt a copy with `openssl pkey -in KEY -out PLAIN.pem`"
                    .into(),
            ));
        }
        let key_der = PrivateKeyDer::from_pem_slice(key_pem).map_err(|e| {
            bad(
                Setting::Key,
                key,
                match e {
                    rustls::pki_types::pem::Error::NoItemsFound => {
                        "holds no private key (a PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY \
                         block)"
                            .to_owned()
                    }
                    other => format!("is not PEM: {other}"),
                },
            )
        })?;
        let provider = rustls::crypto::ring::default_provider();
        let signing = provider.key_provider.load_private_key(key_der).map_err(|e| {
            bad(
                Setting::Key,
                key,
                format!("holds a key TLS cannot sign with (RSA, ECDSA P-256 or P-384, Ed25519 can): {e}"),
            )
        })?;
        // The key's public half against the certificate's, read with
        // x509-parser: rustls's own check reads the certificate with
        // webpki, which refuses an X.509 v1 certificate that servers on
        // OpenSSL (Dovecot, Postfix) take.
        let theirs = x509_parser::parse_x509_certificate(&chain[0])
            .map(|(_, c)| c.public_key().raw.to_vec())
            .map_err(|e| {
                bad(
                    Setting::Certificate,
                    cert,
                    format!("its public key cannot be read: {e}"),
                )
            })?;
        let ours = signing.public_key().map(|k| k.as_ref().to_vec());
        let certified = CertifiedKey::new(chain, signing);
        match ours {
            None => {}
            Some(ours) if ours == theirs => {}
            Some(_) => {
                return Err(bad(
                    Setting::Key,
                    key,
                    format!(
                        "is not the key of the certificate in {} ({}): its public key is \
                         another",
                        cert.display(),
                        info.subject
                    ),
                ));
            }
        }
        Ok(ClientCert {
            certified: Arc::new(certified),
            info,
        })
    }
}

/// What the server's CertificateRequest said, and what was sent back.
#[derive(Debug, Clone, Default)]
pub struct CertificateRequest {
    /// The distinguished names of the CAs the server named, in its order;
    /// empty when it named none (any certificate may do).
    pub authorities: Vec<String>,
    /// The certificate sent in answer, if one was.
    pub sent: Option<CertificateInfo>,
}

impl CertificateRequest {
    /// Whether the server named CAs and the certificate sent was issued
    /// by none of them: the server will most likely refuse it.
    pub fn issuer_not_named(&self) -> bool {
        match &self.sent {
            Some(sent) if !self.authorities.is_empty() => !self.authorities.contains(&sent.issuer),
            _ => false,
        }
    }
}

/// The request the last handshake saw, shared with the resolver.
pub(crate) type Asked = Arc<Mutex<Option<CertificateRequest>>>;

/// The rustls hook asked for a certificate when a CertificateRequest
/// arrives: it records the request and presents the certificate, if
/// there is one.
#[derive(Debug)]
pub(crate) struct Presenter {
    cert: Option<ClientCert>,
    pub(crate) asked: Asked,
}

impl Presenter {
    pub(crate) fn new(cert: Option<ClientCert>) -> Self {
        Presenter {
            cert,
            asked: Asked::default(),
        }
    }
}

impl ResolvesClientCert for Presenter {
    fn resolve(
        &self,
        root_hint_subjects: &[&[u8]],
        _sigschemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        let authorities = root_hint_subjects
            .iter()
            .map(|der| distinguished_name(der))
            .collect();
        if let Ok(mut asked) = self.asked.lock() {
            *asked = Some(CertificateRequest {
                authorities,
                sent: self.cert.as_ref().map(|c| c.info.clone()),
            });
        }
        self.cert.as_ref().map(|c| c.certified.clone())
    }

    fn has_certs(&self) -> bool {
        self.cert.is_some()
    }
}

/// A DER distinguished name as text (`CN=Example CA, O=Example`), as
/// the certificate lines print subjects and issuers. A Name is a
/// SEQUENCE (tag 0x30) of SETs (0x31): given without its outer tag and
/// length, as rustls's `DistinguishedName` may hold it, it is wrapped.
fn distinguished_name(der: &[u8]) -> String {
    use x509_parser::prelude::FromDer;
    if der.first() == Some(&0x30) {
        if let Ok((rest, name)) = x509_parser::x509::X509Name::from_der(der) {
            if rest.is_empty() {
                return super::tls::name_text(&name);
            }
        }
    }
    let mut whole = vec![0x30];
    let len = der.len();
    if len < 0x80 {
        whole.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        whole.push(0x80 | bytes.len() as u8);
        whole.extend(bytes);
    }
    whole.extend_from_slice(der);
    match x509_parser::x509::X509Name::from_der(&whole) {
        Ok((_, name)) => super::tls::name_text(&name),
        Err(_) => format!("(a name that does not parse, {} bytes)", der.len()),
    }
}

/// A TLS alert the server sent on an established session, as an
/// [`Error::TlsAlert`] with what it says of the client certificate (RFC
/// 8446 section 6.2); `None` for any other error.
pub(crate) fn alert_error(e: &std::io::Error) -> Option<Error> {
    use rustls::AlertDescription as A;
    let alert = match e.get_ref()?.downcast_ref::<rustls::Error>()? {
        rustls::Error::AlertReceived(alert) => *alert,
        _ => return None,
    };
    let (name, meaning) = match alert {
        A::UnknownCA => (
            "unknown_ca",
            ": the server does not trust the issuer of the client certificate",
        ),
        A::CertificateExpired => (
            "certificate_expired",
            ": the client certificate expired, or is not valid yet",
        ),
        A::BadCertificate => (
            "bad_certificate",
            ": the server could not verify the client certificate",
        ),
        A::CertificateRequired => (
            "certificate_required",
            ": the server requires a client certificate, and none was sent",
        ),
        A::CertificateRevoked => (
            "certificate_revoked",
            ": the client certificate was revoked by its issuer",
        ),
        A::UnsupportedCertificate => (
            "unsupported_certificate",
            ": the server cannot use a certificate of this kind (key type or usage)",
        ),
        A::CertificateUnknown => (
            "certificate_unknown",
            ": the server would not accept the client certificate",
        ),
        A::AccessDenied => ("access_denied", ": the server refuses this client"),
        other => {
            return Some(Error::TlsAlert {
                alert: format!("{other:?}"),
                meaning: "",
            })
        }
    };
    Some(Error::TlsAlert {
        alert: name.to_owned(),
        meaning,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(name: &str) -> (String, String) {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        let cert = params.self_signed(&key).unwrap();
        (cert.pem(), key.serialize_pem())
    }

    fn load(cert: &str, key: &str) -> Result<ClientCert, Error> {
        ClientCert::from_pem(
            cert.as_bytes(),
            key.as_bytes(),
            Path::new("c.pem"),
            Path::new("k.pem"),
        )
    }

    #[test]
    fn a_matching_pair_loads_and_shows_its_subject() {
        let (cert, key) = pair("alice");
        let loaded = load(&cert, &key).unwrap();
        assert_eq!(loaded.info.subject, "CN=alice");
        assert!(!format!("{loaded:?}").contains("PRIVATE"));
    }

    #[test]
    fn each_bad_file_is_named_with_its_reason() {
        let (cert, key) = pair("alice");
        let (_, other_key) = pair("bob");
        let encrypted =
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n";
        let legacy = key.replace(
            "-----BEGIN PRIVATE KEY-----\n",
            "-----BEGIN PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n",
        );
        for (cert_pem, key_pem, setting, said) in [
            (
                cert.as_str(),
                other_key.as_str(),
                Setting::Key,
                "is not the key of the certificate in c.pem (CN=alice)",
            ),
            (
                cert.as_str(),
                encrypted,
                Setting::Key,
                "holds an encrypted private key",
            ),
            (
                cert.as_str(),
                legacy.as_str(),
                Setting::Key,
                "holds an encrypted private key",
            ),
            (
                cert.as_str(),
                cert.as_str(),
                Setting::Key,
                "holds no private key",
            ),
            (
                key.as_str(),
                key.as_str(),
                Setting::Certificate,
                "holds no CERTIFICATE block",
            ),
        ] {
            let err = load(cert_pem, key_pem).unwrap_err();
            match &err {
                Error::BadFile { setting: s, .. } => assert_eq!(*s, setting, "{err}"),
                other => panic!("{other}"),
            }
            assert!(err.to_string().contains(said), "{err}");
            assert_eq!(err.class(), crate::ErrorClass::Usage);
        }
        let err = ClientCert::from_pem_files(Path::new("/nonexistent/c.pem"), Path::new("k"))
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("/nonexistent/c.pem: cannot be read: "),
            "{err}"
        );
    }

    #[test]
    fn a_distinguished_name_reads_as_text() {
        // The subject of a certificate, without its outer SEQUENCE, as
        // rustls passes the CertificateRequest's names.
        let (cert, _) = pair("Test CA");
        let der = CertificateDer::from_pem_slice(cert.as_bytes()).unwrap();
        let (_, parsed) = x509_parser::parse_x509_certificate(&der).unwrap();
        let raw = parsed.subject().as_raw();
        let inner = &raw[2..];
        assert_eq!(distinguished_name(inner), "CN=Test CA");
        assert_eq!(distinguished_name(raw), "CN=Test CA");
        let long = "x".repeat(150);
        let (cert, _) = pair(&long);
        let der = CertificateDer::from_pem_slice(cert.as_bytes()).unwrap();
        let (_, parsed) = x509_parser::parse_x509_certificate(&der).unwrap();
        let raw = parsed.subject().as_raw();
        // 0x30 0x81 len: a long form length of one byte.
        assert_eq!(raw[1], 0x81);
        assert_eq!(distinguished_name(&raw[3..]), format!("CN={long}"));
    }
}
