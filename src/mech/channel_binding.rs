//! Channel binding (RFC 5056) for SCRAM's `-PLUS` mechanisms (RFC 5802
//! section 6): the data both ends take from their TLS connection, so that
//! a login made through a man in the middle, who holds two TLS connections
//! with two different views, fails.
//!
//! Two types are read here:
//!
//! - `tls-exporter` (RFC 9266): 32 bytes from the TLS exporter (RFC 8446
//!   section 7.5) with the label `EXPORTER-Channel-Binding` and an empty
//!   context. RFC 9266 section 3 makes it the default on TLS 1.3.
//! - `tls-server-end-point` (RFC 5929 section 4.1): the hash of the
//!   server's certificate (DER), with the hash of the certificate's
//!   signature algorithm, or SHA-256 where that is MD5 or SHA-1.
//!
//! The data is public (each end computes it from what crossed the wire),
//! so it is shown, never masked.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

use crate::{Error, Setting};

/// The label RFC 9266 section 2 gives the TLS exporter.
pub const EXPORTER_LABEL: &[u8] = b"EXPORTER-Channel-Binding";

/// How many bytes RFC 9266 section 2 takes from the exporter.
pub const EXPORTER_LEN: usize = 32;

/// A channel binding type saslenc can bind to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BindingType {
    /// `tls-exporter` (RFC 9266).
    TlsExporter,
    /// `tls-server-end-point` (RFC 5929 section 4).
    TlsServerEndPoint,
}

impl BindingType {
    /// Both types, in the order a client prefers them (RFC 9266 section
    /// 3: `tls-exporter` on TLS 1.3).
    pub const ALL: [BindingType; 2] = [BindingType::TlsExporter, BindingType::TlsServerEndPoint];

    /// The registered name (RFC 5056 section 7, IANA's channel binding
    /// types), as it stands after `p=` in a GS2 header.
    pub fn name(self) -> &'static str {
        match self {
            BindingType::TlsExporter => "tls-exporter",
            BindingType::TlsServerEndPoint => "tls-server-end-point",
        }
    }

    /// What the data is, in words, for a transcript.
    pub fn what(self) -> &'static str {
        match self {
            BindingType::TlsExporter => {
                "32 bytes of the TLS exporter with the label EXPORTER-Channel-Binding and an \
                 empty context (RFC 9266)"
            }
            BindingType::TlsServerEndPoint => {
                "the hash of the server's certificate, with its signature's hash (SHA-256 for \
                 MD5 and SHA-1) (RFC 5929 section 4.1)"
            }
        }
    }
}

impl fmt::Display for BindingType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for BindingType {
    type Err = Error;

    /// The type of this registered name (names are case-sensitive, RFC
    /// 5056 section 7).
    fn from_str(name: &str) -> Result<Self, Error> {
        BindingType::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .ok_or_else(|| Error::OptionRule {
                setting: Setting::ChannelBinding,
                rule: format!(
                    "saslenc binds to tls-exporter or tls-server-end-point, not {}",
                    crate::field::printable(name.as_bytes())
                ),
            })
    }
}

/// The channel binding data of one TLS connection, of one type.
#[derive(Clone, PartialEq, Eq)]
pub struct ChannelBinding {
    binding_type: BindingType,
    data: Vec<u8>,
}

impl fmt::Debug for ChannelBinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.binding_type, hex::encode(&self.data))
    }
}

impl ChannelBinding {
    /// Data of `binding_type`: not empty, and 32 bytes for `tls-exporter`
    /// (RFC 9266 section 2); a `tls-server-end-point` hash is 28 to 64
    /// bytes (SHA-224 to SHA-512).
    pub fn new(binding_type: BindingType, data: Vec<u8>) -> Result<Self, Error> {
        let fits = match binding_type {
            BindingType::TlsExporter => data.len() == EXPORTER_LEN,
            BindingType::TlsServerEndPoint => (28..=64).contains(&data.len()),
        };
        if !fits {
            return Err(Error::OptionRule {
                setting: Setting::ChannelBinding,
                rule: format!(
                    "{binding_type} data is {} (RFC 9266, RFC 5929), not {} bytes",
                    match binding_type {
                        BindingType::TlsExporter => "32 bytes",
                        BindingType::TlsServerEndPoint => "a hash of 28 to 64 bytes",
                    },
                    data.len()
                ),
            });
        }
        Ok(ChannelBinding { binding_type, data })
    }

