//! The Yew front end (feature `web`). See ARCHITECTURE.md: components are thin, every event
//! becomes an `Action` for the one session reducer, and effects live in `hooks`.

pub mod app;
pub mod bridge;
pub mod components;
pub mod highlight;
pub mod hooks;
pub mod i18n;
pub mod state;
pub mod view_model;

pub use app::App;
