//! Links the addon the way Node expects (napi-rs setup).
fn main() {
    napi_build::setup();
}
