//! `make bench-import`: a CRM export of 10 000 organizations (valid ИНН check digits), 50 000
//! people and 20 000 certificates plus a small catalog, imported by `portal import`'s function
//! into a fresh database: wall time, records per second, the process's peak memory (VmHWM,
//! reset before each run through `/proc/self/clear_refs`), then the same file again (every
//! record unchanged).

use std::fmt::Write as _;
use std::time::Instant;

use portal_service::DatabaseConnection;
use portal_service::import::{self, Format, ImportOptions};

use crate::results;

#[derive(Clone, Copy, Debug)]
pub struct ImportBenchOptions {
    pub organizations: usize,
    pub people: usize,
    pub certificates: usize,
}

const PRODUCTS: usize = 5;
const VERSIONS_PER_PRODUCT: usize = 3;
const UPDATES_PER_VERSION: usize = 2;
const CLASSIFICATIONS: usize = 3;

/// A 10-digit ИНН of a legal entity: `base` (9 digits) and its check digit.
pub fn inn_of(base: u64) -> String {
    let digits: Vec<u32> = format!("{base:09}").chars().filter_map(|c| c.to_digit(10)).collect();
    let weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    let check = weights.iter().zip(&digits).map(|(w, d)| w * d).sum::<u32>() % 11 % 10;
    format!("{base:09}{check}")
}

/// The JSON Lines file and its number of records.
pub fn generate(options: ImportBenchOptions) -> (String, usize) {
    let mut out = String::new();
    let mut records = 0;
    let mut line = |out: &mut String, value: serde_json::Value| {
        let _ = writeln!(out, "{value}");
        records += 1;
    };
    for p in 0..PRODUCTS {
        line(
            &mut out,
            serde_json::json!({"kind": "product", "external_id": format!("crm-product-{p}"), "name": format!("Продукт {p}")}),
        );
        for v in 0..VERSIONS_PER_PRODUCT {
            let version = format!("crm-version-{p}-{v}");
            line(
                &mut out,
                serde_json::json!({"kind": "version", "external_id": version, "product": format!("crm-product-{p}"), "name": format!("{}.{v}", p + 1)}),
            );
            for u in 0..UPDATES_PER_VERSION {
                line(
                    &mut out,
                    serde_json::json!({"kind": "update", "external_id": format!("crm-update-{p}-{v}-{u}"), "version": version, "name": format!("{}.{v}.{u}", p + 1)}),
                );
            }
        }
    }
    for c in 0..CLASSIFICATIONS {
        let parent = format!("crm-class-{c}");
        line(&mut out, serde_json::json!({"kind": "classification", "external_id": parent, "name": format!("Услуга {c}")}));
        for child in 0..3 {
            line(
                &mut out,
                serde_json::json!({"kind": "classification", "external_id": format!("crm-class-{c}-{child}"), "parent": parent, "name": format!("Услуга {c}.{child}")}),
            );
        }
    }
    for o in 0..options.organizations {
        line(
            &mut out,
            serde_json::json!({
                "kind": "organization",
                "external_id": format!("crm-org-{o}"),
                "name": format!("ООО «Клиент {o}»"),
                "inn": inn_of(770_000_000 + o as u64),
                "kpp": if o % 2 == 0 { "770101001" } else { "" },
                "contact_email": format!("office@client{o}.test"),
            }),
        );
    }
    for h in 0..options.people {
        let o = h % options.organizations.max(1);
        line(
            &mut out,
            serde_json::json!({
                "kind": "person",
                "external_id": format!("crm-person-{h}"),
                "organization": format!("crm-org-{o}"),
                "email": format!("person{h}@client{o}.test"),
                "name": format!("Сотрудник {h} Клиента {o}"),
                "role": if h < options.organizations { "org_admin" } else { "customer" },
            }),
        );
    }
    for c in 0..options.certificates {
        let o = c % options.organizations.max(1);
        let record = if c % 4 == 3 {
            serde_json::json!({"kind": "certificate", "external_id": format!("crm-cert-{c}"), "organization": format!("crm-org-{o}"),
                "certificate_kind": "services", "number": format!("У-{c:06}"), "valid_from": "2026-01-01", "valid_to": "2027-12-31"})
        } else {
            serde_json::json!({"kind": "certificate", "external_id": format!("crm-cert-{c}"), "organization": format!("crm-org-{o}"),
                "certificate_kind": "support", "number": format!("ТП-{c:06}"), "valid_from": "2026-01-01", "valid_to": "2026-12-31",
                "products": [format!("crm-product-{}", c % PRODUCTS), format!("crm-product-{}", (c + 1) % PRODUCTS)]})
        };
        line(&mut out, record);
    }
    (out, records)
}

/// The process's peak resident memory since the last reset, in KiB.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets VmHWM to the current resident size (Linux: `5` in `clear_refs`).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

pub async fn run(db: &DatabaseConnection, options: ImportBenchOptions) -> Result<(), String> {
    let (text, records) = generate(options);
    let path = std::env::temp_dir().join(format!("portal-bench-import-{}.jsonl", std::process::id()));
    std::fs::write(&path, &text).map_err(|error| error.to_string())?;
    drop(text);
    println!(
        "file: {} records ({} organizations, {} people, {} certificates, {} catalog items), {:.1} MB",
        records,
        options.organizations,
        options.people,
        options.certificates,
        records - options.organizations - options.people - options.certificates,
        std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1e6
    );
    for (label, expect_created) in [("first run", true), ("second run (unchanged)", false)] {
        reset_peak();
        let started = Instant::now();
        // What `portal import` does: read the file, import it.
        let text = std::fs::read_to_string(&path).map_err(|error| error.to_string())?;
        let report = import::import(db, &text, Format::JsonLines, ImportOptions::default(), chrono::Utc::now())
            .await
            .map_err(|error| error.to_string())?;
        drop(text);
        let seconds = started.elapsed().as_secs_f64();
        let total = report.total();
        if let Some(error) = report.errors.first() {
            return Err(format!("the generated file has a bad line: {error}"));
        }
        let expected = if expect_created { total.created } else { total.unchanged };
        if expected != records {
            return Err(format!("{label}: {total:?} for {records} records"));
        }
        let peak = peak_kib().unwrap_or(0) as f64 / 1024.0;
        println!(
            "{label}: {records} records in {seconds:.1} s, {:.0} records/s, peak memory {peak:.0} MiB (created {}, unchanged {})",
            records as f64 / seconds,
            total.created,
            total.unchanged
        );
        results::record(format!("import {label}, wall time"), seconds, "s", None);
        results::record(format!("import {label}, records/s"), records as f64 / seconds, "records/s", None);
        results::record(format!("import {label}, peak memory"), peak, "MiB", None);
    }
    let _ = std::fs::remove_file(&path);
    Ok(())
}
