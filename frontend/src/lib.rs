//! WASM entry point: hydrates the islands of the server-rendered page.

// Links the app crate, whose `#[island]` components register themselves.
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
