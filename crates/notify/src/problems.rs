innexar_kernel::problem_codes! {
    known: [innexar_http::problems::ALL];
    "messages.not_found" => 404, "No message with this id";
}
