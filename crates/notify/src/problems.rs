innexar_kernel::problem_codes! {
    known: [innexar_http::problems::ALL];
    "messages.not_found" => 404, "No message with this id";
    "messages.channel_not_found" => 404, "This channel has no provider set up";
    "messages.provider_mismatch" => 422, "The provider does not carry this channel";
    "messages.unknown_kind" => 422, "No kind of message goes by WhatsApp template by this name";
    "messages.invalid_template_name" => 422, "Not a WhatsApp template name";
    "messages.invalid_recipient" => 422, "Not a phone number the channel can reach";
    "messages.channel_disabled" => 409, "The channel is set up but disabled";
    "messages.callback_refused" => 401, "The provider's callback is not authenticated";
    "messages.opt_out_not_found" => 404, "No message has this opt-out link";
    "messages.template_not_found" => 404, "No such kind of message on this channel, or no words of the tenant's for it";
    "messages.unknown_variable" => 422, "The template uses a variable its kind of message does not have";
    "messages.template_invalid" => 422, "The template cannot be read or rendered";
}
