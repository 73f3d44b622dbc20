//! Lesson packs, goal checks and progress. See ARCHITECTURE.md.
