//! What an upload really is (from its bytes, not its name or declared type), and images made
//! safe to publish: decoded within limits, turned upright, re-encoded without their metadata
//! (EXIF carries the camera's GPS position and serial number), with a thumbnail.

use std::io::Cursor;

use axum::http::StatusCode;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use innexar_kernel::AppError;
use sha2::{Digest, Sha256};

/// The kinds of file Innexar keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    Jpeg,
    Png,
    Webp,
    Pdf,
}

impl ContentKind {
    pub fn mime(self) -> &'static str {
        match self {
            ContentKind::Jpeg => "image/jpeg",
            ContentKind::Png => "image/png",
            ContentKind::Webp => "image/webp",
            ContentKind::Pdf => "application/pdf",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ContentKind::Jpeg => "jpg",
            ContentKind::Png => "png",
            ContentKind::Webp => "webp",
            ContentKind::Pdf => "pdf",
        }
    }

    pub fn is_image(self) -> bool {
        self != ContentKind::Pdf
    }

    fn image_format(self) -> Option<ImageFormat> {
        match self {
            ContentKind::Jpeg => Some(ImageFormat::Jpeg),
            ContentKind::Png => Some(ImageFormat::Png),
            ContentKind::Webp => Some(ImageFormat::WebP),
            ContentKind::Pdf => None,
        }
    }
}

/// The kind the content's magic bytes show, whatever the file is called.
pub fn sniff(bytes: &[u8]) -> Option<ContentKind> {
    match infer::get(bytes)?.mime_type() {
        "image/jpeg" => Some(ContentKind::Jpeg),
        "image/png" => Some(ContentKind::Png),
        "image/webp" => Some(ContentKind::Webp),
        "application/pdf" => Some(ContentKind::Pdf),
        _ => None,
    }
}

/// Bounds on decoding, against images crafted to exhaust memory ("image bombs").
#[derive(Debug, Clone, Copy)]
pub struct ImageLimits {
    /// Longest side accepted, in pixels.
    pub max_side_px: u32,
    /// Longest side of the thumbnail, in pixels.
    pub thumbnail_side_px: u32,
}

/// An image ready to store: re-encoded without metadata, upright, with its thumbnail (JPEG).
#[derive(Debug, Clone)]
pub struct Sanitised {
    pub kind: ContentKind,
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub thumbnail: Vec<u8>,
}

/// Decodes, turns upright and re-encodes an image of `kind`. CPU-bound: call it from a blocking
/// task. Refuses (422) images larger than the limits and bytes that do not decode.
pub fn sanitise_image(kind: ContentKind, bytes: &[u8], limits: ImageLimits) -> Result<Sanitised, AppError> {
    let format = kind.image_format().ok_or_else(|| unsupported("a PDF is not an image"))?;
    let img = decode_upright(format, bytes, limits.max_side_px)?;
    let (width, height) = (img.width(), img.height());
    let bytes = match format {
        // Quality 90 keeps a vehicle photo indistinguishable from the original at a fraction of
        // the size of lossless re-encoding.
        ImageFormat::Jpeg => encode_jpeg(&img, 90)?,
        other => encode(&img, other)?,
    };
    let side = limits.thumbnail_side_px;
    // A small image is its own thumbnail: scaling up only adds blur and bytes.
    let thumbnail =
        if width.max(height) <= side { encode_jpeg(&img, 80)? } else { encode_jpeg(&img.thumbnail(side, side), 80)? };
    Ok(Sanitised { kind, bytes, width, height, thumbnail })
}

/// Decodes within `max_side_px` (and the memory that side allows) and applies the EXIF
/// orientation, so what is re-encoded is what the camera's user saw.
fn decode_upright(format: ImageFormat, bytes: &[u8], max_side_px: u32) -> Result<DynamicImage, AppError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut l = Limits::default();
    l.max_image_width = Some(max_side_px);
    l.max_image_height = Some(max_side_px);
    // Room for the largest allowed image as 8-bit RGBA, plus the decoder's own buffers.
    l.max_alloc = Some(u64::from(max_side_px).pow(2) * 4 + 64 * 1024 * 1024);
    reader.limits(l);
    let mut decoder = reader.into_decoder().map_err(decode_error)?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// A logo as the documents print it: a PNG (transparency kept, no metadata), scaled down to fit
