//! Which certificate authorities a client trusts (decision 0015).
//!
//! - `https://` on Linux, macOS, Windows, iOS: the operating system's verifier and trust store
//!   (rustls-platform-verifier), so an administrator's extra CAs and distrust decisions apply.
//!   When a Linux system has no CA bundle at all (a slim container without `ca-certificates`,
//!   a distroless image), the bundled Mozilla roots are used instead of failing.
//! - `https://` on Android: the bundled Mozilla roots. Android's platform verifier must first be
//!   handed a JNI `Context`, which no app should have to remember; without it the first HTTPS
//!   call would panic.
//! - `http://` (the in-process Sandbox, a local emulator): no certificate is ever checked, so no
//!   trust store is read at all (the bundled roots are configured, which costs no I/O and keeps
//!   a redirect to `https://` verifiable).

use crate::error::{Error, ErrorCode, Result};
use rustls::client::danger::ServerCertVerifier;
use rustls::crypto::CryptoProvider;
use rustls::{ClientConfig, RootCertStore};
use std::sync::Arc;

/// Where a client's trust anchors come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Roots {
    /// The operating system's verifier and trust store.
    Platform,
    /// Mozilla's root certificates compiled into the library (the `webpki-roots` crate).
    Bundled,
}

/// The roots to try first for a URL scheme on an operating system (`std::env::consts::OS`).
/// A `Platform` choice still falls back to `Bundled` when the system yields no usable store.
pub(crate) fn first_choice(scheme: &str, os: &str) -> Roots {
    if scheme == "http" || os == "android" {
        Roots::Bundled
    } else {
        Roots::Platform
    }
}

/// The TLS settings of a client whose base URL has `scheme`, and which roots they use.
pub(crate) fn tls_config(scheme: &str) -> Result<(ClientConfig, Roots)> {
    // The provider the transport installed (ring), or one the host application installed first.
    let provider = CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let platform = match first_choice(scheme, std::env::consts::OS) {
        // On Linux this fails when no CA certificate can be loaded from the system.
        Roots::Platform => rustls_platform_verifier::Verifier::new(provider.clone()).ok(),
        Roots::Bundled => None,
    };
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::new(ErrorCode::Network, format!("could not set up TLS: {e}")))?;
    let (mut config, roots) = match platform {
        Some(verifier) => {
            let verifier: Arc<dyn ServerCertVerifier> = Arc::new(verifier);
            (builder.dangerous().with_custom_certificate_verifier(verifier).with_no_client_auth(), Roots::Platform)
        }
        None => (builder.with_root_certificates(bundled_roots()).with_no_client_auth(), Roots::Bundled),
    };
    // The client speaks HTTP/1.1 only (decision 0034).
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok((config, roots))
}

/// Mozilla's root certificates as shipped in this build (no I/O: a copy of a static table).
fn bundled_roots() -> RootCertStore {
    RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_never_reads_a_trust_store() {
        for os in ["linux", "macos", "windows", "android", "ios"] {
            assert_eq!(first_choice("http", os), Roots::Bundled, "{os}");
        }
    }

    #[test]
    fn https_prefers_the_platform_except_on_android() {
        for os in ["linux", "macos", "windows", "ios", "freebsd"] {
            assert_eq!(first_choice("https", os), Roots::Platform, "{os}");
        }
        assert_eq!(first_choice("https", "android"), Roots::Bundled);
    }

    #[test]
    fn an_http_config_uses_the_bundled_roots() {
        let (config, roots) = tls_config("http").unwrap();
        assert_eq!(roots, Roots::Bundled);
        assert_eq!(config.alpn_protocols, vec![b"http/1.1".to_vec()]);
    }

    #[test]
    fn the_bundled_roots_are_mozillas() {
        // A sanity floor: the table has held 140-150 anchors for years.
        assert!(bundled_roots().len() > 100, "{}", bundled_roots().len());
    }
}
