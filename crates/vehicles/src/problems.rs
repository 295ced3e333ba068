//! The inventory's problem codes, spreadsheet imports and vehicle identifiers included.

innexar_kernel::problem_codes! {
    "files.one_file_only" => 422, "Only one file is sent per request";
    "http.malformed_multipart" => 400, "The multipart body could not be read";
    "imports.ambiguous_store" => 422, "Several stores have this name";
    "imports.busy" => 429, "Another spreadsheet of the tenant is being read";
    "imports.cancelled" => 503, "Reading the spreadsheet was stopped";
    "imports.cell_too_long" => 422, "A cell holds more text than a spreadsheet allows";
    "imports.duplicate_column" => 422, "Two columns mean the same field";
    "imports.file_too_large" => 413, "The spreadsheet is too large";
    "imports.invalid_amount" => 422, "The cell is not an amount in reais";
    "imports.invalid_number" => 422, "The cell is not a whole number";
    "imports.invalid_year" => 422, "The cell is not a year";
    "imports.missing_columns" => 422, "No column identifies a vehicle";
    "imports.no_rows" => 422, "The spreadsheet has a header but no vehicles";
    "imports.not_found" => 404, "No import with this id";
    "imports.server_busy" => 503, "The server is reading other spreadsheets";
    "imports.sheet_too_large" => 422, "The sheet reaches beyond the row or column limit";
    "imports.too_many_rows" => 422, "The spreadsheet has too many rows";
    "imports.unpacked_too_large" => 422, "The spreadsheet holds more data than an import reads";
    "imports.unreadable_file" => 422, "The file is not a readable CSV or XLSX spreadsheet";
    "placa.invalid" => 422, "A placa is ABC1234 or, in the Mercosul format, ABC1D23";
    "renavam.check_digit" => 422, "The RENAVAM check digit does not match";
    "renavam.invalid_character" => 422, "A RENAVAM has digits only";
    "renavam.length" => 422, "A RENAVAM has 11 digits (9 or 10 in older documents)";
    "vehicles.cannot_delete" => 409, "A vehicle that is part of a deal cannot be deleted";
    "vehicles.cover_required" => 422, "A vehicle with photos always has a cover photo";
    "vehicles.document_not_found" => 404, "No such document on this vehicle";
    "vehicles.duplicate_placa" => 409, "A vehicle in stock already has this placa";
    "vehicles.duplicate_vin" => 409, "A vehicle in stock already has this VIN";
    "vehicles.entry_in_future" => 422, "The entry date is in the future";
    "vehicles.expense_in_future" => 422, "The expense date is in the future";
    "vehicles.expense_not_found" => 404, "No such expense on this vehicle";
    "vehicles.export_too_large" => 422, "Too many vehicles match to export at once";
    "vehicles.invalid_amount" => 422, "The amount is out of range";
    "vehicles.invalid_doors" => 422, "Doors are between 1 and 6";
    "vehicles.invalid_fipe_code" => 422, "A FIPE code is NNNNNN-N";
    "vehicles.invalid_image_url" => 422, "An image is an http(s) URL or a path";
    "vehicles.invalid_initial_status" => 422, "A vehicle enters stock in transit, in preparation or available";
    "vehicles.invalid_keys_count" => 422, "Keys are between 0 and 10";
    "vehicles.invalid_mileage" => 422, "Mileage is between 0 and 2,000,000 km";
    "vehicles.invalid_model_year" => 422, "The model year is the year of manufacture or the next";
    "vehicles.invalid_month" => 422, "The FIPE reference month is YYYY-MM";
    "vehicles.invalid_option" => 422, "An option has 1 to 80 characters";
    "vehicles.invalid_status_transition" => 409, "The vehicle cannot move to this status";
    "vehicles.invalid_year" => 422, "The year is out of range";
    "vehicles.minimum_above_price" => 422, "The minimum price is above the asking price";
    "vehicles.not_found" => 404, "No vehicle with this id";
    "vehicles.not_in_stock" => 409, "Expenses are recorded only while the vehicle is in stock";
    "vehicles.photo_not_found" => 404, "No such photo on this vehicle";
    "vehicles.store_inactive" => 422, "The store is inactive";
    "vehicles.too_many_images" => 422, "A vehicle has at most 50 images";
    "vehicles.too_many_options" => 422, "A vehicle has at most 100 options";
    "vehicles.too_many_photos" => 409, "The vehicle has the most photos allowed";
    "vehicles.unknown_store" => 422, "No such store, or not one the user may see";
    "vin.invalid_character" => 422, "A VIN uses digits and letters other than I, O and Q";
    "vin.length" => 422, "A VIN has 17 characters";
}

#[cfg(test)]
mod tests {
    #[test]
    fn problem_codes_are_listed() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let found = innexar_kernel::problems::check_crate(
            &src,
            super::ALL,
            &[innexar_http::problems::ALL, innexar_org::problems::ALL],
        );
        assert!(found.is_empty(), "{found:#?}");
    }
}
