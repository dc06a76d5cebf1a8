//! Trusting a server's own certificate: a team's CalDAV server often has a self-signed one.
//! The system's trusted certificates stay the rule; a certificate they do not vouch for is
//! refused with its SHA-256 fingerprint, and accepted afterwards only if the user trusted
//! exactly that fingerprint (kept with the account). Anything else is still checked by
//! the platform's verifier.

use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Url;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};

/// `AB:CD:…`: the SHA-256 of a certificate as browsers and `openssl x509 -fingerprint`
/// show it.
pub fn fingerprint(der: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, der)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// A fingerprint as the user may paste it (any case, with or without colons).
pub fn normalise(raw: &str) -> Option<String> {
    let hex: String = raw
        .chars()
        .filter(|c| !matches!(c, ':' | ' ' | '-'))
        .collect::<String>()
        .to_ascii_uppercase();
    let ok = hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit());
    ok.then(|| {
        hex.as_bytes()
            .chunks(2)
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect::<Vec<_>>()
            .join(":")
    })
}

/// The platform's verifier, and one certificate the user trusted by its fingerprint.
#[derive(Debug)]
struct Pinned {
    fingerprint: String,
    platform: Arc<dyn ServerCertVerifier>,
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if fingerprint(end_entity.as_ref()) == self.fingerprint {
            return Ok(ServerCertVerified::assertion());
        }
        self.platform
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.platform.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.platform.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.platform.supported_verify_schemes()
    }
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A TLS configuration that trusts the system's certificates and the one `fingerprint`.
pub fn pinned(fingerprint: &str) -> Result<ClientConfig, String> {
    let platform =
        rustls_platform_verifier::Verifier::new(provider()).map_err(|e| e.to_string())?;
    let verifier = Pinned {
        fingerprint: fingerprint.to_owned(),
        platform: Arc::new(platform),
    };
    let mut config = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Records the certificate a server shows, and accepts nothing.
#[derive(Debug)]
struct Recorder {
    seen: Mutex<Option<String>>,
    schemes: Vec<SignatureScheme>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(fingerprint(end_entity.as_ref()));
        }
        Err(rustls::Error::General("only looking".into()))
    }

    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General("only looking".into()))
    }

    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General("only looking".into()))
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.schemes.clone()
    }
}

/// The fingerprint of the certificate the server at `url` shows, for the user to check
/// and trust; `None` when it cannot be read.
pub fn server_fingerprint(url: &Url) -> Option<String> {
    let host = url
        .host_str()?
        .trim_start_matches('[')
        .trim_end_matches(']');
    let port = url.port_or_known_default()?;
    let recorder = Arc::new(Recorder {
        seen: Mutex::new(None),
        schemes: provider()
            .signature_verification_algorithms
            .supported_schemes(),
    });
    let config = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .ok()?
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_no_client_auth();
    let name = ServerName::try_from(host.to_owned()).ok()?;
    let mut conn = rustls::ClientConnection::new(Arc::new(config), name).ok()?;
    let addr = (host, port).to_socket_addrs().ok()?.next()?;
    let mut sock = TcpStream::connect_timeout(&addr, Duration::from_secs(10)).ok()?;
    sock.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    sock.set_write_timeout(Some(Duration::from_secs(10))).ok()?;
    // The handshake stops at the certificate: the recorder refuses it once it has it.
    let _ = rustls::Stream::new(&mut conn, &mut sock).flush();
    while conn.is_handshaking() {
        if conn.complete_io(&mut sock).is_err() {
            break;
        }
    }
    let seen = recorder.seen.lock().ok()?.clone();
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_read_as_people_paste_them() {
        let colons = "9F:9D:B8:45:98:D6:03:14:F9:E1:1A:D1:B7:0B:C9:8E:C9:2A:2E:0F:67:8A:95:3E:B9:7E:FF:41:03:D5:5E:E8";
        assert_eq!(normalise(&colons.to_lowercase()).as_deref(), Some(colons));
        assert_eq!(normalise(&colons.replace(':', "")).as_deref(), Some(colons));
        assert_eq!(normalise("9F:9D"), None);
        assert_eq!(normalise(&"Z".repeat(64)), None);
        assert_eq!(fingerprint(b"").len(), 95);
    }
}
