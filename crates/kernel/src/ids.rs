use uuid::Uuid;

/// A new time-ordered id (UUID v7): ids sort by creation, which keeps B-tree inserts local.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
