innexar_kernel::problem_codes! {
    known: [innexar_http::problems::ALL];
    "stores.not_found" => 404, "No store with this id, or not one you may see";
    "stores.no_logo" => 404, "This store has no logo";
    "stores.duplicate_cnpj" => 409, "Another store already has this CNPJ";
    "stores.invalid_state" => 422, "Not a Brazilian state abbreviation (UF)";
    "stores.invalid_postal_code" => 422, "A CEP has 8 digits";
    "stores.invalid_time_zone" => 422, "Not a Brazilian IANA time zone";
}
