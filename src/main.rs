//! Browser entry point: forbid the network, then mount the app.

fn main() {
    console_error_panic_hook::set_once();
    vigie_app::lock_down_network();
    leptos::mount::mount_to_body(vigie_app::App);
}
