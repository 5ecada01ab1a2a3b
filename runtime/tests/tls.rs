//! TLS on real networks: a private CA (`cacert`, `OS_CACERT`), client certificates (`cert`
//! and `key`, `OS_CERT` and `OS_KEY`) and `verify: false`, against a local TLS server whose
//! certificates are made here (rcgen, ring). The server records whether each handshake
//! succeeded and whether the client showed a certificate.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use common::*;
use otc_runtime as rt;
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::server::WebPkiClientVerifier;

/// A CA, a server certificate for `localhost` signed by it, and a client certificate signed
/// by a second CA that the server trusts for clients.
struct Pki {
    server_ca_pem: String,
    server_chain: Vec<CertificateDer<'static>>,
    server_key: PrivateKeyDer<'static>,
    client_ca: CertificateDer<'static>,
    client_cert_pem: String,
    client_key_pem: String,
}

fn ca(name: &str) -> (Issuer<'static, KeyPair>, CertificateDer<'static>, String) {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    let cert = params.self_signed(&key).unwrap();
    let pem = cert.pem();
    (Issuer::new(params, key), cert.der().clone(), pem)
}

fn pki() -> Pki {
    let (server_ca, _, server_ca_pem) = ca("test server CA");
    let server_key = KeyPair::generate().unwrap();
    let server = CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&server_key, &server_ca)
        .unwrap();
    let (client_ca, client_ca_der, _) = ca("test client CA");
    let client_key = KeyPair::generate().unwrap();
    let client = CertificateParams::new(vec!["otc-client".to_owned()])
        .unwrap()
        .signed_by(&client_key, &client_ca)
        .unwrap();
    Pki {
        server_ca_pem,
        server_chain: vec![server.der().clone()],
        server_key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der())),
        client_ca: client_ca_der,
        client_cert_pem: client.pem(),
        client_key_pem: client_key.serialize_pem(),
    }
}

/// What the server saw of one connection.
#[derive(Debug, PartialEq)]
enum Seen {
    Served { client_cert: bool },
    HandshakeFailed,
}

/// Serves `connections` connections on a free port of 127.0.0.1, answering each request
/// with `200 {}`.
fn serve(pki: &Pki, require_client_cert: bool, connections: usize) -> (u16, JoinHandle<Vec<Seen>>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ServerConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .unwrap();
    let builder = if require_client_cert {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(pki.client_ca.clone()).unwrap();
        let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .unwrap();
        builder.with_client_cert_verifier(verifier)
    } else {
        builder.with_no_client_auth()
    };
    let config = Arc::new(
        builder
            .with_single_cert(pki.server_chain.clone(), pki.server_key.clone_key())
            .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for _ in 0..connections {
            let (tcp, _) = listener.accept().unwrap();
            tcp.set_read_timeout(Some(std::time::Duration::from_secs(5)))
                .unwrap();
            let conn = rustls::ServerConnection::new(Arc::clone(&config)).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            let served = loop {
                match tls.read(&mut buf) {
                    Ok(0) | Err(_) => break false,
                    Ok(n) => {
                        request.extend_from_slice(&buf[..n]);
                        if request.windows(4).any(|w| w == b"\r\n\r\n") {
                            break true;
                        }
                    }
                }
            };
            if !served {
                seen.push(Seen::HandshakeFailed);
                continue;
            }
            let client_cert = tls.conn.peer_certificates().is_some_and(|c| !c.is_empty());
            let _ = tls.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}",
            );
            tls.conn.send_close_notify();
            let _ = tls.flush();
            seen.push(Seen::Served { client_cert });
        }
        seen
    });
    (port, handle)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn builder(port: u16) -> rt::ClientBuilder {
    rt::Client::builder()
        .endpoint("as", format!("https://localhost:{port}"))
        .retry(rt::RetryPolicy::never())
}

async fn call(client: &rt::Client) -> Result<rt::RawResponse, rt::Error<String>> {
    client.execute::<String>(list_groups()).await
}

#[tokio::test]
async fn a_private_ca_is_trusted_only_when_configured() {
    let pki = pki();
    let dir = tempfile::tempdir().unwrap();
    let ca_file = write(dir.path(), "ca.pem", &pki.server_ca_pem);
    let (port, server) = serve(&pki, false, 2);

    let err = call(&builder(port).build().unwrap())
        .await
        .expect_err("an unknown CA is refused");
    assert!(
        matches!(&err, rt::Error::Transport(t) if t.kind() == rt::TransportErrorKind::Connect),
        "{err}"
    );
    let ok = call(&builder(port).ca_certificate_file(&ca_file).build().unwrap())
        .await
        .expect("the configured CA is trusted");
    assert_eq!(ok.status(), 200);
    assert_eq!(
        server.join().unwrap(),
        [Seen::HandshakeFailed, Seen::Served { client_cert: false }]
    );
}

