//! The `demo` tenant: two stores, one user per role, a few hundred realistic vehicles.
