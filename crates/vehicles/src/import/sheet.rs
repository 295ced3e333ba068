//! Reading an uploaded spreadsheet (CSV or XLSX) into a header and rows of text cells.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

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

/// A file read into text: the header (the first row that is not blank) and the data rows, each
/// with its row number as a spreadsheet shows it. Blank rows are skipped but keep their numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

/// Why a file cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable(pub String);

pub fn read(bytes: &[u8], format: Format) -> Result<Sheet, Unreadable> {
    let table = match format {
        Format::Csv => read_csv(bytes)?,
        Format::Xlsx => read_xlsx(bytes)?,
    };
    let mut rows = table.into_iter().filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let Some((_, headers)) = rows.next() else {
        return Err(Unreadable("the file is empty: its first row must name the columns".into()));
    };
    let headers = headers.into_iter().map(|c| c.trim().to_string()).collect();
    Ok(Sheet { headers, rows: rows.collect() })
}

/// Spreadsheets saved as CSV in Brazil are often Windows-1252 and separated by `;`: the
/// encoding falls back to Latin-1 and the separator is whichever of `;`, `,` or tab the header
/// line uses most.
fn read_csv(bytes: &[u8]) -> Result<Vec<(u64, Vec<String>)>, Unreadable> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}').to_string(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    };
    let first = text.lines().next().unwrap_or_default();
    let delimiter =
        [b';', b',', b'\t'].into_iter().max_by_key(|d| first.bytes().filter(|b| b == d).count()).unwrap_or(b',');
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut out = Vec::new();
    // A spreadsheet shows a blank line as a row and a quoted line break as part of its cell: the
    // row number is the line the record's first cell is on, less the line breaks inside earlier
    // cells. (The reader's own line count may start at blank lines before the record.)
    let bytes = text.as_bytes();
    let (mut scanned, mut line, mut breaks_in_cells) = (0usize, 1u64, 0u64);
    for record in reader.records() {
        let record = record.map_err(|e| Unreadable(format!("the CSV file cannot be read: {e}")))?;
        let mut start = record.position().map_or(0, |p| p.byte() as usize).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\n' | b'\r') {
            start += 1;
        }
        line += bytes[scanned..start.max(scanned)].iter().filter(|b| **b == b'\n').count() as u64;
        scanned = start.max(scanned);
        out.push((line - breaks_in_cells, record.iter().map(str::to_string).collect()));
        breaks_in_cells += record.iter().map(|c| c.matches('\n').count() as u64).sum::<u64>();
    }
    Ok(out)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<(u64, Vec<String>)>, Unreadable> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| Unreadable(format!("the XLSX file cannot be read: {e}")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| Unreadable("the XLSX file has no worksheet".into()))?
        .map_err(|e| Unreadable(format!("the first worksheet cannot be read: {e}")))?;
    // The used range may start below the sheet's first row; numbers count from the sheet's.
    let (first_row, _) = range.start().unwrap_or((0, 0));
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, r)| (u64::from(first_row) + i as u64 + 1, r.iter().map(cell_text).collect()))
        .collect())
}

/// A cell as text. Numbers keep at most two decimals (money), and whole numbers print without
/// any, so `2023` stays a year and `45990.5` stays an amount.
fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f:.2}"),
        Data::Bool(b) => if *b { "sim" } else { "não" }.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_keep_the_numbers_a_spreadsheet_shows() {
        let file = "\u{feff}placa;modelo\nABC1234;Gol\n\n\"XYZ9876\";\"Uno\ncom quebra\"\nDEF5678;Ka\n";
        let sheet = read(file.as_bytes(), Format::Csv).expect("sheet");
        assert_eq!(sheet.headers, ["placa", "modelo"]);
        let numbers: Vec<u64> = sheet.rows.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [2, 4, 5]);
        assert_eq!(sheet.rows[1].1[1], "Uno\ncom quebra");
    }

    #[test]
    fn latin1_and_commas_are_read_too() {
        let file = b"Marca,Pre\xe7o\nFiat,\"45.990,00\"\n";
        let sheet = read(file, Format::Csv).expect("sheet");
        assert_eq!(sheet.headers, ["Marca", "Preço"]);
        assert_eq!(sheet.rows, vec![(2, vec!["Fiat".to_string(), "45.990,00".to_string()])]);
    }
}
