//! The TLS client: rustls on the ring provider, and the one certificate
//! verifier that `connect` uses.
//!
//! Verification, in this order:
//! 1. `--insecure`: nothing is checked (and the session warns).
//! 2. `--pin-sha256`: the server's certificate must be one of the pinned
//!    ones, by the SHA-256 of its DER encoding. A pinned certificate is
//!    trusted as itself: no chain, no host name, no dates are checked (it
//!    is the exact certificate the user vouched for).
//! 3. The server's certificate is byte for byte one in `--cafile`: the
//!    user gave this very certificate as trusted. This is how a server's
//!    own self-signed `openssl req -x509` certificate is accepted, which
//!    webpki refuses as an end entity because it is marked CA:TRUE. The
//!    host name and the validity dates are still checked, and the
//!    handshake signature is checked as always.
//! 4. Otherwise webpki path building to the roots: those of `--cafile`,
//!    or the platform's trust store, with the host name checked.
//!
//! SNI is sent for host names (not for IP addresses, RFC 6066 section 3).

use std::path::Path;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{self, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use sha2::{Digest, Sha256};

use crate::{Error, Trust};

/// How the server's certificate is to be checked.
#[derive(Debug, Clone, Default)]
pub struct TlsOptions {
    /// A PEM file of trusted certificates (CAs, or the server's own),
    /// instead of the platform's trust store.
    pub cafile: Option<std::path::PathBuf>,
    /// SHA-256 digests of certificates (DER) to accept, instead of
    /// verification.
    pub pins: Vec<[u8; 32]>,
    /// Check nothing.
    pub insecure: bool,
    /// The client certificate to present when the server asks.
    pub client_cert: Option<super::client_cert::ClientCert>,
}

/// Parses a `--pin-sha256` value: the SHA-256 of the certificate's DER
/// encoding, as 64 hex digits (colons allowed, any case: what `openssl x509
/// -noout -fingerprint -sha256` prints after `=`) or as 44 characters of
/// base64.
///
/// ```
/// use saslenc::login::tls::parse_pin;
/// let hex = "AB:".repeat(31) + "AB";
/// assert_eq!(parse_pin(&hex)?, [0xab; 32]);
/// assert_eq!(parse_pin("q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=")?, [0xab; 32]);
/// # Ok::<(), saslenc::Error>(())
/// ```
pub fn parse_pin(text: &str) -> Result<[u8; 32], Error> {
    let text = text.trim();
    let text = text.strip_prefix("sha256//").unwrap_or(text);
    let compact: String = text.chars().filter(|&c| c != ':').collect();
    let bytes = if compact.len() == 64 && compact.bytes().all(|b| b.is_ascii_hexdigit()) {
        hex::decode(&compact).map_err(|_| pin_error())?
    } else {
        crate::encoding::decode("pin", text)
            .map_err(|_| pin_error())?
            .to_vec()
    };
    bytes.try_into().map_err(|_| pin_error())
}

fn pin_error() -> Error {
    Error::SettingForm {
        setting: crate::Setting::Pin,
        takes: "the SHA-256 of the certificate's DER encoding: 64 hex digits (colons allowed, \
                as `openssl x509 -noout -fingerprint -sha256` prints them) or 44 characters of \
                base64",
    }
}

/// The SHA-256 of a certificate's DER encoding, as lower-case hex.
pub fn fingerprint(cert: &[u8]) -> String {
    hex::encode(Sha256::digest(cert))
}

/// A client configuration, and the server certificate its verifier was
/// last shown: a handshake that fails on the certificate still reports
/// it (its names, dates, issuer and SHA-256).
pub struct Client {
    /// The rustls configuration.
    pub config: Arc<ClientConfig>,
    seen: Seen,
    asked: super::client_cert::Asked,
}

type Seen = Arc<std::sync::Mutex<Option<Vec<u8>>>>;

impl Client {
    /// The server certificate (DER) the last handshake showed, if any.
    pub fn seen_certificate(&self) -> Option<Vec<u8>> {
        self.seen.lock().ok().and_then(|seen| seen.clone())
    }

    /// The server's CertificateRequest in the last handshake, if one came.
    pub fn certificate_request(&self) -> Option<super::client_cert::CertificateRequest> {
        self.asked.lock().ok().and_then(|asked| asked.clone())
    }
}

/// The rustls client configuration for `options`.
pub fn client_config(options: &TlsOptions) -> Result<Client, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = Verifier::new(options, provider.clone())?;
    let seen = verifier.seen.clone();
    // Always a resolver, with or without a certificate: it records whether
    // the server asked for one, and which CAs it named.
    let presenter = super::client_cert::Presenter::new(options.client_cert.clone());
    let asked = presenter.asked.clone();
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Tls {
            server: String::new(),
            reason: e.to_string(),
        })?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_client_cert_resolver(Arc::new(presenter));
    Ok(Client {
        config: Arc::new(config),
        seen,
        asked,
    })
}

