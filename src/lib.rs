//! StatefulSet Lab: a deterministic simulated Kubernetes v1.35 cluster, a kubectl and shell
//! emulation over it, and a lesson engine, all free of any web dependency. The Yew front end
//! lives behind the `web` feature and only talks to the core through [`lab`].
//!
//! See ARCHITECTURE.md for the codemap and the invariants every module keeps.

pub mod kubectl;
pub mod lab;
pub mod lesson;
pub mod shell;
pub mod sim;

#[cfg(feature = "web")]
pub mod web;
