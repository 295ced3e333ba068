//! Problem codes of tenant provisioning and administration.

innexar_kernel::problem_codes! {
    known: [innexar_http::problems::ALL, innexar_identity::problems::ALL];
    "tenants.name_length" => 422, "The tenant's name has 1 to 200 characters";
    "tenants.slug_invalid" => 422, "The slug's characters or shape are not allowed";
    "tenants.slug_length" => 422, "The slug has 3 to 40 characters";
    "tenants.slug_reserved" => 422, "The slug is reserved";
    "tenants.unknown_plan" => 422, "The plan is not known";
}
