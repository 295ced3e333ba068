//! The first worksheet of an XLSX file, read cell by cell as it unpacks (ADR 0010, amended).
//!
//! Only three parts are opened: the workbook (to find the first sheet), the shared strings and
//! that sheet; every byte of them passes through [`Bounded`]. Nothing is sized from what the
//! file declares (its `<dimension>`, a string count): a declared size is only checked, and a
//! row is as wide as its last non-blank cell, which may not lie beyond the limits.

use std::cell::Cell;
use std::io::{BufReader, Cursor, Read};
use std::sync::atomic::AtomicBool;

use innexar_kernel::AppError;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::bounded::{Bounded, MAX_TOKEN_BYTES, Stop};
use super::sheet::{self, Limits, MAX_CELL_CHARS, RowSink, cancelled, unpacked_too_large, unquote, unreadable};

/// A text is refused once it is this long in bytes, before its characters are counted.
const MAX_CELL_BYTES: usize = MAX_CELL_CHARS * 4;

/// Most parts a file may have. Opening a ZIP reads its whole directory, some 700 bytes of memory
/// a part: a 10 MiB file of empty parts would take 150 MiB before anything is read. A workbook
/// has tens of parts, a few hundred with many sheets and pictures.
const MAX_PARTS: usize = 10_000;

pub fn read(bytes: &[u8], limits: &Limits, cancel: &AtomicBool, sink: &mut RowSink<'_>) -> Result<(), AppError> {
    // Every directory entry the ZIP reader accepts starts with this signature, so counting them
    // bounds what it will hold, whatever the directory's end record claims.
    if bytes.windows(4).filter(|w| *w == b"PK\x01\x02").count() > MAX_PARTS {
        return Err(unpacked_too_large(format!("the XLSX file has more than {MAX_PARTS} parts")));
    }
    let zip =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(format!("the XLSX file cannot be read: {e}")))?;
    let mut book = Book { zip, budget: Cell::new(limits.max_unpacked_bytes), cancel, limits };
    let sheet = book.first_sheet()?;
    let strings = book.shared_strings()?;
    book.read_sheet(&sheet, &strings, sink)
}

struct Book<'b> {
    zip: ZipArchive<Cursor<&'b [u8]>>,
    budget: Cell<u64>,
    cancel: &'b AtomicBool,
    limits: &'b Limits,
}

/// One part being parsed, with the buffers its events borrow.
struct Part<'z, R> {
    xml: Reader<BufReader<Bounded<'z, R>>>,
    buf: Vec<u8>,
    skip: Vec<u8>,
    limits: Limits,
}

type ZipPart<'z, 'b> = Part<'z, zip::read::ZipFile<'z, Cursor<&'b [u8]>>>;

impl<'b> Book<'b> {
    /// Part names compare as Excel's do: case aside, `\` as `/`.
    fn open(&mut self, path: &str) -> Result<Option<ZipPart<'_, 'b>>, AppError> {
        let wanted = path.to_ascii_lowercase();
        let Some(index) = (0..self.zip.len())
            .find(|&i| self.zip.name_for_index(i).is_some_and(|n| n.replace('\\', "/").to_ascii_lowercase() == wanted))
        else {
            return Ok(None);
        };
        let file =
            self.zip.by_index(index).map_err(|e| unreadable(format!("the XLSX part {path} cannot be read: {e}")))?;
        let mut xml = Reader::from_reader(BufReader::new(Bounded::new(file, &self.budget, self.cancel)));
        let config = xml.config_mut();
        config.check_end_names = false;
        config.trim_text(false);
        Ok(Some(Part { xml, buf: Vec::new(), skip: Vec::new(), limits: *self.limits }))
    }

    /// The path of the workbook's first sheet, from the workbook and its relationships.
    fn first_sheet(&mut self) -> Result<String, AppError> {
        let no_sheet = || unreadable("the XLSX file has no worksheet");
        let mut workbook = self.open("xl/workbook.xml")?.ok_or_else(no_sheet)?;
        let mut id = None;
        while id.is_none() {
            match workbook.event()? {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"sheet" => {
                    // `r:id`, whatever the prefix; not `sheetId`.
                    id = Some(attribute(&e, |k| k.ends_with(b":id") || k == b"id")?.ok_or_else(no_sheet)?);
                }
                Event::Eof => return Err(no_sheet()),
                _ => {}
            }
        }
        drop(workbook);
        let mut rels = self.open("xl/_rels/workbook.xml.rels")?.ok_or_else(no_sheet)?;
        loop {
            match rels.event()? {
                Event::Start(e) | Event::Empty(e)
                    if e.local_name().as_ref() == b"Relationship" && attribute(&e, |k| k == b"Id")? == id =>
                {
                    let target = attribute(&e, |k| k == b"Target")?.ok_or_else(no_sheet)?;
                    return Ok(part_path(&target));
                }
                Event::Eof => return Err(no_sheet()),
                _ => {}
            }
        }
    }

