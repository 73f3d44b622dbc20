//! Effects: everything that touches the browser (timers, keyboard listeners on the document,
//! the URL, localStorage) lives in these hooks, never in a reducer or a component body.

pub mod share;
pub mod use_field;
pub mod use_global_keys;
pub mod use_pack;
pub mod use_persist;
pub mod use_play_clock;
pub mod use_url;
