//! Reading an uploaded spreadsheet (CSV or XLSX) into rows of text cells, one row at a time and
//! within bounds: what a hostile file may make the reader hold is set by [`Limits`], never by
//! what the file claims or contains.

use std::sync::atomic::{AtomicBool, Ordering};

use innexar_kernel::AppError;
use innexar_kernel::settings::ImportSettings;

use super::xlsx;

/// The formats a file may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// XLSX files are ZIP archives; anything else is read as CSV.
    pub fn detect(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"PK\x03\x04") { Format::Xlsx } else { Format::Csv }
    }
}

/// Most columns read; a non-blank cell further right refuses the file. Generous: a vehicle has
/// some 30 fields, and no dealer sheet comes near the XLSX maximum of 16,384 columns.
pub const MAX_COLUMNS: u32 = 256;
/// Most characters in one cell, as in Excel; a longer text refuses the file.
pub const MAX_CELL_CHARS: usize = 32_767;

/// The bounds a read keeps to.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most data rows; a sheet reaching below row `max_rows + 1` is refused.
    pub max_rows: usize,
    pub max_unpacked_bytes: u64,
    pub max_text_bytes: usize,
}

impl Limits {
    pub fn from_settings(s: &ImportSettings) -> Limits {
        Limits { max_rows: s.max_rows, max_unpacked_bytes: s.max_unpacked_bytes, max_text_bytes: s.max_text_bytes }
    }

    /// The last row number (as a spreadsheet shows it) a cell may be on.
    pub fn last_row(&self) -> u64 {
        self.max_rows as u64 + 1
    }
}

/// Receives the rows that are not blank, in file order, each with its number as a spreadsheet
/// shows it; an error stops the read.
pub type RowSink<'a> = dyn FnMut(u64, Vec<String>) -> Result<(), AppError> + 'a;

/// Reads `bytes` row by row into `sink`, stopping when `cancel` is set.
pub fn read_rows(
    bytes: &[u8],
    format: Format,
    limits: &Limits,
    cancel: &AtomicBool,
    sink: &mut RowSink<'_>,
) -> Result<(), AppError> {
    match format {
        Format::Csv => read_csv(bytes, limits, cancel, sink),
        Format::Xlsx => xlsx::read(bytes, limits, cancel, sink),
    }
}

pub fn unreadable(detail: impl Into<String>) -> AppError {
    AppError::field("/file", "imports.unreadable_file", detail)
}

pub fn unpacked_too_large(detail: impl Into<String>) -> AppError {
    AppError::field("/file", "imports.unpacked_too_large", detail)
}

pub fn cancelled() -> AppError {
    AppError::unavailable("imports.cancelled", "the reading of the file was stopped")
}

/// Whether a cell at `row` and `column` (both from 1) lies beyond what an import reads.
pub fn is_outside(limits: &Limits, row: u64, column: u64) -> bool {
    row > limits.last_row() || column > u64::from(MAX_COLUMNS)
}

/// A sheet with a value (or, when `declared`, a declared size) reaching `row` and `column`.
pub fn too_large(limits: &Limits, row: u64, column: u64, declared: bool) -> AppError {
    let what = if declared { "declares a size that reaches" } else { "has a value in" };
    AppError::field(
        "/file",
        "imports.sheet_too_large",
        format!(
            "the sheet {what} row {row}, column {column}; an import reads the header and at most {} rows below it, \
             in at most {MAX_COLUMNS} columns (delete the rows or columns beyond the data)",
            limits.max_rows
        ),
    )
}

pub fn check_cell_length(text: &str, row: u64, column: u64) -> Result<(), AppError> {
    if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
        return Err(AppError::field(
            "/file",
            "imports.cell_too_long",
            format!("the cell in row {row}, column {column} holds more than {MAX_CELL_CHARS} characters"),
        ));
    }
    Ok(())
}

/// The characters that make a spreadsheet read a cell as a formula (OWASP's list).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text as the CSV export writes it: a leading `'` when a spreadsheet would otherwise run it
/// as a formula. Text that already starts with `'` before such a character gets one more, so
/// that [`unquote`] gives back exactly what was written.
pub fn neutralize(text: &str) -> std::borrow::Cow<'_, str> {
    if text.trim_start_matches('\'').starts_with(FORMULA_START) { format!("'{text}").into() } else { text.into() }
}

/// Undoes [`neutralize`]: one leading `'` goes when a formula character follows it.
pub fn unquote(mut text: String) -> String {
    if text.starts_with('\'') && text[1..].trim_start_matches('\'').starts_with(FORMULA_START) {
        text.remove(0);
    }
    text
}

