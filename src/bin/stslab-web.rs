//! The wasm entry point: mounts the Yew app on the page's body.

fn main() {
    yew::Renderer::<stslab::web::App>::new().render();
}
