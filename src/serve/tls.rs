//! The server's TLS: rustls on the ring provider, as `connect` uses, with
//! a certificate from PEM files or a fresh self-signed one (an ECDSA
//! P-256 key, made by rcgen).

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::ServerConfig;

use crate::login::tls::fingerprint;
use crate::{Error, Setting};

/// A server's certificate chain and key, with what a client needs to
/// trust it.
pub struct Identity {
    /// The chain, leaf first.
    pub chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    /// The leaf certificate in PEM (for `--write-cert`, a client's
    /// `--cafile`).
    pub pem: String,
}

impl Identity {
    /// A self-signed certificate for `names` (DNS names or IP addresses).
    pub fn self_signed(names: &[String]) -> Result<Self, Error> {
        let certified =
            rcgen::generate_simple_self_signed(names.to_vec()).map_err(|e| Error::Tls {
                server: String::new(),
                reason: format!("cannot make a self-signed certificate: {e}"),
            })?;
        let der = certified.cert.der().clone();
        let key = PrivatePkcs8KeyDer::from(certified.signing_key.serialize_der());
        Ok(Identity {
            pem: certified.cert.pem(),
            chain: vec![der],
            key: PrivateKeyDer::Pkcs8(key),
        })
    }

    /// The chain in `cert` and the key in `key`, both PEM.
    pub fn from_pem_files(cert: &Path, key: &Path) -> Result<Self, Error> {
        let bad = |setting, path: &Path, reason| Error::BadFile {
            setting,
            path: path.to_owned(),
            reason,
        };
        let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
            .map_err(|e| bad(Setting::Certificate, cert, e.to_string()))?
            .collect::<Result<_, _>>()
            .map_err(|e| bad(Setting::Certificate, cert, e.to_string()))?;
        if chain.is_empty() {
            return Err(bad(
                Setting::Certificate,
                cert,
                "holds no CERTIFICATE block".into(),
            ));
        }
        let key_der =
            PrivateKeyDer::from_pem_file(key).map_err(|e| bad(Setting::Key, key, e.to_string()))?;
        let pem = std::fs::read_to_string(cert)
            .map_err(|e| bad(Setting::Certificate, cert, e.to_string()))?;
        Ok(Identity {
            chain,
            key: key_der,
            pem,
        })
    }

    /// The SHA-256 of the leaf certificate, as `connect --pin-sha256`
    /// takes it.
    pub fn pin(&self) -> String {
        fingerprint(&self.chain[0])
    }

    /// The rustls server configuration.
    pub fn config(&self) -> Result<Arc<ServerConfig>, Error> {
        self.config_asking(None)
    }

    /// The rustls server configuration, asking clients for a certificate
    /// from `client_ca` when given.
    pub fn config_asking(
        &self,
        client_ca: Option<&super::client_ca::ClientCa>,
    ) -> Result<Arc<ServerConfig>, Error> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|b| {
                match client_ca {
                    Some(ca) => b.with_client_cert_verifier(ca.handshake_verifier()),
                    None => b.with_no_client_auth(),
                }
                .with_single_cert(self.chain.clone(), self.key.clone_key())
            })
            .map_err(|e| Error::CertificateKey {
                side: "server",
                reason: e.to_string(),
            })?;
        Ok(Arc::new(config))
    }
}
