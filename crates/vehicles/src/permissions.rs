use innexar_kernel::role::EVERY_ROLE;
use innexar_kernel::{Permission, Role};

use crate::model::VehicleStatus;

const STOCK_KEEPERS: &[Role] = &[Role::Owner, Role::StoreManager, Role::Sales];

pub const VEHICLES_READ: Permission = Permission::new("vehicles.read", EVERY_ROLE);
pub const VEHICLES_CREATE: Permission = Permission::new("vehicles.create", STOCK_KEEPERS);
pub const VEHICLES_UPDATE: Permission = Permission::new("vehicles.update", STOCK_KEEPERS);
pub const VEHICLES_CHANGE_STATUS: Permission = Permission::new("vehicles.change_status", STOCK_KEEPERS);
/// Changing an asking price once the car is in stock is the manager's call on most floors.
pub const VEHICLES_CHANGE_PRICE: Permission =
    Permission::new("vehicles.change_price", &[Role::Owner, Role::StoreManager]);
/// Reserve a car for a customer or mark it sold.
pub const VEHICLES_SELL: Permission = Permission::new("vehicles.sell", STOCK_KEEPERS);
/// Put a sold car back on sale (the deal fell through): a manager's decision.
pub const VEHICLES_UNDO_SALE: Permission = Permission::new("vehicles.undo_sale", &[Role::Owner, Role::StoreManager]);
/// Delete a vehicle's photos (uploading and ordering them is `vehicles.manage_photos`).
pub const VEHICLES_DELETE_PHOTOS: Permission =
    Permission::new("vehicles.delete_photos", &[Role::Owner, Role::StoreManager]);
pub const VEHICLES_DELETE: Permission = Permission::new("vehicles.delete", &[Role::Owner, Role::StoreManager]);
/// Acquisition cost is the dealer's margin secret: salespeople see the asking price only.
pub const VEHICLES_VIEW_COST: Permission =
    Permission::new("vehicles.view_cost", &[Role::Owner, Role::StoreManager, Role::Accounting]);

/// The lowest price a salesperson may close at: the manager's call whether sales sees it.
pub const VEHICLES_VIEW_MINIMUM_PRICE: Permission =
    Permission::new("vehicles.view_minimum_price", &[Role::Owner, Role::StoreManager, Role::Accounting]);
/// Upload, reorder and delete photos. Seeing them (and sharing a link) needs `vehicles.read` only.
pub const VEHICLES_MANAGE_PHOTOS: Permission = Permission::new("vehicles.manage_photos", STOCK_KEEPERS);
/// Registration papers and invoices carry the previous owner's personal data (LGPD): not for
/// every role that sees the stock.
pub const VEHICLES_READ_DOCUMENTS: Permission =
    Permission::new("vehicles.read_documents", &[Role::Owner, Role::StoreManager, Role::Sales, Role::Accounting]);
pub const VEHICLES_MANAGE_DOCUMENTS: Permission =
    Permission::new("vehicles.manage_documents", &[Role::Owner, Role::StoreManager, Role::Accounting]);
/// Creating and changing vehicles by the hundred from a spreadsheet: a manager's task.
pub const VEHICLES_IMPORT: Permission = Permission::new("vehicles.import", &[Role::Owner, Role::StoreManager]);
/// The whole stock list as a file: those who work the stock and accounting. The file holds only
/// the columns the reader may see (no cost for sales).
pub const VEHICLES_EXPORT: Permission =
    Permission::new("vehicles.export", &[Role::Owner, Role::StoreManager, Role::Sales, Role::Accounting]);
/// Stock by age bucket per store.
pub const REPORTS_STOCK_AGING: Permission =
    Permission::new("reports.stock_aging", &[Role::Owner, Role::StoreManager, Role::Accounting]);

pub const ALL: &[Permission] = &[
    VEHICLES_READ,
    VEHICLES_CREATE,
    VEHICLES_UPDATE,
    VEHICLES_CHANGE_STATUS,
    VEHICLES_DELETE,
    VEHICLES_CHANGE_PRICE,
    VEHICLES_SELL,
    VEHICLES_UNDO_SALE,
    VEHICLES_DELETE_PHOTOS,
    VEHICLES_VIEW_COST,
    VEHICLES_VIEW_MINIMUM_PRICE,
    VEHICLES_MANAGE_PHOTOS,
    VEHICLES_READ_DOCUMENTS,
    VEHICLES_MANAGE_DOCUMENTS,
    VEHICLES_IMPORT,
    VEHICLES_EXPORT,
    REPORTS_STOCK_AGING,
];

/// The permission a status move needs besides `vehicles.change_status`: reserving and selling
/// need `vehicles.sell` (so does releasing a reservation), undoing a sale `vehicles.undo_sale`.
pub fn status_move_permission(from: VehicleStatus, to: VehicleStatus) -> Option<Permission> {
    use VehicleStatus::*;
    match (from, to) {
        (Sold, Available) => Some(VEHICLES_UNDO_SALE),
        (_, Reserved | Sold) | (Reserved, Available) => Some(VEHICLES_SELL),
        _ => None,
    }
}