/// The server name for SNI and the host name check.
pub fn server_name(host: &str) -> Result<ServerName<'static>, Error> {
    ServerName::try_from(host.to_owned()).map_err(|_| Error::Host {
        host: host.to_owned(),
    })
}

/// Reads every certificate of a PEM file.
fn read_pem(path: &Path) -> Result<Vec<CertificateDer<'static>>, Error> {
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|iter| iter.collect::<Result<Vec<_>, _>>())
        .map_err(|e| {
            Error::io(
                format!("read the certificates in {}", path.display()),
                std::io::Error::other(e.to_string()),
            )
        })?;
    if certs.is_empty() {
        return Err(Error::io(
            format!("read the certificates in {}", path.display()),
            std::io::Error::other("the file holds no PEM CERTIFICATE block"),
        ));
    }
    Ok(certs)
}

/// The certificate verifier (see the module documentation).
#[derive(Debug)]
struct Verifier {
    /// webpki path building, to the cafile's roots or the platform's;
    /// `None` when there are no roots at all (an empty platform store).
    webpki: Option<Arc<WebPkiServerVerifier>>,
    /// The certificates of `--cafile`, each trusted as itself too.
    trusted: Vec<CertificateDer<'static>>,
    pins: Vec<[u8; 32]>,
    insecure: bool,
    provider: Arc<CryptoProvider>,
    /// The end-entity certificate of the last handshake.
    seen: Seen,
}

impl Verifier {
    fn new(options: &TlsOptions, provider: Arc<CryptoProvider>) -> Result<Self, Error> {
        let mut roots = RootCertStore::empty();
        let mut trusted = Vec::new();
        if let Some(path) = &options.cafile {
            trusted = read_pem(path)?;
            // A certificate webpki cannot take as a trust anchor is still
            // trusted as itself (step 3).
            let _ = roots.add_parsable_certificates(trusted.iter().cloned());
        } else if !options.insecure && options.pins.is_empty() {
            let native = rustls_native_certs::load_native_certs();
            let _ = roots.add_parsable_certificates(native.certs);
        }
        let webpki = if roots.is_empty() {
            None
        } else {
            Some(
                WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                    .build()
                    .map_err(|e| Error::Tls {
                        server: String::new(),
                        reason: e.to_string(),
                    })?,
            )
        };
        Ok(Verifier {
            webpki,
            trusted,
            pins: options.pins.clone(),
            insecure: options.insecure,
            provider,
            seen: Seen::default(),
        })
    }

    /// Step 3: the end entity is one of the cafile's certificates.
    fn trusted_as_itself(
        &self,
        end_entity: &CertificateDer<'_>,
        server_name: &ServerName<'_>,
        now: UnixTime,
    ) -> Result<(), rustls::Error> {
        let parsed = rustls::server::ParsedCertificate::try_from(end_entity)?;
        rustls::client::verify_server_name(&parsed, server_name)?;
        let (_, cert) = x509_parser::parse_x509_certificate(end_entity).map_err(|_| {
            rustls::Error::InvalidCertificate(rustls::CertificateError::BadEncoding)
        })?;
        let now = i64::try_from(now.as_secs()).unwrap_or(i64::MAX);
        let validity = cert.validity();
        if now < validity.not_before.timestamp() {
            return Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::NotValidYet,
            ));
        }
        if now > validity.not_after.timestamp() {
            return Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::Expired,
            ));
        }
        Ok(())
    }
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(end_entity.as_ref().to_vec());
        }
        if self.insecure {
            return Ok(ServerCertVerified::assertion());
        }
        if !self.pins.is_empty() {
            let digest: [u8; 32] = Sha256::digest(end_entity.as_ref()).into();
            return if self.pins.contains(&digest) {
                Ok(ServerCertVerified::assertion())
            } else {
                Err(rustls::Error::General(format!(
                    "the certificate's SHA-256 is {}, which is not pinned",
                    fingerprint(end_entity)
                )))
            };
        }
        if self
            .trusted
            .iter()
            .any(|cert| cert.as_ref() == end_entity.as_ref())
        {
            self.trusted_as_itself(end_entity, server_name, now)?;
            return Ok(ServerCertVerified::assertion());
        }
        match &self.webpki {
            Some(webpki) => webpki.verify_server_cert(
                end_entity,
                intermediates,
                server_name,
                ocsp_response,
                now,
            ),
            None => Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer,
            )),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// A failed handshake with `server` as an error: [`Error::Untrusted`]
