//! TLS for PostgreSQL connections, with rustls (ring), following libpq's
//! `sslmode`: `prefer` and `allow` encrypt when the server offers it,
//! `require` insists on encryption (and, as in libpq, verifies the
//! certificate authority when a root certificate file is at hand),
//! `verify-ca` checks that the server's certificate was issued by a
//! trusted authority, `verify-full` also that it names the host.
//!
//! The trusted authorities: the file named by `sslrootcert` (or
//! `PGSSLROOTCERT`), else `~/.postgresql/root.crt`; `sslrootcert=system`
//! means the system's bundle (`SSL_CERT_FILE`, else Debian's
//! `/etc/ssl/certs/ca-certificates.crt`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

use super::target::{SslMode, Target};

/// How the server's certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Encrypted, but anyone's certificate is accepted.
    EncryptOnly,
    /// Issued by a trusted authority, for any name.
    Authority,
    /// Issued by a trusted authority, for this host.
    AuthorityAndHost,
}

/// The rustls configuration for `target`, and how it checks the server.
pub fn client_config(
    target: &Target,
    home: Option<&Path>,
) -> Result<(ClientConfig, Check), String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let default_root = home.map(|h| h.join(".postgresql").join("root.crt"));
    let root_file = match &target.sslrootcert {
        Some(p) => Some(p.clone()),
        None => default_root.filter(|p| p.is_file()),
    };
    let check = match target.sslmode {
        SslMode::VerifyFull => Check::AuthorityAndHost,
        SslMode::VerifyCa => Check::Authority,
        SslMode::Require if root_file.is_some() => Check::Authority,
        _ => Check::EncryptOnly,
    };
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS set-up failed: {e}"))?;
    let verifier: Arc<dyn ServerCertVerifier> = match check {
        Check::EncryptOnly => Arc::new(AnyCertificate {
            provider: provider.clone(),
        }),
        Check::Authority | Check::AuthorityAndHost => {
            let file = root_file.ok_or_else(|| {
                format!(
                    "sslmode={} needs the certificate of the server's authority: put it in ~/.postgresql/root.crt or name it with sslrootcert=FILE (sslrootcert=system for the system's authorities)",
                    target.sslmode.as_str()
                )
            })?;
            let roots = load_roots(&file)?;
            let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| format!("TLS set-up failed: {e}"))?;
            Arc::new(Authority {
                webpki,
                check_host: check == Check::AuthorityAndHost,
            })
        }
    };
    let config = builder
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok((config, check))
}

/// The trusted authorities in a PEM file (`system`: the system's bundle).
fn load_roots(file: &Path) -> Result<RootCertStore, String> {
    let file: PathBuf = if file == Path::new("system") {
        std::env::var_os("SSL_CERT_FILE")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/etc/ssl/certs/ca-certificates.crt"))
    } else {
        file.to_path_buf()
    };
    let unreadable = |why: String| {
        format!(
            "cannot read the root certificate file {}: {why}",
            file.display()
        )
    };
    let certs = CertificateDer::pem_file_iter(&file)
        .map_err(|e| unreadable(e.to_string()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| unreadable(e.to_string()))?;
    let mut roots = RootCertStore::empty();
    let (added, _ignored) = roots.add_parsable_certificates(certs);
    if added == 0 {
        return Err(unreadable("it holds no certificate".into()));
    }
    Ok(roots)
}

/// Accepts any certificate (encryption without authentication, as
/// libpq's `require` without a root certificate), still checking that the
/// server holds the certificate's key.
#[derive(Debug)]
struct AnyCertificate {
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
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
        verify_tls13_signature(
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

/// Checks the chain against the trusted authorities, and the host name
/// when `check_host`.
#[derive(Debug)]
struct Authority {
    webpki: Arc<WebPkiServerVerifier>,
    check_host: bool,
}

impl ServerCertVerifier for Authority {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.webpki.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.check_host => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}
