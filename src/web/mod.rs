//! The Yew front end (feature `web`). See ARCHITECTURE.md.