/// where trusting the certificate is the caller's to decide (with how),
/// else [`Error::Tls`]; the reason in words, from the certificate the
/// server showed (`certificate`, when it got that far): self-signed, a CA
/// certificate as the server's own, expired and when, not yet valid and
/// until when, the names it is for, its issuer.
pub fn handshake_error(
    server: String,
    error: &rustls::Error,
    options: &TlsOptions,
    certificate: Option<&CertificateInfo>,
) -> Error {
    use rustls::CertificateError as C;
    let reason = reason_in_words(error, certificate, &server);
    let trust = match error {
        rustls::Error::InvalidCertificate(C::UnknownIssuer) if options.cafile.is_none() => {
            Some(Trust::AnchorOrPin)
        }
        rustls::Error::InvalidCertificate(C::UnknownIssuer) => Some(Trust::NotAmongAnchors),
        rustls::Error::InvalidCertificate(C::Other(other))
            if format!("{other:?}").contains("CaUsedAsEndEntity") =>
        {
            Some(Trust::ServerIsCa)
        }
        _ => None,
    };
    if let Some(trust) = trust {
        return Error::Untrusted {
            server,
            reason,
            trust,
        };
    }
    let hint = match error {
        rustls::Error::InvalidCertificate(C::NotValidForName)
        | rustls::Error::InvalidCertificate(C::NotValidForNameContext { .. }) => {
            Some("connect with a name the certificate holds")
        }
        rustls::Error::InvalidCertificate(C::Expired)
        | rustls::Error::InvalidCertificate(C::ExpiredContext { .. }) => {
            Some("the server must renew it")
        }
        rustls::Error::InvalidCertificate(C::NotValidYet)
        | rustls::Error::InvalidCertificate(C::NotValidYetContext { .. }) => {
            Some("check this machine's clock, or the server's certificate dates")
        }
        rustls::Error::InvalidCertificate(C::BadSignature) => {
            Some("the certificate's signature does not verify with the key of its issuer in the trust anchors: another CA of the same name?")
        }
        rustls::Error::AlertReceived(rustls::AlertDescription::ProtocolVersion)
        | rustls::Error::PeerIncompatible(
            rustls::PeerIncompatible::ServerDoesNotSupportTls12Or13
            | rustls::PeerIncompatible::ServerTlsVersionIsDisabledByOurConfig,
        ) => Some(
            "the server speaks no TLS version saslenc does: saslenc speaks TLS 1.2 and 1.3, so \
             the server offers only TLS 1.0 or 1.1, which RFC 8996 retired",
        ),
        _ => None,
    };
    let reason = match hint {
        Some(hint) => format!("{reason} ({hint})"),
        None => reason,
    };
    Error::Tls { server, reason }
}

/// What was wrong with the certificate, in words rather than rustls's
/// debug text (`Other(OtherError(CaUsedAsEndEntity))`, `verification time
/// 1796623498 (UNIX)`); rustls's own text where saslenc has none.
fn reason_in_words(
    error: &rustls::Error,
    certificate: Option<&CertificateInfo>,
    server: &str,
) -> String {
    use rustls::CertificateError as C;
    let Some(cert) = certificate else {
        return error.to_string();
    };
    let names = if cert.names.is_empty() {
        "no subjectAltName".to_owned()
    } else {
        cert.names.join(", ")
    };
    let host = server.rsplit_once(':').map_or(server, |(host, _)| host);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match error {
        rustls::Error::InvalidCertificate(C::UnknownIssuer) if cert.self_signed => format!(
            "the certificate ({}) is self-signed, and no trust anchor vouches for it; its \
             SHA-256 is {}",
            cert.subject, cert.sha256
        ),
        rustls::Error::InvalidCertificate(C::UnknownIssuer) => format!(
            "the certificate's issuer ({}) is not among the trust anchors; the certificate's \
             SHA-256 is {}",
            cert.issuer, cert.sha256
        ),
        rustls::Error::InvalidCertificate(C::Other(other))
            if format!("{other:?}").contains("CaUsedAsEndEntity") =>
        {
            format!(
                "the server presents a CA certificate ({}, basicConstraints CA:TRUE) as its \
                 own; its SHA-256 is {}",
                cert.subject, cert.sha256
            )
        }
        rustls::Error::InvalidCertificate(C::Expired | C::ExpiredContext { .. }) => format!(
            "the certificate ({}) expired {} ({})",
            cert.subject,
            cert.expiry(),
            cert.not_after
        ),
        rustls::Error::InvalidCertificate(C::NotValidYet | C::NotValidYetContext { .. }) => {
            format!(
                "the certificate ({}) is not valid before {}",
                cert.subject, cert.not_before
            )
        }
        rustls::Error::InvalidCertificate(
            C::NotValidForName | C::NotValidForNameContext { .. },
        ) => {
            format!("the certificate is for {names}, not {host}")
        }
        _ => error.to_string(),
    }
}

