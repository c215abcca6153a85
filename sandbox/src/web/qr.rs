//! QR codes drawn here as SVG (nothing is fetched): `GET /qr/?d=<text>` serves the `qr_img` and
//! `qr_alt_img` URLs StartPayment and CheckPayment hand out, and the payment page's image.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use crate::error::{bad, SandboxError};

/// Longest text drawn: a payment URI is ~100 characters; this bounds the work per request.
pub(crate) const MAX_QR_TEXT: usize = 512;

/// The SVG of a QR code of `text` (error correction M, a quiet zone, black on white).
pub(crate) fn svg_of(text: &str) -> Result<String, SandboxError> {
    if text.is_empty() {
        return Err(bad("nothing to draw: give the text as ?d="));
    }
    if text.len() > MAX_QR_TEXT {
        return Err(bad(format!("QR text longer than {MAX_QR_TEXT} bytes")));
    }
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| bad(format!("cannot draw a QR code: {e}")))?;
    Ok(code
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(6, 6)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

/// The `/qr/` URL (path and query) of `text`.
pub(crate) fn path_of(text: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(text.as_bytes()).collect();
    format!("/qr/?d={encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_an_svg_and_refuses_empty_or_long_text() {
        let image = svg_of("bitcoin:btc-0123?amount=0.01069043").unwrap_or_default();
        assert!(image.contains("<svg") && image.contains("<path"), "{image}");
        assert!(svg_of("").is_err());
        assert!(svg_of(&"x".repeat(MAX_QR_TEXT + 1)).is_err());
        assert_eq!(
            path_of("bitcoin:a?amount=1"),
            "/qr/?d=bitcoin%3Aa%3Famount%3D1"
        );
    }
}