    /// Data given as hex (as `openssl s_client -keymatexport` prints it,
    /// with or without `:` or spaces) or base64.
    pub fn parse(binding_type: BindingType, text: &str) -> Result<Self, Error> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_ascii_whitespace() && *c != ':')
            .collect();
        let data = match hex::decode(&compact) {
            Ok(bytes) => bytes,
            Err(_) => {
                crate::encoding::decode("channel binding data", text.trim()).map_err(|_| {
                    Error::OptionRule {
                        setting: Setting::ChannelBinding,
                        rule: "the channel binding data is hex or base64".into(),
                    }
                })?[..]
                    .to_vec()
            }
        };
        ChannelBinding::new(binding_type, data)
    }

    /// `tls-server-end-point` for the server certificate `der` (RFC 5929
    /// section 4.1).
    #[cfg(feature = "net")]
    pub fn server_end_point(der: &[u8]) -> Result<Self, Error> {
        let data = server_end_point(der)?;
        ChannelBinding::new(BindingType::TlsServerEndPoint, data)
    }

    /// The type.
    pub fn binding_type(&self) -> BindingType {
        self.binding_type
    }

    /// The data.
    pub fn data(&self) -> &[u8] {
        &self.data
    }
}

/// What a SCRAM client puts in its GS2 header's flag (RFC 5802 section
/// 6), and so in `c=`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Binding {
    /// `n`: the client does not bind, because it cannot (no TLS, no data)
    /// or will not (a mechanism without `-PLUS` was asked for where the
    /// server offered `-PLUS`).
    #[default]
    Declined,
    /// `y`: the client could bind, but the server offered no `-PLUS`
    /// mechanism. A server that did offer one refuses it: a man in the
    /// middle may have removed `-PLUS` from the list.
    NotOffered,
    /// `p=TYPE`: bound to this channel; `c=` carries the data after the
    /// GS2 header.
    Bound(ChannelBinding),
}

impl Binding {
    /// The flag as it stands in the GS2 header: `n`, `y` or `p=TYPE`.
    pub fn flag(&self) -> String {
        match self {
            Binding::Declined => "n".into(),
            Binding::NotOffered => "y".into(),
            Binding::Bound(binding) => format!("p={}", binding.binding_type()),
        }
    }

    /// The data that follows the GS2 header in `c=` (RFC 5802 section 7,
    /// `cbind-input`): the binding data for `p=`, nothing otherwise.
    pub fn data(&self) -> &[u8] {
        match self {
            Binding::Bound(binding) => binding.data(),
            _ => b"",
        }
    }
}

/// The hash RFC 5929 section 4.1 takes for a certificate signed with the
/// algorithm of OID `signature` (dotted), `pss_hash` being RSASSA-PSS's
/// hash OID: the signature's own hash, SHA-256 for MD5 and SHA-1.
/// `None` for an algorithm with no single hash (Ed25519, Ed448), for
/// which RFC 5929 leaves the binding undefined.
pub fn end_point_hash(signature: &str, pss_hash: Option<&str>) -> Option<EndPointHash> {
    use EndPointHash::*;
    Some(match signature {
        // md5WithRSA, sha1WithRSA, dsa-with-sha1, ecdsa-with-SHA1: SHA-256.
        "1.2.840.113549.1.1.4"
        | "1.2.840.113549.1.1.5"
        | "1.2.840.10040.4.3"
        | "1.2.840.10045.4.1" => Sha256,
        "1.2.840.113549.1.1.14" | "1.2.840.10045.4.3.1" | "2.16.840.1.101.3.4.3.1" => Sha224,
        "1.2.840.113549.1.1.11" | "1.2.840.10045.4.3.2" | "2.16.840.1.101.3.4.3.2" => Sha256,
        "1.2.840.113549.1.1.12" | "1.2.840.10045.4.3.3" => Sha384,
        "1.2.840.113549.1.1.13" | "1.2.840.10045.4.3.4" => Sha512,
        // RSASSA-PSS: the hash of its parameters, SHA-1 when absent
        // (RFC 4055 section 3.1), so SHA-256.
        "1.2.840.113549.1.1.10" => match pss_hash.unwrap_or("1.3.14.3.2.26") {
            "1.3.14.3.2.26" | "1.2.840.113549.2.5" => Sha256,
            "2.16.840.1.101.3.4.2.4" => Sha224,
            "2.16.840.1.101.3.4.2.1" => Sha256,
            "2.16.840.1.101.3.4.2.2" => Sha384,
            "2.16.840.1.101.3.4.2.3" => Sha512,
            _ => return None,
        },
        _ => return None,
    })
}

/// The hash of a `tls-server-end-point` binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndPointHash {
    /// SHA-224.
    Sha224,
    /// SHA-256 (also for MD5 and SHA-1 signatures).
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl EndPointHash {
    /// The hash of `der`.
    pub fn digest(self, der: &[u8]) -> Vec<u8> {
        match self {
            EndPointHash::Sha224 => Sha224::digest(der).to_vec(),
            EndPointHash::Sha256 => Sha256::digest(der).to_vec(),
            EndPointHash::Sha384 => Sha384::digest(der).to_vec(),
            EndPointHash::Sha512 => Sha512::digest(der).to_vec(),
        }
    }
}

