//! Vehicle photos and documents, and stores' logos: what is stored, what is refused, who can reach it. `s3` runs
//! the same path against a real S3-compatible server.

mod documents;
mod logos;
mod photos;
mod s3;

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{ImageEncoder, ImageFormat, RgbImage};
use innexar_testkit::{Part, Resp, TestApp, TestTenant};

/// A JPEG of `w` x `h` whose EXIF says "rotate 90° clockwise to display" and names a camera.
pub fn jpeg_with_exif(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 3) as u8, (y * 5) as u8, 128]));
    let mut out = Vec::new();
    let mut enc = JpegEncoder::new_with_quality(&mut out, 90);
    enc.set_exif_metadata(exif_rotated_by_camera()).expect("exif");
    enc.write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8).expect("encode");
    out
}

/// A little-endian TIFF block with two tags: Orientation = 6 and Make = `SecretCam 9000`.
fn exif_rotated_by_camera() -> Vec<u8> {
    let make = b"SecretCam 9000\0";
    let mut t = vec![b'I', b'I', 0x2A, 0, 8, 0, 0, 0];
    t.extend(2u16.to_le_bytes());
    t.extend(0x0112u16.to_le_bytes());
    t.extend(3u16.to_le_bytes());
    t.extend(1u32.to_le_bytes());
    t.extend(6u16.to_le_bytes());
    t.extend(0u16.to_le_bytes());
    // The string lives after the IFD: 8 header + 2 count + 2 entries of 12 + 4 next-IFD.
    t.extend(0x010Fu16.to_le_bytes());
    t.extend(2u16.to_le_bytes());
    t.extend((make.len() as u32).to_le_bytes());
    t.extend(38u32.to_le_bytes());
    t.extend(0u32.to_le_bytes());
    t.extend(make);
    t
}

/// A PNG of noise (so it does not compress below its pixel count).
pub fn noisy_png(w: u32, h: u32) -> Vec<u8> {
    let mut seed = 0x2545_f491u32;
    let img = RgbImage::from_fn(w, h, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let b = seed.to_le_bytes();
        image::Rgb([b[0], b[1], b[2]])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).expect("png");
    out.into_inner()
}

/// A minimal but well-formed PDF.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

pub fn dimensions(bytes: &[u8]) -> (u32, u32) {
    let img = image::load_from_memory(bytes).expect("a decodable image");
    (img.width(), img.height())
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub async fn upload_photo(app: &TestApp, t: &TestTenant, vehicle: &str, name: &str, bytes: &[u8]) -> Resp {
    app.post(&format!("/api/v1/vehicles/{vehicle}/photos"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .multipart(&[Part::file("file", name, "image/jpeg", bytes)])
        .send()
        .await
}

/// Every file stored under `dir`, as paths relative to it.
pub fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(dir) {
                out.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}
