innexar_kernel::problem_codes! {
    known: [innexar_http::problems::ALL];
    "webhooks.delivery_in_flight" => 409, "The delivery is being sent right now";
    "webhooks.delivery_not_found" => 404, "No webhook delivery with this id";
    "webhooks.endpoint_disabled" => 409, "The endpoint is disabled";
    "webhooks.endpoint_not_found" => 404, "No webhook endpoint with this id";
    "webhooks.invalid_url" => 422, "Not an http or https URL with a host name";
    "webhooks.no_event_types" => 422, "An endpoint takes at least one event type, or *";
    "webhooks.private_target" => 422, "The URL names a private, loopback or link-local address";
    "webhooks.unknown_event_type" => 422, "Not an event type Innexar publishes";
}

#[cfg(test)]
mod tests {
    #[test]
    fn problem_codes_are_listed() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let found = innexar_kernel::problems::check_crate(&src, super::ALL, &[innexar_http::problems::ALL]);
        assert!(found.is_empty(), "{found:#?}");
    }
}
