//! `portal import` from the command line: the real binary on a fresh SQLite data directory —
//! the summary per kind, each bad line as `<file>:<line>: <field>: …` on stderr, the exit code,
//! `--check` that writes nothing, a second run that finds everything unchanged, and CSV.

use std::path::{Path, PathBuf};
use std::process::Command;

const GOOD: &str = r#"{"kind":"product","external_id":"p1","name":"ALD Pro"}
{"kind":"organization","external_id":"o1","name":"ООО «Ромашка»","inn":"7707083893"}
{"kind":"person","external_id":"h1","organization":"o1","email":"ivan@romashka.test","name":"Иван Петров"}
{"kind":"certificate","external_id":"c1","organization":"o1","certificate_kind":"support","number":"ТП-1","valid_from":"2026-01-01","valid_to":"2026-12-31","products":["p1"]}
"#;

const BAD_LINE: &str = r#"{"kind":"organization","external_id":"o2","name":"ООО «Опечатка»","inn":"7707083894"}"#;

/// Runs `portal import <args>` on `data_dir`: (exit code, stdout, stderr).
fn portal_import(data_dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_portal"))
        .arg("import")
        .args(args)
        .env("PORTAL_DATA_DIR", data_dir)
        .env("LEPTOS_OUTPUT_NAME", "portal")
        .env("RUST_LOG", "warn")
        .env_remove("DATABASE_URL")
        .env_remove("PORTAL_DEMO")
        .output()
        .expect("start the portal binary");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The summary row of `kind`: created, updated, unchanged, failed.
fn row(stdout: &str, kind: &str) -> Vec<usize> {
    let line = stdout
        .lines()
        .find(|line| line.split_whitespace().next() == Some(kind))
        .unwrap_or_else(|| panic!("no row {kind} in {stdout}"));
    line.split_whitespace().skip(1).map(|count| count.parse().unwrap()).collect()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("portal-import-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_file_is_checked_imported_and_imported_again_unchanged() {
    let dir = scratch("good");
    let file = dir.join("crm.jsonl");
    std::fs::write(&file, GOOD).unwrap();
    let file = file.to_str().unwrap();

    let (code, stdout, stderr) = portal_import(&dir, &[file, "--check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("nothing written"), "{stdout}");
    assert_eq!(row(&stdout, "total"), vec![4, 0, 0, 0]);

    let (code, stdout, stderr) = portal_import(&dir, &[file]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(row(&stdout, "total"), vec![4, 0, 0, 0], "--check wrote nothing: the real run creates all four");
    assert_eq!(row(&stdout, "person"), vec![1, 0, 0, 0]);
    assert!(stdout.contains("«Отправить приглашение ещё раз»"), "how imported people get in: {stdout}");

    let (code, stdout, _) = portal_import(&dir, &[file]);
    assert_eq!(code, 0);
    assert_eq!(row(&stdout, "total"), vec![0, 0, 4, 0], "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_line_is_named_and_fails_the_run_after_the_good_ones() {
    let dir = scratch("bad");
    let file = dir.join("customers.jsonl");
    std::fs::write(&file, format!("{GOOD}{BAD_LINE}\n")).unwrap();
    let path = file.to_str().unwrap();

    let (code, stdout, stderr) = portal_import(&dir, &[path, "--check"]);
    assert_ne!(code, 0, "--check fails like the real run would");
    assert!(stderr.contains(&format!("{path}:5: inn: В ИНН ошибка")), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(row(&stdout, "organization"), vec![1, 0, 0, 1]);

    let (code, stdout, stderr) = portal_import(&dir, &[path]);
    assert_ne!(code, 0);
    assert!(stderr.contains(&format!("{path}:5: inn: В ИНН ошибка")), "{stderr}");
    assert_eq!(row(&stdout, "total"), vec![4, 0, 0, 1], "{stdout}");

    let csv = dir.join("customers.csv");
    std::fs::write(&csv, "kind,external_id,name,inn\norganization,o1,ООО «Ромашка-М»,7707083893\norganization,o3,,\n").unwrap();
    let (code, stdout, stderr) = portal_import(&dir, &[csv.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(stderr.contains("customers.csv:3: name:"), "{stderr}");
    assert_eq!(row(&stdout, "organization"), vec![0, 1, 0, 1], "{stdout}");

    let (code, _, stderr) = portal_import(&dir, &[]);
    assert_ne!(code, 0);
    assert!(stderr.contains("usage: portal import"), "{stderr}");
    let (code, _, stderr) = portal_import(&dir, &[path, "--force"]);
    assert!(code != 0 && stderr.contains("usage: portal import"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
