//! The one text renderer: tables (tabwriter), yaml, json, timestamps and durations.
//! Printers and commands hand data here; nothing else in kubectl aligns or serialises text.

pub mod duration;
pub mod json;
pub mod jsonpath;
pub mod table;
pub mod tabwriter;
pub mod yaml;