/// Spreadsheets saved as CSV in Brazil are often Windows-1252 and separated by `;`: the
/// encoding falls back to Latin-1 and the separator is whichever of `;`, `,` or tab the header
/// line uses most.
fn read_csv(bytes: &[u8], limits: &Limits, cancel: &AtomicBool, sink: &mut RowSink<'_>) -> Result<(), AppError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t.trim_start_matches('\u{feff}')),
        Err(_) => bytes.iter().map(|&b| b as char).collect::<String>().into(),
    };
    let first = text.lines().next().unwrap_or_default();
    let delimiter =
        [b';', b',', b'\t'].into_iter().max_by_key(|d| first.bytes().filter(|b| b == d).count()).unwrap_or(b',');
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    // A spreadsheet shows a blank line as a row and a quoted line break as part of its cell: the
    // row number is the line the record's first cell is on, less the line breaks inside earlier
    // cells. (The reader's own line count may start at blank lines before the record.)
    let bytes = text.as_bytes();
    let (mut scanned, mut line, mut breaks_in_cells) = (0usize, 1u64, 0u64);
    let mut record = csv::StringRecord::new();
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) => return Err(unreadable(format!("the CSV file cannot be read: {e}"))),
        }
        let mut start = record.position().map_or(0, |p| p.byte() as usize).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\n' | b'\r') {
            start += 1;
        }
        line += bytes[scanned..start.max(scanned)].iter().filter(|b| **b == b'\n').count() as u64;
        scanned = start.max(scanned);
        let number = line - breaks_in_cells;
        breaks_in_cells += record.iter().map(|c| c.matches('\n').count() as u64).sum::<u64>();
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut cells = Vec::with_capacity(record.len().min(MAX_COLUMNS as usize));
        for (i, cell) in record.iter().enumerate() {
            let column = i as u64 + 1;
            // Rows beyond the limit are counted by the caller: unlike an XLSX's, a CSV's blank
            // lines cost nothing to skip.
            if column > u64::from(MAX_COLUMNS) {
                if cell.trim().is_empty() {
                    continue;
                }
                return Err(too_large(limits, number, column, false));
            }
            check_cell_length(cell, number, column)?;
            cells.push(unquote(cell.to_string()));
        }
        sink(number, cells)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn rows(bytes: &[u8], limits: &Limits) -> Result<Vec<(u64, Vec<String>)>, AppError> {
        let mut out = Vec::new();
        read_rows(bytes, Format::detect(bytes), limits, &AtomicBool::new(false), &mut |n, cells| {
            out.push((n, cells));
            Ok(())
        })?;
        Ok(out)
    }

    pub const LIMITS: Limits = Limits { max_rows: 1000, max_unpacked_bytes: 1 << 24, max_text_bytes: 1 << 22 };

    #[test]
    fn csv_rows_keep_the_numbers_a_spreadsheet_shows() {
        let file = "\u{feff}placa;modelo\nABC1234;Gol\n\n\"XYZ9876\";\"Uno\ncom quebra\"\nDEF5678;Ka\n";
        let rows = rows(file.as_bytes(), &LIMITS).expect("rows");
        assert_eq!(rows[0], (1, vec!["placa".to_string(), "modelo".to_string()]));
        let numbers: Vec<u64> = rows.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [1, 2, 4, 5]);
        assert_eq!(rows[2].1[1], "Uno\ncom quebra");
    }

    #[test]
    fn latin1_and_commas_are_read_too() {
        let file = b"Marca,Pre\xe7o\nFiat,\"45.990,00\"\n";
        let rows = rows(file, &LIMITS).expect("rows");
        assert_eq!(rows[0].1, ["Marca", "Preço"]);
        assert_eq!(rows[1], (2, vec!["Fiat".to_string(), "45.990,00".to_string()]));
    }

    #[test]
    fn a_csv_too_wide_or_with_a_cell_too_long_is_refused() {
        let mut wide = "x;".repeat(MAX_COLUMNS as usize);
        wide.push_str("y\n");
        assert_eq!(rows(wide.as_bytes(), &LIMITS).expect_err("wide").errors[0].code, "imports.sheet_too_large");
        // Separators alone beyond the last column are no values.
        let trailing = format!("placa{}\nA\n", ";".repeat(400));
        assert_eq!(rows(trailing.as_bytes(), &LIMITS).expect("trailing").len(), 2);
        let long = format!("placa;obs\nA;{}\n", "x".repeat(MAX_CELL_CHARS + 1));
        assert_eq!(rows(long.as_bytes(), &LIMITS).expect_err("long").errors[0].code, "imports.cell_too_long");
        let cancel = AtomicBool::new(true);
        let e = read_rows(b"placa\nA\n", Format::Csv, &LIMITS, &cancel, &mut |_, _| Ok(())).expect_err("cancelled");
        assert_eq!(e.code, "imports.cancelled");
    }

    #[test]
    fn neutralized_text_reads_back_as_it_was_written() {
        for text in ["=1+1", "+55 11", "-", "@sum", "\tx", "\rx", "'=x", "''+y", "'abc", "abc", "", "'", "José"] {
            let written = neutralize(text);
            let dangerous = written.starts_with(FORMULA_START);
            assert!(!dangerous, "{text:?} is written as {written:?}");
            assert_eq!(unquote(written.into_owned()), text);
        }
        assert_eq!(neutralize("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(unquote("'abc".into()), "'abc", "an apostrophe a person typed stays");
    }
}
