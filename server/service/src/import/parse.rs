//! Reading an import file into [`RawRecord`]s: JSON Lines (one object a line) or CSV (a header
//! row, then one record a row). Both give the same thing — a line number, a kind and named
//! values — so everything after this module is one path.
//!
//! CSV: RFC 4180 — fields separated by `,` (or by `;` when the header has `;` and no `,`, as
//! spreadsheets with a Russian locale write it), `"…"` quotes a field (`""` inside it is one
//! quote) and may hold separators and line breaks. One column must be `kind`; the others are the
//! union of the fields of every kind in the file, and an empty cell means "not given". A list
//! (a certificate's `products`) is one cell with the items separated by `|`. A UTF-8 byte order
//! mark is skipped.

use std::collections::BTreeMap;

use serde_json::Value;

use super::LineError;

/// The format of an import file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    JsonLines,
    Csv,
}

impl Format {
    /// By the file's extension (`.csv`; `.jsonl`, `.ndjson`, `.json`), else by its first
    /// character (`{` is JSON Lines).
    pub fn detect(file_name: &str, text: &str) -> Format {
        let lower = file_name.to_lowercase();
        if lower.ends_with(".csv") {
            return Format::Csv;
        }
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") || lower.ends_with(".json") {
            return Format::JsonLines;
        }
        match text.trim_start_matches('\u{feff}').trim_start().chars().next() {
            Some('{') => Format::JsonLines,
            _ => Format::Csv,
        }
    }
}

/// One record as read: where it starts, what kind it says it is, its named values (CSV values
/// are strings; a CSV list cell is already split into an array).
#[derive(Clone, Debug, PartialEq)]
pub struct RawRecord {
    pub line: usize,
    pub kind: String,
    pub fields: BTreeMap<String, Value>,
}

/// Every record of `text`, or the line's error for those that cannot be read. Blank lines are
/// skipped.
pub fn parse(text: &str, format: Format) -> Vec<Result<RawRecord, LineError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match format {
        Format::JsonLines => json_lines(text),
        Format::Csv => csv(text),
    }
}

fn json_lines(text: &str) -> Vec<Result<RawRecord, LineError>> {
    let mut records = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let record = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(object)) => {
                let mut fields: BTreeMap<String, Value> = object.into_iter().filter(|(_, value)| !value.is_null()).collect();
                match fields.remove("kind") {
                    Some(Value::String(kind)) => Ok(RawRecord { line: line_number, kind, fields }),
                    Some(_) => Err(LineError::new(line_number, "kind", "ожидается строка")),
                    None => Err(LineError::new(line_number, "kind", "не указан вид записи")),
                }
            }
            Ok(_) => Err(LineError::new(line_number, "line", "строка должна быть объектом JSON")),
            Err(error) => Err(LineError::new(line_number, "line", format!("не JSON: {error}"))),
        };
        records.push(record);
    }
    records
}

/// The separator the list cells of CSV use.
pub const CSV_LIST_SEPARATOR: char = '|';

/// Fields that hold a list.
const LIST_FIELDS: [&str; 1] = ["products"];

fn csv(text: &str) -> Vec<Result<RawRecord, LineError>> {
    let rows = match csv_rows(text) {
        Ok(rows) => rows,
        Err(error) => return vec![Err(error)],
    };
    let mut rows = rows.into_iter().filter(|(_, cells)| !(cells.len() == 1 && cells[0].trim().is_empty()));
    let Some((header_line, header)) = rows.next() else { return Vec::new() };
    let header: Vec<String> = header.into_iter().map(|name| name.trim().to_owned()).collect();
    let Some(kind_column) = header.iter().position(|name| name == "kind") else {
        return vec![Err(LineError::new(header_line, "kind", "в первой строке нет столбца kind"))];
    };
    let mut records = Vec::new();
    for (line, cells) in rows {
        if cells.len() > header.len() {
            records.push(Err(LineError::new(
                line,
                "line",
                format!("{} значений при {} столбцах в заголовке", cells.len(), header.len()),
            )));
            continue;
        }
        let kind = cells.get(kind_column).map(|kind| kind.trim().to_owned()).unwrap_or_default();
        if kind.is_empty() {
            records.push(Err(LineError::new(line, "kind", "не указан вид записи")));
            continue;
        }
        let mut fields = BTreeMap::new();
        for (name, cell) in header.iter().zip(&cells) {
            if name == "kind" || name.is_empty() || cell.trim().is_empty() {
                continue;
            }
            let value = if LIST_FIELDS.contains(&name.as_str()) {
                Value::Array(
                    cell.split(CSV_LIST_SEPARATOR)
                        .map(str::trim)
                        .filter(|item| !item.is_empty())
                        .map(|item| Value::String(item.to_owned()))
                        .collect(),
                )
            } else {
                Value::String(cell.clone())
            };
            fields.insert(name.clone(), value);
        }
        records.push(Ok(RawRecord { line, kind, fields }));
    }
    records
}

