//! TLS settings of the default transport: extra CA certificates, a client certificate, and
//! (for test clouds only) turning certificate verification off. Everything on rustls with
//! the `ring` provider.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

use crate::config_error::ConfigError;

/// Where the default transport's TLS settings come from: PEM files or PEM text.
#[derive(Clone)]
pub(crate) struct TlsOptions {
    /// CA certificates trusted besides the platform's (each a PEM bundle).
    pub(crate) ca: Vec<Pem>,
    /// Client certificate chain and its private key.
    pub(crate) client: Option<(Pem, Pem)>,
    /// `false` accepts any server certificate.
    pub(crate) verify: bool,
}

impl fmt::Debug for TlsOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsOptions")
            .field("ca", &self.ca)
            .field("client_cert", &self.client.as_ref().map(|(cert, _)| cert))
            .field("verify", &self.verify)
            .finish()
    }
}

/// PEM data, from a file (read when the transport is built) or given directly.
#[derive(Clone)]
pub(crate) enum Pem {
    File(PathBuf),
    Text(Arc<[u8]>),
}

impl fmt::Debug for Pem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pem::File(path) => write!(f, "{}", path.display()),
            // Never the content: it may be a private key.
            Pem::Text(bytes) => write!(f, "<{} bytes of PEM>", bytes.len()),
        }
    }
}

impl Pem {
    fn read(&self, what: &str) -> Result<(Arc<[u8]>, String), ConfigError> {
        match self {
            Pem::File(path) => std::fs::read(path)
                .map(|bytes| (Arc::from(bytes), path.display().to_string()))
                .map_err(|e| ConfigError::Transport(format!("{what} {}: {e}", path.display()))),
            Pem::Text(bytes) => Ok((Arc::clone(bytes), format!("the {what} given"))),
        }
    }
}

impl Default for TlsOptions {
    /// The platform's CAs, no client certificate, certificates verified.
    fn default() -> Self {
        Self {
            ca: Vec::new(),
            client: None,
            verify: true,
        }
    }
}

impl TlsOptions {
    /// The rustls configuration: the platform verifier plus the extra CAs (or no
    /// verification), and the client certificate if any.
    pub(crate) fn client_config(&self) -> Result<rustls::ClientConfig, ConfigError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
            .with_safe_default_protocol_versions()
            .map_err(|e| ConfigError::Transport(format!("TLS versions: {e}")))?
            .dangerous();
        let builder = if self.verify {
            let mut roots = Vec::new();
            for pem in &self.ca {
                roots.extend(certificates(pem, "CA certificate file")?);
            }
            let verifier =
                rustls_platform_verifier::Verifier::new_with_extra_roots(roots, provider)
                    .map_err(|e| ConfigError::Transport(format!("certificate verifier: {e}")))?;
            builder.with_custom_certificate_verifier(Arc::new(verifier))
        } else {
            builder.with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider)))
        };
        match &self.client {
            None => Ok(builder.with_no_client_auth()),
            Some((cert, key)) => {
                let chain = certificates(cert, "client certificate file")?;
                let (bytes, name) = key.read("client key file")?;
                let key = PrivateKeyDer::from_pem_slice(&bytes).map_err(|e| {
                    ConfigError::Transport(format!("client key {name}: no private key ({e})"))
                })?;
                builder
                    .with_client_auth_cert(chain, key)
                    .map_err(|e| ConfigError::Transport(format!("client certificate: {e}")))
            }
        }
    }
}

fn certificates(pem: &Pem, what: &str) -> Result<Vec<CertificateDer<'static>>, ConfigError> {
    let (bytes, name) = pem.read(what)?;
    let certs = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ConfigError::Transport(format!("{what} {name}: {e}")))?;
    if certs.is_empty() {
        return Err(ConfigError::Transport(format!(
            "{what} {name}: no PEM certificate in it"
        )));
    }
    Ok(certs)
}

/// `verify: false`: any server certificate is accepted (the handshake signatures are still
/// checked, so the connection is encrypted, but to a server nobody vouches for).
#[derive(Debug)]
struct AcceptAnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAnyCertificate {
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
            &self.0.signature_verification_algorithms,
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
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// A PEM file path, for the builders.
pub(crate) fn file(path: impl AsRef<Path>) -> Pem {
    Pem::File(path.as_ref().to_path_buf())
}
