//! Files: uploaded photos and documents on object storage, and what makes an upload safe to keep.
//!
//! Owns the storage seam (`Storage`: local disk under the data directory by default, any
//! S3-compatible service when configured), the tenant prefix every object key carries, content
//! sniffing, and image sanitising (EXIF dropped, orientation applied, thumbnails). Does not own
//! which records files belong to: areas keep their own tables and call in here.

pub mod media;
pub mod storage;
pub mod upload;

pub use media::{
    ContentKind, ImageLimits, Sanitised, logo_png, sanitise_image, sha256_hex, sniff, too_large, unsupported,
};
pub use storage::{Download, Storage};
