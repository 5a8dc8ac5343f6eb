//! Vigie's engine: raw files → monthly firm panel → features → model → scores, with no web
//! dependency, compiled natively (the `vigie` CLI) and to wasm32 (the browser app).

pub mod calendar;
pub mod demo;
pub mod detection;
pub mod evaluate;
pub mod explain;
pub mod export;
pub mod features;
pub mod followup;
pub mod format;
pub mod ids;
pub mod ingest;
pub mod model;
pub mod notice;
pub mod panel;
pub mod parallel;
pub mod pipeline;
pub mod sectors;
pub mod timeline;
