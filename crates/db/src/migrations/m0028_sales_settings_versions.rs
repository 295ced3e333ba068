//! Row versions for the sales desk's settings (a store's discount limits, the tenant's IOF
//! rates), so two managers saving at once cannot overwrite each other unseen: writes carry
//! If-Match like every other shared record's.

use sea_orm_migration::prelude::*;

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    for table in ["sales_discount_limits", "sales_settings"] {
        m.alter_table(
            Table::alter()
                .table(table)
                .add_column(ColumnDef::new("row_version").big_integer().not_null().default(1))
                .to_owned(),
        )
        .await?;
    }
    Ok(())
}
