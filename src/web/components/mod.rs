//! The page's components. Each is a thin function of its props: it renders data from the
//! session and turns events into `Action`s (core) or `UiAction`s (page-only).

pub mod chips;
pub mod cluster_table;
pub mod cluster_view;
pub mod editor;
pub mod lesson_panel;
pub mod markdown;
pub mod shortcuts;
pub mod terminal;
pub mod time_controls;
pub mod timeline;