/// The bindings of an established TLS connection, in a client's order of
/// preference: `tls-exporter` on TLS 1.3 (RFC 9266 section 3 defines it
/// for TLS 1.3; on TLS 1.2 the exporter is safe only with the extended
/// master secret, which rustls does not report), then
/// `tls-server-end-point` of `server_certificate` (DER): the peer's for a
/// client, its own for a server.
#[cfg(feature = "net")]
pub fn of_connection<D>(
    connection: &rustls::ConnectionCommon<D>,
    server_certificate: Option<&[u8]>,
) -> Vec<ChannelBinding> {
    let mut bindings = Vec::new();
    if connection.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_3) {
        let exported =
            connection.export_keying_material([0u8; EXPORTER_LEN], EXPORTER_LABEL, Some(b""));
        if let Ok(data) = exported {
            bindings.push(ChannelBinding {
                binding_type: BindingType::TlsExporter,
                data: data.to_vec(),
            });
        }
    }
    if let Some(binding) =
        server_certificate.and_then(|der| ChannelBinding::server_end_point(der).ok())
    {
        bindings.push(binding);
    }
    bindings
}

/// RFC 5929 section 4.1 for the certificate `der`.
#[cfg(feature = "net")]
fn server_end_point(der: &[u8]) -> Result<Vec<u8>, Error> {
    use x509_parser::signature_algorithm::SignatureAlgorithm;
    let bad = |reason: String| Error::malformed("server certificate", reason);
    let (_, cert) = x509_parser::parse_x509_certificate(der)
        .map_err(|e| bad(format!("it is not an X.509 certificate: {e}")))?;
    let algorithm = &cert.signature_algorithm;
    let signature = algorithm.algorithm.to_id_string();
    let pss_hash = match SignatureAlgorithm::try_from(algorithm) {
        Ok(SignatureAlgorithm::RSASSA_PSS(params)) => {
            Some(params.hash_algorithm_oid().to_id_string())
        }
        _ => None,
    };
    let hash = end_point_hash(&signature, pss_hash.as_deref()).ok_or_else(|| {
        bad(format!(
            "its signature algorithm {signature} has no single hash, for which RFC 5929 \
             section 4.1 defines no tls-server-end-point binding: use tls-exporter"
        ))
    })?;
    Ok(hash.digest(der))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_lengths() {
        for t in BindingType::ALL {
            assert_eq!(t.name().parse::<BindingType>().unwrap(), t);
        }
        assert!("tls-unique".parse::<BindingType>().is_err());
        assert!("TLS-EXPORTER".parse::<BindingType>().is_err());
        assert!(ChannelBinding::new(BindingType::TlsExporter, vec![0; 31]).is_err());
        assert!(ChannelBinding::new(BindingType::TlsExporter, vec![0; 32]).is_ok());
        assert!(ChannelBinding::new(BindingType::TlsServerEndPoint, vec![0; 20]).is_err());
        let hex = "00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff";
        let a = ChannelBinding::parse(BindingType::TlsExporter, hex).unwrap();
        let b = ChannelBinding::parse(
            BindingType::TlsExporter,
            "ABEiM0RVZneImaq7zN3u/wARIjNEVWZ3iJmqu8zd7v8=",
        )
        .unwrap();
        assert_eq!(a, b);
        assert_eq!(a.data()[..3], [0, 0x11, 0x22]);
        assert!(ChannelBinding::parse(BindingType::TlsExporter, "zz").is_err());
    }

    #[test]
    fn the_rfc5929_hash_rule() {
        // MD5 and SHA-1 signatures are hashed with SHA-256, the others
        // with their own hash; Ed25519 has none.
        for (oid, want) in [
            ("1.2.840.113549.1.1.4", Some(EndPointHash::Sha256)),
            ("1.2.840.113549.1.1.5", Some(EndPointHash::Sha256)),
            ("1.2.840.10045.4.1", Some(EndPointHash::Sha256)),
            ("1.2.840.113549.1.1.11", Some(EndPointHash::Sha256)),
            ("1.2.840.10045.4.3.2", Some(EndPointHash::Sha256)),
            ("1.2.840.113549.1.1.12", Some(EndPointHash::Sha384)),
            ("1.2.840.10045.4.3.3", Some(EndPointHash::Sha384)),
            ("1.2.840.113549.1.1.13", Some(EndPointHash::Sha512)),
            ("1.3.101.112", None),
        ] {
            assert_eq!(end_point_hash(oid, None), want, "{oid}");
        }
        assert_eq!(
            end_point_hash("1.2.840.113549.1.1.10", None),
            Some(EndPointHash::Sha256)
        );
        assert_eq!(
            end_point_hash("1.2.840.113549.1.1.10", Some("2.16.840.1.101.3.4.2.3")),
            Some(EndPointHash::Sha512)
        );
        assert_eq!(EndPointHash::Sha384.digest(b"x").len(), 48);
    }
}
