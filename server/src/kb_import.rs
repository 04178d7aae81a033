//! `portal kb import <file>`: loads knowledge base articles from JSON Lines and prints a summary;
//! fails (non-zero exit) when any line could not be imported, after importing the good ones.

use std::path::Path;

use portal_service::DatabaseConnection;

pub async fn run(db: &DatabaseConnection, path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|error| format!("reading {}: {error}", path.display()))?;
    let report = portal_service::kb::import_jsonl(db, &text, chrono::Utc::now()).await.map_err(|error| error.to_string())?;
    for (line, error) in &report.errors {
        eprintln!("{}:{line}: {error}", path.display());
    }
    println!(
        "Imported {}: {} created, {} updated, {} unchanged, {} failed.",
        path.display(),
        report.created,
        report.updated,
        report.unchanged,
        report.errors.len()
    );
    if report.errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{} line(s) failed; the other lines were imported", report.errors.len()))
    }
}
