//! The figures a benchmark run produces, collected for `make bench`'s one table.
//!
//! Every mode prints its figures for a human and also `record`s them here; with `--json <dir>`,
//! `flush` writes them to `<dir>/<mode>-<database>.json`, which `scripts/bench/report.mjs`
//! turns into the report. A metric carries the target the issues set (or none).

use std::sync::Mutex;

use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Metric {
    pub name: String,
    pub value: f64,
    pub unit: &'static str,
    /// E.g. "≤ 10"; `None` where no issue sets one.
    pub target: Option<&'static str>,
}

static RECORDED: Mutex<Vec<Metric>> = Mutex::new(Vec::new());

/// Notes one figure of the current mode and database.
pub fn record(name: impl Into<String>, value: f64, unit: &'static str, target: Option<&'static str>) {
    if let Ok(mut recorded) = RECORDED.lock() {
        recorded.push(Metric { name: name.into(), value, unit, target });
    }
}

#[derive(Serialize)]
struct File<'a> {
    mode: &'a str,
    database: &'a str,
    metrics: Vec<Metric>,
}

/// Writes (when `dir` is given) and forgets the figures recorded since the last flush.
pub fn flush(dir: Option<&std::path::Path>, mode: &str, database: &str) -> Result<(), String> {
    let metrics = std::mem::take(&mut *RECORDED.lock().map_err(|_| "results lock poisoned")?);
    let Some(dir) = dir else { return Ok(()) };
    std::fs::create_dir_all(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let path = dir.join(format!("{mode}-{database}.json"));
    let json = serde_json::to_string_pretty(&File { mode, database, metrics }).map_err(|error| error.to_string())?;
    std::fs::write(&path, json).map_err(|error| format!("{}: {error}", path.display()))
}
