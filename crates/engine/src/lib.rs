//! Vigie's engine: raw files → monthly firm panel → features → model → scores, with no web
//! dependency, compiled natively (the `vigie` CLI) and to wasm32 (the browser app).

pub mod calendar;
pub mod demo;
pub mod evaluate;
pub mod explain;
pub mod features;
pub mod followup;
pub mod format;
pub mod ids;
pub mod ingest;
pub mod model;
pub mod panel;
pub mod parallel;
pub mod pipeline;
