// The web app's build (web/dist) is embedded by rust-embed: rebuild this crate when it changes or
// first appears, or a binary built before `make web` would serve no web app until touched.
fn main() {
    println!("cargo:rerun-if-changed=../../web/dist");
    println!("cargo:rerun-if-changed=build.rs");
}
