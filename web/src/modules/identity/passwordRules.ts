/** The server's password rules (crates/identity `check_password`): 8 to 128 characters, not a common password, not the e-mail. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
