//! Embeds every `locales/<language>/*.ftl` file, so adding a language is adding its folder (and
//! the `Locale` variant): no list of files to keep up to date by hand.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut languages: Vec<_> = std::fs::read_dir(&root)
        .expect("i18n/locales exists")
        .map(|entry| entry.expect("readable locales folder").path())
        .filter(|path| path.is_dir())
        .collect();
    languages.sort();
    let mut code = String::from("/// `(language tag, [(file name, Fluent source)])` for every folder under `locales/`.\n");
    code.push_str("static SOURCES: &[(&str, &[(&str, &str)])] = &[\n");
    for language in languages {
        let tag = language.file_name().and_then(|name| name.to_str()).expect("UTF-8 folder name");
        let mut files: Vec<_> = std::fs::read_dir(&language)
            .expect("readable language folder")
            .map(|entry| entry.expect("readable file").path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "ftl"))
            .collect();
        files.sort();
        writeln!(code, "    ({tag:?}, &[").unwrap();
        for file in files {
            let name = file.file_name().and_then(|name| name.to_str()).expect("UTF-8 file name");
            writeln!(code, "        ({name:?}, include_str!({:?})),", file.display().to_string()).unwrap();
        }
        code.push_str("    ]),\n");
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("sources.rs");
    std::fs::write(out, code).expect("writable OUT_DIR");
}
