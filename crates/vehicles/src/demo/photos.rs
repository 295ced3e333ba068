//! Demo photos: an illustration of each of the newest cars in stock, drawn in the car's own
//! colour (a side view in the studio, on the lot, and from behind the kerb), so the demo's stock
//! list, gallery, viewer and share link show what a dealer's would. Each picture goes through
//! the upload path's checks and thumbnail (`innexar_files::sanitise_image`) and is recorded as an
//! upload is (`commands::add_photo`).

use chrono::{DateTime, Utc};
use image::{Rgb, RgbImage};
use innexar_db::Tx;
use innexar_files::{ContentKind, ImageLimits, Storage, sanitise_image, sha256_hex};
use innexar_kernel::{Actor, AppError};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::ids::PhotoId;
use crate::media::commands::{NewPhoto, add_photo};

const WIDTH: u32 = 800;
const HEIGHT: u32 = 533;

/// The scenes a car is drawn in, in gallery order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scene {
    Studio,
    Lot,
    Street,
}

/// Draws photos of the `count` newest vehicles in stock (three for the first few, one for the
/// rest) and records them, as the system, at `now`.
pub async fn seed_photos(
    db: &DatabaseConnection,
    tenant: Uuid,
    files: &Storage,
    limits: ImageLimits,
    count: u64,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let vehicles = crate::store::newest_in_stock(db, count).await?;
    let mut added = 0;
    for (i, v) in vehicles.iter().enumerate() {
        let scenes: &[Scene] = if i < 6 { &[Scene::Studio, Scene::Lot, Scene::Street] } else { &[Scene::Studio] };
        for scene in scenes {
            let color = body_color(v.color.as_deref());
            let drawn = tokio::task::spawn_blocking(move || -> Result<_, AppError> {
                let jpeg = encode(&draw(color, *scene))?;
                sanitise_image(ContentKind::Jpeg, &jpeg, limits)
            })
            .await
            .map_err(AppError::internal)??;
            let id = PhotoId::new();
            let object_key = format!("vehicles/{}/photos/{id}.jpg", v.id);
            let thumbnail_key = format!("vehicles/{}/photos/{id}-thumbnail.jpg", v.id);
            let input = NewPhoto {
                id,
                object_key: object_key.clone(),
                thumbnail_key: thumbnail_key.clone(),
                content_type: ContentKind::Jpeg.mime().into(),
                size_bytes: drawn.bytes.len() as i64,
                sha256: sha256_hex(&drawn.bytes),
                width: drawn.width,
                height: drawn.height,
                original_filename: Some(format!("{}-{}.jpg", v.stock_number, scene_name(*scene))),
            };
            files.put(tenant, &object_key, drawn.bytes).await?;
            files.put(tenant, &thumbnail_key, drawn.thumbnail).await?;
            let tx = Tx::on_connection(db, tenant, Actor::system(), now).await?;
            add_photo(&tx, v.id, input, u32::MAX).await?;
            tx.commit().await?;
            added += 1;
        }
    }
    Ok(added)
}

fn scene_name(s: Scene) -> &'static str {
    match s {
        Scene::Studio => "estudio",
        Scene::Lot => "patio",
        Scene::Street => "rua",
    }
}

/// The paint of a Portuguese colour name, as the demo's catalogue writes them.
fn body_color(name: Option<&str>) -> [u8; 3] {
    match name.map(crate::model::fold).as_deref() {
        Some("branco") => [236, 237, 240],
        Some("prata") => [186, 190, 196],
        Some("preto") => [34, 35, 38],
        Some("cinza") => [104, 108, 115],
        Some("vermelho") => [170, 28, 34],
        Some("azul") => [32, 74, 158],
        Some("verde") => [38, 104, 64],
        Some("marrom") => [98, 66, 44],
        Some("bege") => [214, 196, 160],
        Some("amarelo") => [226, 182, 32],
        Some("laranja") => [222, 108, 36],
        _ => [150, 152, 158],
    }
}

fn shade(c: [u8; 3], f: f32) -> Rgb<u8> {
    Rgb(c.map(|x| (f32::from(x) * f).clamp(0.0, 255.0) as u8))
}

fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> Rgb<u8> {
    Rgb([0, 1, 2].map(|i| (f32::from(a[i]) * (1.0 - t) + f32::from(b[i]) * t) as u8))
}

