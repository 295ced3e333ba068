innexar_kernel::problem_codes! {
    known: [innexar_http::problems::ALL];
    "webhooks.invalid_url" => 422, "Not an http or https URL with a host name";
    "webhooks.no_event_types" => 422, "An endpoint takes at least one event type, or *";
}
