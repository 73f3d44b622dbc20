//! The wasm entry point: mounts the Yew app.
fn main() {}