/// A car's side view over a background: body, cabin and windows, wheels, lights, a shadow.
fn draw(paint: [u8; 3], scene: Scene) -> RgbImage {
    let (w, h) = (WIDTH as f32, HEIGHT as f32);
    let horizon = h * 0.62;
    let mut img = RgbImage::from_fn(WIDTH, HEIGHT, |_, y| {
        let t = y as f32 / h;
        match scene {
            Scene::Studio => mix([238, 241, 245], [196, 203, 212], t),
            Scene::Lot if (y as f32) < horizon => mix([132, 178, 224], [222, 233, 244], t / 0.62),
            Scene::Lot => mix([112, 116, 122], [74, 77, 82], (t - 0.62) / 0.38),
            Scene::Street if (y as f32) < horizon => mix([214, 206, 190], [236, 230, 218], t / 0.62),
            Scene::Street => mix([92, 94, 98], [60, 62, 66], (t - 0.62) / 0.38),
        }
    });
    // The car sits on the ground line, centred.
    let ground = h * 0.80;
    let (left, right) = (w * 0.14, w * 0.86);
    let wheel_r = h * 0.105;
    let wheels = [left + (right - left) * 0.19, left + (right - left) * 0.80];
    let body_top = ground - h * 0.27;
    let body_bottom = ground - wheel_r * 0.55;
    let cabin_top = ground - h * 0.42;
    let glass = [46, 58, 70];
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
            // The shadow under the car.
            let sx = (px - (left + right) / 2.0) / ((right - left) * 0.56);
            let sy = (py - ground) / (h * 0.035);
            if sx * sx + sy * sy <= 1.0 {
                let p = img.get_pixel(x, y).0;
                img.put_pixel(x, y, shade(p, 0.55));
            }
            // Lower body with rounded ends.
            let r = (body_bottom - body_top) / 2.0;
            let cy = (body_top + body_bottom) / 2.0;
            let in_body = (py >= body_top && py <= body_bottom && px >= left + r && px <= right - r)
                || ((px - (left + r)).powi(2) + (py - cy).powi(2) <= r * r)
                || ((px - (right - r)).powi(2) + (py - cy).powi(2) <= r * r);
            // Cabin: a trapezoid on the body, with its windows inside.
            let t = (py - cabin_top) / (body_top - cabin_top);
            let (cab_l, cab_r) = (left + (right - left) * (0.30 - 0.12 * t), left + (right - left) * (0.70 + 0.10 * t));
            let in_cabin = (0.0..=1.0).contains(&t) && px >= cab_l && px <= cab_r;
            if in_body || in_cabin {
                // Lighter on top, darker towards the sills.
                let f = if in_body { 1.05 - 0.35 * ((py - body_top) / (body_bottom - body_top)).max(0.0) } else { 1.0 };
                img.put_pixel(x, y, shade(paint, f));
            }
            let inset = h * 0.022;
            let wt = (py - cabin_top - inset) / (body_top - cabin_top - inset * 1.6);
            let (win_l, win_r) = (cab_l + inset, cab_r - inset);
            let pillar = (left + right) / 2.0 + (right - left) * 0.04;
            if (0.0..=1.0).contains(&wt) && px >= win_l && px <= win_r && (px - pillar).abs() > inset * 0.6 {
                img.put_pixel(x, y, mix(glass, [120, 138, 156], 1.0 - wt));
            }
            // Lights: white-yellow at the front (right), red at the back.
            let light_y = in_body && (body_top + h * 0.03..body_top + h * 0.065).contains(&py);
            if light_y && (right - h * 0.07..right - h * 0.02).contains(&px) {
                img.put_pixel(x, y, Rgb([250, 236, 180]));
            }
            if light_y && (left + h * 0.02..left + h * 0.06).contains(&px) {
                img.put_pixel(x, y, Rgb([196, 24, 30]));
            }
            // Wheels: tyre, rim, hub.
            for cx in wheels {
                let d = ((px - cx).powi(2) + (py - (ground - wheel_r)).powi(2)).sqrt();
                if d <= wheel_r {
                    let c = if d <= wheel_r * 0.16 {
                        Rgb([70, 72, 76])
                    } else if d <= wheel_r * 0.62 {
                        mix([206, 210, 216], [150, 154, 160], d / (wheel_r * 0.62))
                    } else {
                        Rgb([28, 28, 30])
                    };
                    img.put_pixel(x, y, c);
                }
            }
        }
    }
    img
}

fn encode(img: &RgbImage) -> Result<Vec<u8>, AppError> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88).encode_image(img).map_err(AppError::internal)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_car_is_drawn_in_its_own_paint_and_passes_the_upload_checks() {
        let red = body_color(Some("Vermelho"));
        let img = draw(red, Scene::Studio);
        // The middle of the car's side is its paint, the corners are the backdrop.
        let side = img.get_pixel(WIDTH / 2, (HEIGHT as f32 * 0.66) as u32).0;
        assert!(side[0] > 120 && side[1] < 60 && side[2] < 60, "{side:?}");
        let corner = img.get_pixel(2, 2).0;
        assert!(corner.iter().all(|c| *c > 200), "{corner:?}");
        let jpeg = encode(&img).expect("jpeg");
        let limits = ImageLimits { max_side_px: 4000, thumbnail_side_px: 400 };
        let s = sanitise_image(ContentKind::Jpeg, &jpeg, limits).expect("an upload would take it");
        assert_eq!((s.width, s.height), (WIDTH, HEIGHT));
        assert!(!s.thumbnail.is_empty());
    }

    #[test]
    fn every_colour_of_the_catalogue_has_its_paint() {
        for name in ["Branco", "Prata", "Preto", "Cinza", "Vermelho", "Azul"] {
            assert_ne!(body_color(Some(name)), body_color(None), "{name}");
        }
    }
}
