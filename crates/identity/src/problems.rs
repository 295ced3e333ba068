//! Every problem code identity answers with. Those it answers with through the platform's
//! plumbing as well (`auth.missing_token`, `auth.invalid_token`, `auth.user_inactive`) are
//! listed in `innexar_http::problems`.

innexar_kernel::problem_codes! {
    known: [innexar_http::problems::ALL];
    "auth.invalid_credentials" => 401, "E-mail or password is wrong";
    "auth.invalid_refresh_token" => 401, "The refresh token is invalid or was revoked";
    "auth.refresh_token_expired" => 401, "The session has expired; sign in again";
    "auth.too_many_attempts" => 429, "Too many failed sign-ins; wait before trying again";
    "notifications.not_found" => 404, "No notification of yours has this id";
    "password.matches_email" => 422, "The password must not be the e-mail address";
    "password.too_common" => 422, "The password is too common";
    "password.too_long" => 422, "The password is too long";
    "password.too_short" => 422, "The password is too short";
    "password.wrong" => 422, "The current password is wrong";
    "platform.admin_exists" => 409, "A platform admin with this e-mail exists already";
    "roles.not_grantable" => 422, "Only the Owner role holds this permission";
    "roles.owner_fixed" => 422, "The Owner role holds every permission and cannot be changed";
    "roles.unknown_permission" => 422, "No such permission";
    "users.cannot_deactivate_self" => 409, "You cannot deactivate your own account";
    "users.cannot_grant_role" => 403, "Only an Owner can grant the Owner or Store Manager role";
    "users.cannot_grant_store" => 403, "You can only give access to your own stores";
    "users.concurrent_change" => 409, "The user was changed at the same time";
    "users.email_taken" => 409, "A user with this e-mail exists already";
    "users.invalid_email" => 422, "This is not a valid e-mail address";
    "users.invitation_invalid" => 410, "The invitation is unknown, used or expired";
    "users.last_owner" => 409, "The tenant must keep at least one active Owner";
    "users.name_length" => 422, "The name must have 1 to 120 characters";
    "users.not_found" => 404, "No such user";
    "users.reset_invalid" => 410, "The password reset link is unknown, used or expired";
    "users.roles_required" => 422, "Give the user at least one role";
    "users.store_ids_empty" => 422, "Use null for all stores, or list at least one";
    "users.unknown_store" => 422, "No such store in this tenant";
}
