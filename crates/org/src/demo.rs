//! The demo group's logo: an emblem drawn here (a navy disc, an orange ring, a white "A" for
//! "Auto Center"), so the demo's quotes and sales orders print a letterhead as a dealer's do.
//! It goes through the upload path's decoding and scaling (`innexar_files::logo_png`) and is
//! recorded as an upload is (`commands::set_logo`).

use chrono::{DateTime, Utc};
use image::{ImageFormat, Rgba, RgbaImage};
use innexar_db::Tx;
use innexar_files::{ContentKind, Storage, logo_png, sha256_hex};
use innexar_kernel::{Actor, AppError, IfMatch};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::commands::{NewLogo, set_logo};
use crate::model::LOGO_SIDE_PX;

const SIDE: u32 = 480;

/// Whether a point (unit coordinates, y down) lies inside a shape.
type Shape = dyn Fn(f64, f64) -> bool;

/// Gives every store of tenant `tenant` the group's logo, as the system, at `now`.
pub async fn seed_logos(
    db: &DatabaseConnection,
    tenant: Uuid,
    files: &Storage,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let png = tokio::task::spawn_blocking(|| -> Result<_, AppError> {
        let mut out = std::io::Cursor::new(Vec::new());
        draw().write_to(&mut out, ImageFormat::Png).map_err(AppError::internal)?;
        logo_png(ContentKind::Png, out.get_ref(), SIDE, LOGO_SIDE_PX)
    })
    .await
    .map_err(AppError::internal)??;
    let stores = crate::store::list(db, None).await?;
    for s in &stores {
        let key = format!("stores/{}/logo-{}.png", s.id, innexar_kernel::new_id());
        files.put(tenant, &key, png.bytes.clone()).await?;
        let tx = Tx::on_connection(db, tenant, Actor::system(), now).await?;
        let logo = NewLogo {
            key,
            sha256: sha256_hex(&png.bytes),
            width: png.width,
            height: png.height,
            size_bytes: png.bytes.len(),
        };
        set_logo(&tx, s.id, IfMatch::Any, Some(logo)).await?;
        tx.commit().await?;
    }
    Ok(stores.len())
}

/// The emblem on a transparent square, each pixel's coverage sampled 4 × 4 for smooth edges.
fn draw() -> RgbaImage {
    const NAVY: [u8; 3] = [0x12, 0x34, 0x4d];
    const ORANGE: [u8; 3] = [0xf2, 0x8c, 0x28];
    const WHITE: [u8; 3] = [0xff, 0xff, 0xff];
    // Shapes in unit coordinates (0..1, y down), painted in order.
    let disc = |x: f64, y: f64| ((x - 0.5).powi(2) + (y - 0.5).powi(2)).sqrt() <= 0.48;
    let ring = |x: f64, y: f64| {
        let r = ((x - 0.5).powi(2) + (y - 0.5).powi(2)).sqrt();
        (0.405..=0.44).contains(&r)
    };
    let letter = |x: f64, y: f64| {
        let stroke = |(ax, ay): (f64, f64), (bx, by): (f64, f64), half: f64| {
            let (dx, dy) = (bx - ax, by - ay);
            let t = (((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
            ((x - ax - t * dx).powi(2) + (y - ay - t * dy).powi(2)).sqrt() <= half
        };
        stroke((0.31, 0.71), (0.5, 0.27), 0.045)
            || stroke((0.5, 0.27), (0.69, 0.71), 0.045)
            || stroke((0.39, 0.56), (0.61, 0.56), 0.035)
    };
    let layers: [(&Shape, [u8; 3]); 3] = [(&disc, NAVY), (&ring, ORANGE), (&letter, WHITE)];
    RgbaImage::from_fn(SIDE, SIDE, |px, py| {
        let mut rgb = [0.0f64; 3];
        let mut alpha = 0.0f64;
        for (shape, colour) in &layers {
            let mut hits = 0u32;
            for sy in 0..4 {
                for sx in 0..4 {
                    let x = (f64::from(px) + (f64::from(sx) + 0.5) / 4.0) / f64::from(SIDE);
                    let y = (f64::from(py) + (f64::from(sy) + 0.5) / 4.0) / f64::from(SIDE);
                    hits += u32::from(shape(x, y));
                }
            }
            let a = f64::from(hits) / 16.0;
            // "Over" compositing of this layer onto what lies below.
            for (c, v) in rgb.iter_mut().zip(colour) {
                *c = f64::from(*v) * a + *c * (1.0 - a);
            }
            alpha = a + alpha * (1.0 - a);
        }
        let to_u8 = |v: f64| v.round().clamp(0.0, 255.0) as u8;
        // `rgb` holds colour premultiplied by coverage; un-premultiply for straight alpha.
        let straight = |c: f64| if alpha > 0.0 { to_u8(c / alpha) } else { 0 };
        Rgba([straight(rgb[0]), straight(rgb[1]), straight(rgb[2]), to_u8(alpha * 255.0)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_emblem_is_opaque_inside_and_transparent_at_the_corners() {
        let img = draw();
        assert_eq!(img.get_pixel(0, 0)[3], 0, "corner");
        assert_eq!(img.get_pixel(SIDE / 2, SIDE - 30)[3], 255, "inside the disc");
        let ring = img.get_pixel(SIDE / 2, (SIDE as f64 * (0.5 - 0.42)) as u32);
        assert_eq!((ring[0], ring[1], ring[2]), (0xf2, 0x8c, 0x28), "the ring is orange");
    }
}
