//! The host shell and the in-pod shells. See ARCHITECTURE.md.
//!
//! Text goes through [`tokenizer`] and [`parse`] into a list of pipelines; [`exec`] runs
//! them against built-in text tools ([`builtins`]), the virtual files ([`vfs`]) and
//! kubectl; [`terminal`] keeps one terminal's state (prompt, history, a running process,
//! an interactive pod session) for the page and the CLI.

pub mod builtins;
pub mod parse;
pub mod regex;
pub mod tokenizer;
pub mod vfs;