/// The rows of a CSV text, each with the line it starts on.
fn csv_rows(text: &str) -> Result<Vec<(usize, Vec<String>)>, LineError> {
    let first_line = text.lines().next().unwrap_or_default();
    let separator = if first_line.contains(';') && !first_line.contains(',') { ';' } else { ',' };
    let mut rows = Vec::new();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut line = 1;
    let mut row_start = 1;
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            c if c == separator => cells.push(std::mem::take(&mut cell)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                cells.push(std::mem::take(&mut cell));
                rows.push((row_start, std::mem::take(&mut cells)));
                line += 1;
                row_start = line;
            }
            _ => cell.push(c),
        }
    }
    if quoted {
        return Err(LineError::new(row_start, "line", "кавычка не закрыта до конца файла"));
    }
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        rows.push((row_start, cells));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_separators_and_line_breaks() {
        let text = "kind,external_id,name,products\r\norganization,o1,\"ООО \"\"Ромашка\"\", филиал\",\ncertificate,c1,,\"p1 | p2\"\nproduct,p3,\"Две\nстроки\",\n\nproduct,p4,Б,";
        let records: Vec<RawRecord> = parse(text, Format::Csv).into_iter().map(Result::unwrap).collect();
        assert_eq!(records.len(), 4);
        assert_eq!(records[0].line, 2);
        assert_eq!(records[0].fields["name"], Value::String("ООО \"Ромашка\", филиал".into()));
        assert!(!records[0].fields.contains_key("products"), "an empty cell is not given");
        assert_eq!(records[1].fields["products"], serde_json::json!(["p1", "p2"]));
        assert_eq!(records[2].fields["name"], Value::String("Две\nстроки".into()));
        assert_eq!((records[3].line, records[3].kind.as_str()), (7, "product"), "after a two-line record and a blank line");
    }

    #[test]
    fn a_semicolon_header_switches_the_separator_and_kind_is_required() {
        let records = parse("\u{feff}kind;external_id;name\nproduct;p1;А, Б\n", Format::Csv);
        assert_eq!(records[0].as_ref().unwrap().fields["name"], Value::String("А, Б".into()));
        let missing = parse("external_id,name\np1,А\n", Format::Csv);
        assert_eq!(missing[0].as_ref().unwrap_err().field, "kind");
    }

    #[test]
    fn json_lines_report_the_bad_line_and_go_on() {
        let text = "{\"kind\":\"product\",\"external_id\":\"p1\",\"name\":\"А\"}\n\nнет\n[1]\n{\"name\":\"Б\"}\n";
        let records = parse(text, Format::JsonLines);
        assert_eq!(records.len(), 4);
        assert_eq!(records[0].as_ref().unwrap().kind, "product");
        assert_eq!(records[1].as_ref().unwrap_err().line, 3);
        assert_eq!(records[2].as_ref().unwrap_err().line, 4);
        assert_eq!(records[3].as_ref().unwrap_err().field, "kind");
        assert_eq!(Format::detect("crm.CSV", "{"), Format::Csv);
        assert_eq!(Format::detect("crm.txt", " {\"kind\"…"), Format::JsonLines);
    }
}
