//! `portal admin create` on a new install: the real binary creates the first administrator once,
//! and the administrator then signs in to the served portal with the password given on stdin.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use support::process::{Portal, call};

const PASSWORD: &str = "клубника-на-снегу";

/// Runs `portal admin create` on `data_dir` with `password` on stdin: (succeeded, stdout, stderr).
fn admin_create(data_dir: &std::path::Path, email: &str, password: &str) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["admin", "create", "--email", email, "--name", "Анна Орлова", "--password-stdin"])
        .env("PORTAL_DATA_DIR", data_dir)
        .env("LEPTOS_OUTPUT_NAME", "portal")
        .env("RUST_LOG", "warn")
        .env_remove("DATABASE_URL")
        .env_remove("PORTAL_DEMO")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the portal binary");
    child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_first_administrator_is_created_from_the_command_line_and_signs_in() {
    let data_dir = std::env::temp_dir().join(format!("portal-admin-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data_dir);
    std::fs::create_dir_all(&data_dir).unwrap();

    let (ok, _, stderr) = admin_create(&data_dir, "admin@vendor.example", "qwertyuiop");
    assert!(!ok && stderr.contains("easy to guess"), "a common password is refused: {stderr}");
    let (ok, stdout, stderr) = admin_create(&data_dir, "Admin@Vendor.example", PASSWORD);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("admin@vendor.example"), "{stdout}");
    let (ok, _, stderr) = admin_create(&data_dir, "second@vendor.example", PASSWORD);
    assert!(!ok && stderr.contains("already has an administrator"), "{stderr}");

    let portal = Portal::start(&[("PORTAL_DATA_DIR", data_dir.display().to_string())]);
    let form = format!("email=admin%40vendor.example&password={}", percent(PASSWORD));
    let (status, session, body) = call(portal.addr, "/api/login", "application/x-www-form-urlencoded", &form, "");
    assert_eq!(status, 200, "{body}");
    assert!(session.is_some());
    drop(portal);
    let _ = std::fs::remove_dir_all(&data_dir);
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(
            |byte| if byte.is_ascii_alphanumeric() || byte == b'-' { (byte as char).to_string() } else { format!("%{byte:02X}") },
        )
        .collect()
}
