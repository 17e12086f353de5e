//! `serve --client-ca`: ask TLS clients for a certificate, and judge the
//! one presented for EXTERNAL.
//!
//! The handshake asks for a certificate from the CAs of the file (their
//! names go in the CertificateRequest) and takes any certificate whose
//! key signs the handshake, or none: a client without a certificate may
//! still log in with a password, and a certificate that verification
//! refuses is kept so that EXTERNAL's refusal can say why (its issuer is
//! not trusted, it expired and when, it is not for client
//! authentication) instead of a bare TLS alert. Only a certificate that
//! webpki verifies to one of the CAs ([`Presented::Verified`]) ever logs
//! anyone in.

use std::path::Path;
use std::sync::Arc;

use rustls::client::danger::HandshakeSignatureValid;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::server::WebPkiClientVerifier;
use rustls::{DigitallySignedStruct, DistinguishedName, RootCertStore, SignatureScheme};

use crate::login::tls::certificate_info;
use crate::mech::external::{CertIdentity, Presented};
use crate::{Error, Setting};

/// The trusted client CAs.
#[derive(Debug, Clone)]
pub struct ClientCa {
    webpki: Arc<dyn ClientCertVerifier>,
    /// The CAs' subjects, for the words of a refusal.
    names: Vec<String>,
}

impl ClientCa {
    /// The CA certificates of a PEM file.
    pub fn from_pem_file(path: &Path) -> Result<Self, Error> {
        let bad = |reason: String| Error::BadFile {
            setting: Setting::ClientCa,
            path: path.to_owned(),
            reason,
        };
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
            .map_err(|e| bad(format!("cannot be read: {e}")))?
            .collect::<Result<_, _>>()
            .map_err(|e| bad(format!("is not PEM: {e}")))?;
        if certs.is_empty() {
            return Err(bad("holds no CERTIFICATE block".into()));
        }
        let mut roots = RootCertStore::empty();
        let mut names = Vec::new();
        for cert in certs {
            names.extend(certificate_info(&cert).map(|c| c.subject));
            roots
                .add(cert)
                .map_err(|e| bad(format!("holds a certificate that is no trust anchor: {e}")))?;
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let webpki = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
            .allow_unauthenticated()
            .build()
            .map_err(|e| bad(e.to_string()))?;
        Ok(ClientCa { webpki, names })
    }

    /// The verifier for the handshake (see the module documentation).
    pub fn handshake_verifier(&self) -> Arc<dyn ClientCertVerifier> {
        Arc::new(Lenient(self.webpki.clone()))
    }

    /// What the client's certificate chain (leaf first, as the handshake
    /// kept it; empty when none was sent) is worth for EXTERNAL, now.
    pub fn judge(&self, chain: &[CertificateDer<'_>]) -> Presented {
        let Some((leaf, intermediates)) = chain.split_first() else {
            return Presented::Nothing;
        };
        let info = certificate_info(leaf);
        let subject = info
            .as_ref()
            .map_or_else(|| "(unreadable)".to_owned(), |c| c.subject.clone());
        match self
            .webpki
            .verify_client_cert(leaf, intermediates, UnixTime::now())
        {
            Ok(_) => Presented::Verified {
                subject,
                identities: identities(leaf),
            },
            Err(error) => Presented::Refused {
                subject,
                reason: self.reason(&error, info.as_ref()),
            },
        }
    }

    /// Why webpki refused a client certificate, in words.
    fn reason(
        &self,
        error: &rustls::Error,
        cert: Option<&crate::login::tls::CertificateInfo>,
    ) -> String {
        use rustls::CertificateError as C;
        let issuer = cert.map_or("", |c| c.issuer.as_str());
        match error {
            rustls::Error::InvalidCertificate(C::UnknownIssuer) => format!(
                "untrusted issuer: it was issued by {issuer}, which is not among the trusted \
                 client CAs ({})",
                self.names.join("; ")
            ),
            rustls::Error::InvalidCertificate(C::Expired | C::ExpiredContext { .. }) => {
                match cert {
                    Some(c) => format!("expired: it expired {} ({})", c.expiry(), c.not_after),
                    None => "expired".to_owned(),
                }
            }
            rustls::Error::InvalidCertificate(C::NotValidYet | C::NotValidYetContext { .. }) => {
                match cert {
                    Some(c) => format!("not valid yet: not before {}", c.not_before),
                    None => "not valid yet".to_owned(),
                }
            }
            rustls::Error::InvalidCertificate(
                C::InvalidPurpose | C::InvalidPurposeContext { .. },
            ) => "it is not for client authentication (its extendedKeyUsage lacks clientAuth)"
                .to_owned(),
            rustls::Error::InvalidCertificate(C::BadSignature) => format!(
                "its signature does not verify with the key of the trusted CA named {issuer} \
                 (another CA of the same name?)"
            ),
            rustls::Error::InvalidCertificate(C::Other(other))
                if format!("{other:?}").contains("UnsupportedCertVersion") =>
            {
                "it is an X.509 version 1 certificate, and only version 3 is accepted (a v1 \
                 certificate can carry no extensions, so neither the key usage nor the names \
                 a client certificate needs): make it again with extensions, e.g. `openssl x509 \
                 -req ... -extfile <(printf 'extendedKeyUsage=clientAuth')`"
                    .to_owned()
            }
            other => other.to_string(),
        }
    }
}

/// The identities a certificate vouches for: its subject's common
/// names, then its email and DNS subjectAltNames.
pub fn identities(der: &[u8]) -> Vec<CertIdentity> {
    use x509_parser::extensions::GeneralName;
    let Ok((_, cert)) = x509_parser::parse_x509_certificate(der) else {
        return Vec::new();
    };
    let mut found: Vec<CertIdentity> = cert
        .subject()
        .iter_common_name()
        .filter_map(|cn| cn.as_str().ok())
        .map(|cn| CertIdentity::CommonName(cn.to_owned()))
        .collect();
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for name in &san.value.general_names {
            match name {
                GeneralName::RFC822Name(email) => {
                    found.push(CertIdentity::Email((*email).to_owned()))
                }
                GeneralName::DNSName(dns) => found.push(CertIdentity::Dns((*dns).to_owned())),
                _ => {}
            }
        }
    }
    found
}

/// webpki's verifier, but taking any certificate in the handshake: the
/// judgement is [`ClientCa::judge`]'s, after it.
#[derive(Debug)]
struct Lenient(Arc<dyn ClientCertVerifier>);

impl ClientCertVerifier for Lenient {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        false
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        self.0.root_hint_subjects()
    }

    fn verify_client_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        Ok(ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        match self.0.verify_tls13_signature(message, cert, dss) {
            // webpki reads no X.509 v1 certificate; its key, read with
            // x509-parser, still proves the client holds it, so that the
            // handshake ends and the judgement can say why v1 is refused.
            Err(rustls::Error::InvalidCertificate(rustls::CertificateError::Other(other)))
                if format!("{other:?}").contains("UnsupportedCertVersion") =>
            {
                let (_, parsed) = x509_parser::parse_x509_certificate(cert).map_err(|_| {
                    rustls::Error::InvalidCertificate(rustls::CertificateError::BadEncoding)
                })?;
                let spki =
                    rustls::pki_types::SubjectPublicKeyInfoDer::from(parsed.public_key().raw);
                rustls::crypto::verify_tls13_signature_with_raw_key(
                    message,
                    &spki,
                    dss,
                    &rustls::crypto::ring::default_provider().signature_verification_algorithms,
                )
            }
            other => other,
        }
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}
