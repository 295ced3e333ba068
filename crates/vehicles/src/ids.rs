//! The inventory's ids, one newtype per record so a photo id is never taken for a vehicle's.

innexar_kernel::id_type!(
    /// A vehicle in the inventory.
    VehicleId
);
innexar_kernel::id_type!(
    /// A reconditioning expense recorded on a vehicle.
    ExpenseId
);
innexar_kernel::id_type!(
    /// A photo of a vehicle.
    PhotoId
);
innexar_kernel::id_type!(
    /// A document of a vehicle (CRLV, nota fiscal, laudo).
    DocumentId
);