    fn shared_strings(&mut self) -> Result<SharedStrings, AppError> {
        let mut strings = SharedStrings::default();
        let limit = self.limits.max_text_bytes;
        let Some(mut part) = self.open("xl/sharedStrings.xml")? else { return Ok(strings) };
        let (mut in_string, mut phonetic) = (false, 0u32);
        loop {
            let token = match part.event()? {
                Event::Start(e) => Token::Start(Name::of(&e)),
                Event::Empty(e) => Token::Empty(Name::of(&e)),
                Event::End(e) => Token::End(Name::of_end(&e)),
                Event::Eof => return Ok(strings),
                _ => continue,
            };
            match token {
                Token::Start(Name::Si) => (in_string, phonetic) = (true, 0),
                // Furigana, shown above Japanese text; not part of the value.
                Token::Start(Name::Phonetic) => phonetic += 1,
                Token::End(Name::Phonetic) => phonetic = phonetic.saturating_sub(1),
                Token::Start(Name::T) if in_string && phonetic == 0 => {
                    part.text(&mut strings.text, strings.open + MAX_CELL_BYTES, too_long_text)?;
                }
                Token::Empty(Name::Si) => strings.push(),
                Token::End(Name::Si) => {
                    in_string = false;
                    strings.finish_last()?;
                }
                _ => continue,
            }
            if strings.held() > limit {
                return Err(unpacked_too_large(format!("the XLSX file's shared strings take more than {limit} bytes")));
            }
        }
    }

    fn read_sheet(&mut self, path: &str, strings: &SharedStrings, sink: &mut RowSink<'_>) -> Result<(), AppError> {
        let limits = *self.limits;
        let mut part = self.open(path)?.ok_or_else(|| unreadable(format!("the XLSX file has no part {path}")))?;
        let mut row = Row::default();
        let mut next_row = 1u64;
        loop {
            match part.event()? {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"dimension" => {
                    // A size the file declares is checked, never used to make room.
                    let end = attribute(&e, |k| k == b"ref")?.and_then(|r| r.rsplit(':').next().and_then(cell_ref));
                    if let Some((r, c)) = end.filter(|&(r, c)| sheet::is_outside(&limits, r, c)) {
                        return Err(sheet::too_large(&limits, r, c, true));
                    }
                }
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"row" => {
                    let number = attribute(&e, |k| k == b"r")?.and_then(|r| r.parse().ok()).unwrap_or(next_row);
                    row.flush(sink)?;
                    row.start(number);
                    next_row = number.saturating_add(1);
                }
                Event::Empty(e) if e.local_name().as_ref() == b"c" => {
                    let (_, c, _) = cell_attributes(&e, &row)?;
                    row.skip_to(c);
                }
                Event::Start(e) if e.local_name().as_ref() == b"c" => {
                    let (r, c, kind) = cell_attributes(&e, &row)?;
                    let raw = part.cell_content()?;
                    let text = cell_text(kind.as_deref(), raw, strings)?;
                    if text.trim().is_empty() {
                        row.skip_to(c);
                        continue;
                    }
                    if sheet::is_outside(&limits, r, c) {
                        return Err(sheet::too_large(&limits, r, c, false));
                    }
                    sheet::check_cell_length(&text, r, c)?;
                    if r != row.number {
                        row.flush(sink)?;
                        row.start(r);
                        next_row = r.saturating_add(1);
                    }
                    row.put(c, unquote(text));
                }
                Event::End(e) if e.local_name().as_ref() == b"sheetData" => break,
                Event::Eof => break,
                _ => {}
            }
        }
        row.flush(sink)
    }
}

