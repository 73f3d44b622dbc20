//! kubectl emulation. See ARCHITECTURE.md.
