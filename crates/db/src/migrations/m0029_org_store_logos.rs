//! A store's logo, printed on its documents (quotes, sales orders, later repair orders). The
//! image lives on object storage; the row names it and keeps what the API shows of it.

use sea_orm_migration::prelude::*;

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    // One column per statement: SQLite adds columns one at a time.
    let columns = [
        ColumnDef::new("logo_key").text().null().to_owned(),
        ColumnDef::new("logo_sha256").text().null().to_owned(),
        ColumnDef::new("logo_width").integer().null().to_owned(),
        ColumnDef::new("logo_height").integer().null().to_owned(),
        ColumnDef::new("logo_size_bytes").big_integer().null().to_owned(),
    ];
    for mut c in columns {
        m.alter_table(Table::alter().table("org_stores").add_column(&mut c).to_owned()).await?;
    }
    Ok(())
}