/// a `fit_side_px` square when larger. CPU-bound: call it from a blocking task.
pub fn logo_png(kind: ContentKind, bytes: &[u8], max_side_px: u32, fit_side_px: u32) -> Result<Sanitised, AppError> {
    let format = kind.image_format().ok_or_else(|| unsupported("a logo is a JPEG, PNG or WebP image"))?;
    let mut img = decode_upright(format, bytes, max_side_px)?;
    if img.width().max(img.height()) > fit_side_px {
        img = img.resize(fit_side_px, fit_side_px, image::imageops::FilterType::Lanczos3);
    }
    let (width, height) = (img.width(), img.height());
    let bytes = encode(&img, ImageFormat::Png)?;
    Ok(Sanitised { kind: ContentKind::Png, thumbnail: Vec::new(), bytes, width, height })
}

/// Hex SHA-256 of stored bytes, kept so duplicates and tampering can be told.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn encode_jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, AppError> {
    let mut out = Vec::new();
    // JPEG has no alpha channel.
    let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
    rgb.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality))
        .map_err(AppError::internal)?;
    Ok(out)
}

fn encode(img: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, AppError> {
    let mut out = Cursor::new(Vec::new());
    let img = match format {
        // The WebP encoder takes 8-bit RGB(A) only.
        ImageFormat::WebP if img.color().has_alpha() => DynamicImage::ImageRgba8(img.to_rgba8()),
        ImageFormat::WebP => DynamicImage::ImageRgb8(img.to_rgb8()),
        _ => img.clone(),
    };
    img.write_to(&mut out, format).map_err(AppError::internal)?;
    Ok(out.into_inner())
}

fn decode_error(e: image::ImageError) -> AppError {
    match e {
        image::ImageError::Limits(_) => AppError::field(
            "/file",
            "files.image_too_large",
            "the image is larger than allowed; resize it and send it again",
        ),
        _ => AppError::field("/file", "files.unreadable_image", "the image is damaged or incomplete"),
    }
}

/// 415 `files.unsupported_type`.
pub fn unsupported(detail: impl Into<String>) -> AppError {
    AppError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "files.unsupported_type", "Unsupported file type", detail)
}

/// 413 `files.too_large`.
pub fn too_large(limit: usize) -> AppError {
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "files.too_large",
        "File too large",
        format!("the file exceeds the limit of {limit} bytes"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        image::RgbImage::new(w, h).write_to(&mut out, ImageFormat::Png).expect("png");
        out.into_inner()
    }

    const LIMITS: ImageLimits = ImageLimits { max_side_px: 100, thumbnail_side_px: 20 };

    #[test]
    fn the_content_decides_the_kind() {
        assert_eq!(sniff(&png(2, 2)), Some(ContentKind::Png));
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(ContentKind::Pdf));
        assert_eq!(sniff(b"<html><body>foto.jpg</body></html>"), None);
        assert_eq!(sniff(b"GIF89a......"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn a_logo_becomes_a_png_that_keeps_its_transparency_and_fits_the_square() {
        let mut wide = image::RgbaImage::new(1600, 400);
        wide.put_pixel(800, 200, image::Rgba([10, 20, 30, 255]));
        let mut out = Cursor::new(Vec::new());
        wide.write_to(&mut out, ImageFormat::Png).expect("png");
        let logo = logo_png(ContentKind::Png, out.get_ref(), 2000, 800).expect("logo");
        assert_eq!((logo.kind, logo.width, logo.height), (ContentKind::Png, 800, 200));
        let back = image::load_from_memory_with_format(&logo.bytes, ImageFormat::Png).expect("a PNG").to_rgba8();
        assert_eq!(back.get_pixel(0, 0)[3], 0, "the background stays transparent");
        let small = logo_png(ContentKind::Png, &png(120, 40), 2000, 800).expect("small");
        assert_eq!((small.width, small.height), (120, 40), "never scaled up");
        let err = logo_png(ContentKind::Png, &png(101, 5), 100, 800).unwrap_err();
        assert_eq!(err.errors[0].code, "files.image_too_large");
    }

    #[test]
    fn images_past_the_limits_are_refused_and_others_get_a_bounded_thumbnail() {
        let err = sanitise_image(ContentKind::Png, &png(101, 5), LIMITS).unwrap_err();
        assert_eq!(err.errors[0].code, "files.image_too_large");
        let ok = sanitise_image(ContentKind::Png, &png(100, 50), LIMITS).expect("within limits");
        assert_eq!((ok.width, ok.height), (100, 50));
        let thumb = image::load_from_memory(&ok.thumbnail).expect("thumbnail");
        assert_eq!((thumb.width(), thumb.height()), (20, 10));
        let err = sanitise_image(ContentKind::Jpeg, &png(10, 10), LIMITS).unwrap_err();
        assert_eq!(err.errors[0].code, "files.unreadable_image");
    }
}