/// How a server's certificate was trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Verification {
    /// Not verified at all ([`TlsOptions::insecure`]).
    Unverified,
    /// By its pinned SHA-256 ([`TlsOptions::pins`]).
    Pinned,
    /// Against the trust anchors given ([`TlsOptions::cafile`]).
    Anchors,
    /// Against the platform's trust store.
    #[default]
    TrustStore,
}

impl Verification {
    /// How `options` ask for the certificate to be trusted.
    fn of(options: &TlsOptions) -> Self {
        if options.insecure {
            Verification::Unverified
        } else if !options.pins.is_empty() {
            Verification::Pinned
        } else if options.cafile.is_some() {
            Verification::Anchors
        } else {
            Verification::TrustStore
        }
    }
}

impl std::fmt::Display for Verification {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Verification::Unverified => "not verified",
            Verification::Pinned => "pinned",
            Verification::Anchors => "verified against the trust anchors given",
            Verification::TrustStore => "verified against the platform's trust store",
        })
    }
}

/// What a TLS connection negotiated and what the server showed, for the
/// transcript and `--probe`.
#[derive(Debug, Clone, Default)]
pub struct TlsInfo {
    /// `TLSv1.3`, ...
    pub version: String,
    /// The cipher suite's IANA name.
    pub cipher: String,
    /// The server's certificate, if it sent one.
    pub certificate: Option<CertificateInfo>,
    /// How the certificate was trusted.
    pub verification: Verification,
    /// The server's request for a client certificate, if it sent one.
    pub certificate_request: Option<super::client_cert::CertificateRequest>,
    /// The connection's channel bindings (RFC 5056): `tls-exporter` on
    /// TLS 1.3, `tls-server-end-point` of the server's certificate.
    pub channel_bindings: Vec<crate::mech::ChannelBinding>,
}

/// The parts of a certificate a person checks.
#[derive(Debug, Clone, Default)]
pub struct CertificateInfo {
    /// The subject's distinguished name.
    pub subject: String,
    /// The issuer's distinguished name.
    pub issuer: String,
    /// The subjectAltName DNS names and IP addresses.
    pub names: Vec<String>,
    /// The start of validity, as x509-parser prints it.
    pub not_before: String,
    /// The end of validity, RFC 2822 style, as x509-parser prints it.
    pub not_after: String,
    /// Whole days from now to the end of validity (negative once expired).
    pub days_left: i64,
    /// Seconds from now to the end of validity (negative once expired).
    pub seconds_left: i64,
    /// The SHA-256 of the DER encoding, hex: the value for `--pin-sha256`.
    pub sha256: String,
    /// Whether the certificate is its own issuer.
    pub self_signed: bool,
}

