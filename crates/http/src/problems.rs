//! The platform's problem codes: those every area shares (field errors, tokens, idempotency,
//! pages, storage, the database) and those the application itself answers with.

innexar_kernel::problem_codes! {
    "auth.forbidden" => 403, "Your role does not allow this action";
    "auth.invalid_token" => 401, "The access token is invalid";
    "auth.missing_token" => 401, "No access token was sent";
    "auth.session_revoked" => 401, "The session was ended";
    "auth.token_expired" => 401, "The access token has expired";
    "auth.wrong_tenant" => 401, "The access token was issued for another tenant";
    "auth.user_inactive" => 401, "The user no longer exists or was deactivated";
    "cnpj.check_digit" => 422, "The CNPJ check digits do not match";
    "cnpj.invalid_character" => 422, "A CNPJ has 12 digits or uppercase letters and 2 check digits";
    "cnpj.length" => 422, "A CNPJ has 14 characters";
    "db.busy" => 503, "The database is busy";
    "db.capacity_exhausted" => 503, "All database connections are in use";
    "db.unique_violation" => 409, "A record with the same unique value already exists";
    "field.invalid" => 422, "The value is invalid";
    "field.invalid_enum" => 422, "The value is not one of the allowed options";
    "field.invalid_range" => 422, "The lower bound is above the upper bound";
    "field.invalid_type" => 422, "The value has the wrong type";
    "field.out_of_range" => 422, "The value is out of the allowed range";
    "field.required" => 422, "The field is required";
    "field.too_long" => 422, "The text is too long";
    "field.unknown" => 422, "The field is not known";
    "files.image_too_large" => 422, "The image's dimensions are larger than allowed";
    "files.link_expired" => 410, "The download link has expired";
    "files.link_invalid" => 403, "The download link is not valid";
    "files.not_found" => 404, "The file is no longer stored";
    "files.storage_unavailable" => 503, "File storage is unavailable";
    "files.too_large" => 413, "The file is too large";
    "files.unreadable_image" => 422, "The image is damaged or incomplete";
    "files.unsupported_type" => 415, "The file type is not accepted";
    "health.control_db_unreachable" => 503, "The control database is unreachable";
    "http.malformed_json" => 400, "The body is not valid JSON";
    "http.method_not_allowed" => 405, "The method is not allowed on this resource";
    "http.not_found" => 404, "No such resource";
    "http.payload_too_large" => 413, "The request body is too large";
    "http.precondition_failed" => 412, "The record changed since it was read";
    "http.precondition_required" => 428, "The update needs an If-Match header";
    "http.timeout" => 503, "The request took too long";
    "http.unreadable_body" => 400, "The request body could not be read";
    "http.unsupported_media_type" => 415, "The content type is not accepted";
    "idempotency.in_progress" => 409, "A request with this idempotency key is still being processed";
    "idempotency.invalid_key" => 400, "The idempotency key is not valid";
    "idempotency.key_reused" => 422, "The idempotency key was used for another request";
    "idempotency.response_lost" => 409, "The request was carried out but its response was lost";
    "internal" => 500, "An unexpected error occurred";
    "page.out_of_range" => 422, "The page number is out of range";
    "page.size_out_of_range" => 422, "The page size is out of range";
    "page.unknown_sort_field" => 422, "The list cannot be sorted by this field";
    "tenants.cnpj_taken" => 409, "A tenant with this CNPJ exists already";
    "tenants.database_exists" => 409, "A database with the tenant's name exists already";
    "tenants.missing" => 400, "The request names no tenant";
    "tenants.not_found" => 404, "No such tenant";
    "tenants.slug_taken" => 409, "The slug is taken";
    "tenants.suspended" => 403, "The tenant is suspended";
    "validation.failed" => 422, "Some fields are invalid";
    "web.not_built" => 503, "The web app is not built into this binary";
}

#[cfg(test)]
mod tests {
    #[test]
    fn problem_codes_are_listed() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let found = innexar_kernel::problems::check_crate(&src, super::ALL, &[]);
        assert!(found.is_empty(), "{found:#?}");
    }
}