#[tokio::test]
async fn verify_false_accepts_an_unknown_certificate() {
    let pki = pki();
    let (port, server) = serve(&pki, false, 1);
    let ok = call(&builder(port).verify_certificates(false).build().unwrap())
        .await
        .expect("verification is off");
    assert_eq!(ok.status(), 200);
    assert_eq!(
        server.join().unwrap(),
        [Seen::Served { client_cert: false }]
    );
}

#[tokio::test]
async fn a_client_certificate_from_clouds_yaml_is_presented() {
    let pki = pki();
    let dir = tempfile::tempdir().unwrap();
    let ca_file = write(dir.path(), "ca.pem", &pki.server_ca_pem);
    let cert_file = write(dir.path(), "client.pem", &pki.client_cert_pem);
    let key_file = write(dir.path(), "client.key", &pki.client_key_pem);
    let (port, server) = serve(&pki, true, 2);

    // Without the certificate the server refuses the handshake.
    let err = call(&builder(port).ca_certificate_file(&ca_file).build().unwrap())
        .await
        .expect_err("the server wants a client certificate");
    assert!(matches!(err, rt::Error::Transport(_)), "{err}");

    // cacert, cert and key from clouds.yaml; the endpoint from an override.
    write(
        dir.path(),
        "clouds.yaml",
        &format!(
            "clouds:\n  tls:\n    regions: [eu-de, eu-nl]\n    cacert: {}\n    cert: {}\n    key: {}\n    as_endpoint_override: https://localhost:{port}\n    auth:\n      token: static-token\n      project_id: \"{PROJECT_ID}\"\n",
            ca_file.display(),
            cert_file.display(),
            key_file.display()
        ),
    );
    let loader = rt::ConfigLoader::with_env([("OS_CLOUD", "tls")]).search_dirs([dir.path()]);
    let config = loader.load(None).unwrap();
    assert_eq!(
        config.region.as_deref(),
        Some("eu-de"),
        "the first of regions"
    );
    assert_eq!(config.client_cert.as_deref(), Some(cert_file.as_path()));
    let client = config
        .into_builder()
        .retry(rt::RetryPolicy::never())
        .build()
        .unwrap();
    let ok = call(&client)
        .await
        .expect("the client certificate is accepted");
    assert_eq!(ok.status(), 200);
    assert_eq!(
        server.join().unwrap(),
        [Seen::HandshakeFailed, Seen::Served { client_cert: true }]
    );
}

#[test]
fn tls_settings_from_the_environment_and_their_errors() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("OS_TOKEN", "t"),
        ("OS_REGION_NAME", "eu-de"),
        ("OS_CACERT", "/nonexistent/ca.pem"),
        ("OS_CERT", "/nonexistent/client.pem"),
        ("OS_KEY", "/nonexistent/client.key"),
    ];
    let config = rt::ConfigLoader::with_env(env)
        .search_dirs([dir.path()])
        .load_env()
        .unwrap();
    assert_eq!(
        config.cacert.as_deref(),
        Some(Path::new("/nonexistent/ca.pem"))
    );
    assert_eq!(
        config.client_key.as_deref(),
        Some(Path::new("/nonexistent/client.key"))
    );
    // A missing file is named when the client is built.
    let err = config.into_builder().build().unwrap_err().to_string();
    assert!(err.contains("/nonexistent/ca.pem"), "{err}");

    // A file without a certificate is refused, naming it.
    let junk = write(dir.path(), "junk.pem", "not PEM at all");
    let err = rt::Client::builder()
        .ca_certificate_file(&junk)
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("junk.pem") && err.contains("no PEM certificate"),
        "{err}"
    );

    // region_name must be one of regions.
    write(
        dir.path(),
        "clouds.yaml",
        "clouds:\n  c:\n    region_name: eu-ch2\n    regions:\n      - eu-de\n      - name: eu-nl\n    auth:\n      token: t\n",
    );
    let err = rt::ConfigLoader::with_env([("OS_CLOUD", "c")])
        .search_dirs([dir.path()])
        .load(None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("eu-ch2") && err.contains("eu-de, eu-nl"),
        "{err}"
    );
}
