//! kubectl emulation. See ARCHITECTURE.md.

pub mod args;
pub mod render;
