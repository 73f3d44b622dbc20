//! The simulated cluster. See ARCHITECTURE.md.