impl CertificateInfo {
    /// When validity ends, in words: in hours, rounded, within two days
    /// ("about 25 hours ago", "in about 3 hours"), else in whole days
    /// ("in 12 days", "3 days ago").
    ///
    /// ```
    /// let mut cert = saslenc::login::tls::CertificateInfo::default();
    /// cert.seconds_left = -25 * 3600 - 60;
    /// assert_eq!(cert.expiry(), "about 25 hours ago");
    /// cert.seconds_left = 12 * 86_400 + 5;
    /// assert_eq!(cert.expiry(), "in 12 days");
    /// cert.seconds_left = -3 * 86_400;
    /// assert_eq!(cert.expiry(), "3 days ago");
    /// cert.seconds_left = 600;
    /// assert_eq!(cert.expiry(), "within the hour");
    /// ```
    pub fn expiry(&self) -> String {
        let seconds = self.seconds_left;
        let span = seconds.unsigned_abs();
        let text = if span < 48 * 3600 {
            match (span + 1800) / 3600 {
                0 if seconds >= 0 => return "within the hour".to_owned(),
                0 => return "less than an hour ago".to_owned(),
                1 => "about 1 hour".to_owned(),
                hours => format!("about {hours} hours"),
            }
        } else {
            format!("{} days", span / 86_400)
        };
        if seconds >= 0 {
            format!("in {text}")
        } else {
            format!("{text} ago")
        }
    }
}

impl TlsInfo {
    /// A handshake that failed: nothing negotiated (empty version and
    /// cipher), the certificate to be filled in where the server showed
    /// one.
    pub fn failed(options: &TlsOptions) -> Self {
        TlsInfo {
            verification: Verification::of(options),
            ..TlsInfo::default()
        }
    }

    /// Whether the handshake completed.
    pub fn established(&self) -> bool {
        !self.version.is_empty()
    }

    /// Reads what `connection` negotiated.
    pub fn of(connection: &rustls::ClientConnection, options: &TlsOptions) -> Self {
        let version = connection
            .protocol_version()
            .map(|v| match v {
                rustls::ProtocolVersion::TLSv1_3 => "TLSv1.3".to_owned(),
                rustls::ProtocolVersion::TLSv1_2 => "TLSv1.2".to_owned(),
                other => format!("{other:?}"),
            })
            .unwrap_or_default();
        let cipher = connection
            .negotiated_cipher_suite()
            .map(|s| format!("{:?}", s.suite()))
            .unwrap_or_default();
        let certificate = connection
            .peer_certificates()
            .and_then(|certs| certs.first())
            .and_then(|cert| certificate_info(cert.as_ref()));
        let verification = Verification::of(options);
        let server_certificate = connection
            .peer_certificates()
            .and_then(|certs| certs.first())
            .map(|cert| cert.as_ref());
        TlsInfo {
            version,
            cipher,
            certificate,
            verification,
            certificate_request: None,
            channel_bindings: crate::mech::channel_binding::of_connection(
                connection,
                server_certificate,
            ),
        }
    }
}