impl<R: Read> Part<'_, R> {
    fn event(&mut self) -> Result<Event<'_>, AppError> {
        self.buf.clear();
        let limits = self.limits;
        match self.xml.read_event_into(&mut self.buf) {
            Ok(e) => Ok(e),
            Err(e) => Err(failure(self.xml.get_ref().get_ref().stop(), &limits, e)),
        }
    }

    /// The text of the element just opened, up to its end, appended to `out` while `out` stays
    /// within `max_len` bytes. Markup inside (none in the elements read) is skipped.
    fn text(&mut self, out: &mut String, max_len: usize, too_long: impl Fn() -> AppError) -> Result<(), AppError> {
        let start = out.len();
        let mut depth = 0u32;
        loop {
            match self.event()? {
                Event::Text(t) => out.push_str(&t.xml10_content().map_err(|e| unreadable(e.to_string()))?),
                Event::CData(t) => out.push_str(&t.xml10_content().map_err(|e| unreadable(e.to_string()))?),
                Event::GeneralRef(r) => {
                    let name = r.decode().map_err(|e| unreadable(e.to_string()))?;
                    match quick_xml::escape::resolve_xml_entity(&name) {
                        Some(s) => out.push_str(s),
                        None => match r.resolve_char_ref().map_err(|e| unreadable(e.to_string()))? {
                            Some(c) => out.push(c),
                            None => return Err(unreadable(format!("unknown entity &{name};"))),
                        },
                    }
                }
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => break,
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(unreadable("the XLSX file ends inside a cell")),
                _ => {}
            }
            if out.len() > max_len {
                return Err(too_long());
            }
        }
        // Excel writes control characters as `_x000D_` and so on.
        if out[start..].contains("_x") {
            let unescaped = unescape_excel(&out[start..]);
            out.truncate(start);
            out.push_str(&unescaped);
        }
        Ok(())
    }

    /// What a `<c>` holds, up to its end: the `<v>` text or the inline string's.
    fn cell_content(&mut self) -> Result<String, AppError> {
        let mut value = String::new();
        let mut phonetic = 0u32;
        loop {
            let (name, local) = match self.event()? {
                Event::Start(e) => (e.name().as_ref().to_vec(), e.local_name().as_ref().to_vec()),
                Event::End(e) if e.local_name().as_ref() == b"c" => return Ok(value),
                Event::End(e) if e.local_name().as_ref() == b"rPh" => {
                    phonetic = phonetic.saturating_sub(1);
                    continue;
                }
                Event::Eof => return Err(unreadable("the XLSX file ends inside a cell")),
                _ => continue,
            };
            match local.as_slice() {
                b"v" => {
                    value.clear();
                    self.text(&mut value, MAX_CELL_BYTES, too_long_text)?;
                }
                b"t" if phonetic == 0 => self.text(&mut value, MAX_CELL_BYTES, too_long_text)?,
                b"rPh" => phonetic += 1,
                // `<is>` and `<r>` hold the `<t>`s of an inline string.
                b"is" | b"r" => {}
                _ => {
                    // A formula (`<f>`), its value follows in `<v>`; anything else is skipped.
                    self.skip.clear();
                    let name = quick_xml::name::QName(&name);
                    let limits = self.limits;
                    if let Err(e) = self.xml.read_to_end_into(name, &mut self.skip) {
                        return Err(failure(self.xml.get_ref().get_ref().stop(), &limits, e));
                    }
                }
            }
        }
    }
}

fn failure(stop: Option<Stop>, limits: &Limits, e: impl std::fmt::Display) -> AppError {
    match stop {
        Some(Stop::Unpacked) => unpacked_too_large(format!(
            "the parts of the XLSX file an import reads unpack to more than {} bytes",
            limits.max_unpacked_bytes
        )),
        Some(Stop::Token) => {
            unpacked_too_large(format!("the XLSX file holds an XML token of more than {MAX_TOKEN_BYTES} bytes"))
        }
        Some(Stop::Declaration) => {
            unreadable("the XLSX file holds a document type declaration, which no spreadsheet has")
        }
        Some(Stop::Cancelled) => cancelled(),
        None => unreadable(format!("the XLSX file cannot be read: {e}")),
    }
}

fn too_long_text() -> AppError {
    AppError::field(
        "/file",
        "imports.cell_too_long",
        format!("the file holds a text of more than {MAX_CELL_CHARS} characters, more than a cell can"),
    )
}

/// The value of the first attribute whose name passes `key`.
fn attribute(e: &BytesStart<'_>, key: impl Fn(&[u8]) -> bool) -> Result<Option<String>, AppError> {
    for a in e.attributes() {
        let a = a.map_err(|e| unreadable(format!("the XLSX file cannot be read: {e}")))?;
        if key(a.key.as_ref()) {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| unreadable(format!("the XLSX file cannot be read: {e}")))?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

/// A cell's row and column (from 1) and its type (`t`): from its `r`, else the next in the row.
fn cell_attributes(e: &BytesStart<'_>, row: &Row) -> Result<(u64, u64, Option<String>), AppError> {
    let kind = attribute(e, |k| k == b"t")?;
    let (r, c) = match attribute(e, |k| k == b"r")? {
        Some(r) => cell_ref(&r).ok_or_else(|| unreadable(format!("'{r}' is not a cell reference")))?,
        None => (row.number, row.next_column),
    };
    Ok((r, c, kind))
}

/// `AB12` as (row 12, column 28).
fn cell_ref(r: &str) -> Option<(u64, u64)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    let digits = &r[letters..];
    if !(1..=3).contains(&letters)
        || digits.is_empty()
        || digits.len() > 10
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let column = r.bytes().take(letters).fold(0u64, |c, b| c * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1));
    Some((digits.parse().ok()?, column))
}

