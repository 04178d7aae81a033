//! `portal import <file> [--check] [--invite]`: loads a vendor's CRM export (JSON Lines or CSV,
//! see `portal_service::import`) and prints, per kind, what was created, updated, unchanged and
//! failed, each failed line as `<file>:<line>: <field>: <what is wrong>` on stderr. Fails
//! (non-zero exit) when any line failed, after importing the good ones.

use std::path::Path;

use portal_service::DatabaseConnection;
use portal_service::import::{self, Format, ImportOptions, ImportReport};

pub const USAGE: &str = "usage: portal import <file.jsonl|file.csv> [--check] [--invite]";

/// The command's words after `import`: the file and the options.
pub fn parse_args(args: &[String]) -> Result<(std::path::PathBuf, ImportOptions), String> {
    let mut path = None;
    let mut options = ImportOptions::default();
    for arg in args {
        match arg.as_str() {
            "--check" => options.check = true,
            "--invite" => options.invite = true,
            flag if flag.starts_with("--") => return Err(USAGE.to_owned()),
            file if path.is_none() => path = Some(std::path::PathBuf::from(file)),
            _ => return Err(USAGE.to_owned()),
        }
    }
    path.map(|path| (path, options)).ok_or_else(|| USAGE.to_owned())
}

pub async fn run(db: &DatabaseConnection, path: &Path, options: ImportOptions) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|error| format!("reading {}: {error}", path.display()))?;
    let format = Format::detect(&path.to_string_lossy(), &text);
    let report = import::import(db, &text, format, options, chrono::Utc::now()).await.map_err(|error| error.to_string())?;
    for error in &report.errors {
        eprintln!("{}:{error}", path.display());
    }
    print!("{}", summary(path, &report, options));
    let failed = report.total().failed;
    match (failed, options.check) {
        (0, _) => Ok(()),
        (failed, true) => Err(format!("{failed} line(s) would fail; nothing was written")),
        (failed, false) => Err(format!("{failed} line(s) failed; the other lines were imported")),
    }
}

/// The table printed after a run: one row per kind the file has, then the total.
pub fn summary(path: &Path, report: &ImportReport, options: ImportOptions) -> String {
    let mut out = String::new();
    let format = match options.check {
        true => format!("Checked {} (nothing written): a real run would do\n", path.display()),
        false => format!("Imported {}:\n", path.display()),
    };
    out.push_str(&format);
    out.push_str(&format!("  {:<15} {:>8} {:>8} {:>10} {:>7}\n", "kind", "created", "updated", "unchanged", "failed"));
    for (kind, counts) in &report.kinds {
        out.push_str(&format!(
            "  {:<15} {:>8} {:>8} {:>10} {:>7}\n",
            kind.as_str(),
            counts.created,
            counts.updated,
            counts.unchanged,
            counts.failed
        ));
    }
    if report.unreadable > 0 {
        out.push_str(&format!("  {:<15} {:>8} {:>8} {:>10} {:>7}\n", "(unreadable)", "", "", "", report.unreadable));
    }
    let total = report.total();
    out.push_str(&format!(
        "  {:<15} {:>8} {:>8} {:>10} {:>7}\n",
        "total", total.created, total.updated, total.unchanged, total.failed
    ));
    if options.invite {
        out.push_str(&format!("Invitation e-mails queued: {}.\n", report.invitations));
    } else if report.kinds.get(&import::Kind::Person).is_some_and(|people| people.created > 0) {
        let verb = if options.check { "would be" } else { "were" };
        out.push_str(&format!(
            "No invitation e-mails {verb} sent (use --invite): people get in by «Отправить приглашение ещё раз» in «Люди» or «Забыли пароль?».\n"
        ));
    }
    out
}