/// Subject, issuer, names and dates of a DER certificate.
pub fn certificate_info(der: &[u8]) -> Option<CertificateInfo> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    let names: Vec<String> = cert
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|san| {
            san.value
                .general_names
                .iter()
                .filter_map(|name| match name {
                    x509_parser::extensions::GeneralName::DNSName(dns) => Some((*dns).to_owned()),
                    x509_parser::extensions::GeneralName::IPAddress(ip) => match ip.len() {
                        4 => <[u8; 4]>::try_from(*ip)
                            .ok()
                            .map(|b| std::net::Ipv4Addr::from(b).to_string()),
                        16 => <[u8; 16]>::try_from(*ip)
                            .ok()
                            .map(|b| std::net::Ipv6Addr::from(b).to_string()),
                        _ => None,
                    },
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    let not_after = cert.validity().not_after;
    Some(CertificateInfo {
        subject: name_text(cert.subject()),
        issuer: name_text(cert.issuer()),
        names: names
            .into_iter()
            .map(|n: String| crate::field::printable(n.as_bytes()))
            .collect(),
        not_before: cert.validity().not_before.to_string(),
        not_after: not_after.to_string(),
        days_left: (not_after.timestamp() - now).div_euclid(86_400),
        seconds_left: not_after.timestamp() - now,
        sha256: fingerprint(der),
        self_signed: cert.subject() == cert.issuer(),
    })
}

/// A distinguished name as text (`CN=Example CA, O=Example`), each value
/// escaped as RFC 4514 section 2.4 says (`,` `+` `"` `\` `<` `>` `;`, a
/// leading `#` or space, a trailing space), so that a value holding
/// `, CN=alice` cannot read as a second attribute; a value that is no
/// string is `#` and its hex.
pub(crate) fn name_text(name: &x509_parser::x509::X509Name<'_>) -> String {
    use x509_parser::objects::{oid2abbrev, oid_registry};
    let rdns: Vec<String> = name
        .iter()
        .map(|rdn| {
            rdn.iter()
                .map(|attr| {
                    let key = oid2abbrev(attr.attr_type(), oid_registry())
                        .map(str::to_owned)
                        .unwrap_or_else(|_| attr.attr_type().to_id_string());
                    let value = match attr.as_str() {
                        Ok(value) => rfc4514_value(&crate::field::printable(value.as_bytes())),
                        Err(_) => format!("#{}", hex::encode(attr.attr_value().data)),
                    };
                    format!("{key}={value}")
                })
                .collect::<Vec<_>>()
                .join("+")
        })
        .collect();
    rdns.join(", ")
}

/// RFC 4514 section 2.4: a value's special characters escaped, in a
/// value [`crate::field::printable`] already made (a backslash already
/// `\\`, a control character `\xHH`).
fn rfc4514_value(value: &str) -> String {
    let last = value.chars().count().saturating_sub(1);
    let mut out = String::with_capacity(value.len());
    for (i, c) in value.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '<' | '>' | ';')
            || (i == 0 && matches!(c, '#' | ' '))
            || (i == last && c == ' ');
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod version_tests {
    use super::*;

    /// Each certificate failure in words, from the certificate the server
    /// showed, never rustls's debug text.
    #[test]
    fn certificate_failures_are_said_in_words() {
        use rustls::CertificateError as C;
        let cert = CertificateInfo {
            subject: "CN=mail.example.org".into(),
            issuer: "CN=Example CA".into(),
            names: vec!["mail.example.org".into(), "192.0.2.1".into()],
            not_before: "Dec  1 00:00:00 2027 +00:00".into(),
            not_after: "Dec  1 00:00:00 2026 +00:00".into(),
            seconds_left: -3 * 86_400,
            sha256: "ab".repeat(32),
            ..CertificateInfo::default()
        };
        let own = CertificateInfo {
            self_signed: true,
            ..cert.clone()
        };
        let options = TlsOptions::default();
        let said = |error: rustls::Error, cert: &CertificateInfo| {
            handshake_error("imap.example.org:993".into(), &error, &options, Some(cert)).to_string()
        };
        for (text, words) in [
            (
                said(rustls::Error::InvalidCertificate(C::UnknownIssuer), &own),
                "the certificate (CN=mail.example.org) is self-signed",
            ),
            (
                said(rustls::Error::InvalidCertificate(C::UnknownIssuer), &cert),
                "the certificate's issuer (CN=Example CA) is not among the trust anchors",
            ),
            (
                said(rustls::Error::InvalidCertificate(C::Expired), &cert),
                "expired 3 days ago (Dec  1 00:00:00 2026 +00:00)",
            ),
            (
                said(rustls::Error::InvalidCertificate(C::NotValidYet), &cert),
                "is not valid before Dec  1 00:00:00 2027 +00:00",
            ),
            (
                said(rustls::Error::InvalidCertificate(C::NotValidForName), &cert),
                "the certificate is for mail.example.org, 192.0.2.1, not imap.example.org",
            ),
        ] {
            assert!(text.contains(words), "{text}");
            assert!(
                !text.contains("InvalidCertificate") && !text.contains("UNIX"),
                "{text}"
            );
        }
        let self_signed = said(rustls::Error::InvalidCertificate(C::UnknownIssuer), &own);
        assert!(self_signed.contains(&"ab".repeat(32)), "{self_signed}");
    }

    /// A server of TLS 1.0 or 1.1 only is named in words, not by the
    /// alert's name alone.
    #[test]
    fn an_old_tls_version_is_said_in_words() {
        for error in [
            rustls::Error::AlertReceived(rustls::AlertDescription::ProtocolVersion),
            rustls::Error::PeerIncompatible(
                rustls::PeerIncompatible::ServerDoesNotSupportTls12Or13,
            ),
        ] {
            let text =
                handshake_error("h:1".into(), &error, &TlsOptions::default(), None).to_string();
            assert!(text.contains("only TLS 1.0 or 1.1"), "{text}");
        }
    }

    #[test]
    fn a_name_value_cannot_read_as_another_attribute() {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "mallory, CN=alice");
        params
            .distinguished_name
            .push(rcgen::DnType::OrganizationName, " #x; y<z> ");
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        let (_, parsed) = x509_parser::parse_x509_certificate(cert.der()).unwrap();
        let text = name_text(parsed.subject());
        assert_eq!(text, r"CN=mallory\, CN=alice, O=\ #x\; y\<z\>\ ");
    }
}