/// A relationship's target as a part name: relative to `xl/`, or absolute from the root.
fn part_path(target: &str) -> String {
    let target = target.replace('\\', "/");
    let full = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for segment in full.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A cell's value as text. Numbers keep at most two decimals (money), and whole numbers print
/// without any, so `2023` stays a year and `45990.5` stays an amount.
fn cell_text(kind: Option<&str>, raw: String, strings: &SharedStrings) -> Result<String, AppError> {
    Ok(match kind {
        Some("s") => {
            if raw.trim().is_empty() {
                return Ok(String::new());
            }
            let i: usize =
                raw.trim().parse().map_err(|_| unreadable(format!("'{raw}' is not a shared string index")))?;
            strings.get(i).ok_or_else(|| unreadable(format!("the XLSX file has no shared string {i}")))?.to_string()
        }
        Some("b") if !raw.is_empty() => if raw.trim() == "0" { "não" } else { "sim" }.to_string(),
        None | Some("n") => match raw.trim().parse::<f64>() {
            Ok(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            Ok(f) if f.is_finite() => format!("{f:.2}"),
            _ => raw,
        },
        // Inline strings, formula strings, ISO dates, errors (`#N/A`): the text as written.
        _ => raw,
    })
}

/// `_x000D_` and the like, Excel's escapes for characters XML cannot hold, back to characters;
/// `_x005F_` escapes a literal `_`.
fn unescape_excel(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        let candidate = &rest[i..];
        let hex = candidate.get(2..6).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        match (hex, candidate.as_bytes().get(6)) {
            (Some(h), Some(b'_')) => {
                let c = u32::from_str_radix(h, 16).ok().and_then(char::from_u32);
                out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
                rest = &candidate[7..];
            }
            _ => {
                out.push_str("_x");
                rest = &candidate[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The element names the shared strings part is read by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    Si,
    T,
    Phonetic,
    Other,
}

impl Name {
    fn from_local(name: &[u8]) -> Name {
        match name {
            b"si" => Name::Si,
            b"t" => Name::T,
            b"rPh" => Name::Phonetic,
            _ => Name::Other,
        }
    }

    fn of(e: &BytesStart<'_>) -> Name {
        Name::from_local(e.local_name().as_ref())
    }

    fn of_end(e: &quick_xml::events::BytesEnd<'_>) -> Name {
        Name::from_local(e.local_name().as_ref())
    }
}

enum Token {
    Start(Name),
    Empty(Name),
    End(Name),
}

/// The shared strings, one text with the end of each.
#[derive(Default)]
struct SharedStrings {
    text: String,
    ends: Vec<usize>,
    /// Where the string being read starts.
    open: usize,
}

impl SharedStrings {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    fn push(&mut self) {
        self.ends.push(self.text.len());
        self.open = self.text.len();
    }

    fn finish_last(&mut self) -> Result<(), AppError> {
        if self.text[self.open..].chars().count() > MAX_CELL_CHARS {
            return Err(too_long_text());
        }
        self.push();
        Ok(())
    }

    /// What holding them costs, as `imports.max_text_bytes` counts it.
    fn held(&self) -> usize {
        self.text.len() + 8 * self.ends.len()
    }
}

/// The row being gathered: as wide as its last non-blank cell.
#[derive(Default)]
struct Row {
    number: u64,
    next_column: u64,
    cells: Vec<String>,
}

impl Row {
    fn start(&mut self, number: u64) {
        self.number = number;
        self.next_column = 1;
    }

    fn skip_to(&mut self, column: u64) {
        self.next_column = column.saturating_add(1);
    }

    /// `column` was checked to be within the limits.
    fn put(&mut self, column: u64, text: String) {
        let i = (column - 1) as usize;
        if self.cells.len() <= i {
            self.cells.resize(i + 1, String::new());
        }
        self.cells[i] = text;
        self.next_column = column + 1;
    }

    fn flush(&mut self, sink: &mut RowSink<'_>) -> Result<(), AppError> {
        let cells = std::mem::take(&mut self.cells);
        if cells.iter().any(|c| !c.trim().is_empty()) {
            sink(self.number, cells)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
