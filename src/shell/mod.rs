//! The host shell and the in-pod shells. See ARCHITECTURE.md.
