use std::io::Write;
use std::sync::atomic::AtomicBool;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::super::sheet::{Format, Limits, read_rows};
use super::*;

const LIMITS: Limits = Limits { max_rows: 1000, max_unpacked_bytes: 8 << 20, max_text_bytes: 1 << 20 };

fn rows_with(bytes: &[u8], limits: &Limits, cancel: &AtomicBool) -> Result<Vec<(u64, Vec<String>)>, AppError> {
    let mut out = Vec::new();
    read_rows(bytes, Format::detect(bytes), limits, cancel, &mut |n, cells| {
        out.push((n, cells));
        Ok(())
    })?;
    Ok(out)
}

fn rows(bytes: &[u8], limits: &Limits) -> Result<Vec<(u64, Vec<String>)>, AppError> {
    rows_with(bytes, limits, &AtomicBool::new(false))
}

fn code(e: &AppError) -> String {
    e.errors.first().map(|f| f.code.clone()).unwrap_or_else(|| e.code.to_string())
}

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Estoque" sheetId="1" r:id="rId7"/></sheets></workbook>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x" Target="styles.xml"/><Relationship Id="rId7" Type="y" Target="worksheets/planilha.xml"/></Relationships>"#;

/// A workbook written by hand: `sheet` is the worksheet part's XML, `strings` the shared
/// strings part's (if any), each part written as the streaming writer gives it.
type PartWriter<'a> = &'a dyn Fn(&mut dyn Write);

fn book(sheet: impl FnOnce(&mut dyn Write), strings: Option<PartWriter<'_>>) -> Vec<u8> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(true);
    zip.start_file("xl/workbook.xml", options).expect("part");
    zip.write_all(WORKBOOK.as_bytes()).expect("write");
    zip.start_file("xl/_rels/workbook.xml.rels", options).expect("part");
    zip.write_all(RELS.as_bytes()).expect("write");
    if let Some(strings) = strings {
        zip.start_file("xl/sharedStrings.xml", options).expect("part");
        strings(&mut zip);
    }
    zip.start_file("xl/worksheets/planilha.xml", options).expect("part");
    sheet(&mut zip);
    zip.finish().expect("zip").into_inner()
}

fn sheet_xml(data: &str) -> impl FnOnce(&mut dyn Write) + '_ {
    move |w: &mut dyn Write| {
        write!(w, r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#)
            .expect("write")
    }
}

#[test]
fn a_workbook_from_the_xlsx_writer_reads_as_a_spreadsheet_shows_it() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Placa").expect("cell");
    sheet.write_string(0, 1, "Preço").expect("cell");
    sheet.write_string(0, 3, "Obs").expect("cell");
    sheet.write_string(1, 0, "ABC1D23").expect("cell");
    sheet.write_number(1, 1, 45990.5).expect("cell");
    sheet.write_boolean(1, 3, true).expect("cell");
    sheet.write_string(3, 0, "'=1+2").expect("cell");
    sheet.write_number(3, 1, 2023.0).expect("cell");
    sheet.write_string(3, 3, "linha 1\nlinha 2 & <fim>").expect("cell");
    let bytes = book.save_to_buffer().expect("xlsx");
    let rows = rows(&bytes, &LIMITS).expect("rows");
    assert_eq!(
        rows,
        vec![
            (1, vec!["Placa".into(), "Preço".into(), String::new(), "Obs".into()]),
            (2, vec!["ABC1D23".into(), "45990.50".into(), String::new(), "sim".into()]),
            (4, vec!["=1+2".into(), "2023".into(), String::new(), "linha 1\nlinha 2 & <fim>".into()]),
        ]
    );
}

#[test]
fn inline_and_rich_strings_escapes_prefixes_and_cells_without_references_are_read() {
    let data = r#"<x:row r="3"><x:c r="B3" t="inlineStr"><x:is><x:r><x:t>Uno </x:t></x:r><x:r><x:rPr/><x:t>Way</x:t></x:r><x:rPh><x:t>ウノ</x:t></x:rPh></x:is></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c><x:f>SUM(A1)</x:f><x:v>7</x:v></x:c><x:c t="str"><x:v>a&amp;b&#233;_x000D_</x:v></x:c></x:row>"#;
    let strings = |w: &mut dyn Write| {
        w.write_all(br#"<sst uniqueCount="100000000000"><si><t>zero</t></si><si><r><t>um</t></r><r><t xml:space="preserve"> e dois</t></r></si></sst>"#)
            .expect("write")
    };
    let bytes = book(sheet_xml(data), Some(&strings));
    let rows = rows(&bytes, &LIMITS).expect("an absurd declared count is no reason to refuse, nor to make room");
    assert_eq!(rows, vec![(3, vec![String::new(), "Uno Way".into(), "um e dois".into(), "7".into(), "a&bé\r".into()])]);
}

#[test]
fn two_cells_at_the_far_corners_are_refused_before_anything_is_made_room_for() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Placa").expect("cell");
    sheet.write_string(1_048_575, 16_383, "x").expect("cell");
    let bytes = book.save_to_buffer().expect("xlsx");
    assert!(bytes.len() < 8 * 1024, "{} bytes", bytes.len());
    let e = rows(&bytes, &LIMITS).expect_err("refused");
    assert_eq!(code(&e), "imports.sheet_too_large");
    assert!(e.errors[0].message.contains("row 1048576, column 16384"), "{}", e.errors[0].message);

    // A value just past the last row the limit allows, or past the last column.
    let edge = book_with_rows(&[(LIMITS.last_row() + 1, 1)]);
    assert_eq!(code(&rows(&edge, &LIMITS).expect_err("row")), "imports.sheet_too_large");
    let wide = book_with_rows(&[(1, u64::from(sheet::MAX_COLUMNS) + 1)]);
    assert_eq!(code(&rows(&wide, &LIMITS).expect_err("column")), "imports.sheet_too_large");
    let inside = book_with_rows(&[(LIMITS.last_row(), u64::from(sheet::MAX_COLUMNS))]);
    assert_eq!(rows(&inside, &LIMITS).expect("the last cell allowed").len(), 1);
}

fn column_name(mut c: u64) -> String {
    let mut name = Vec::new();
    while c > 0 {
        name.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).expect("ascii")
}

fn book_with_rows(cells: &[(u64, u64)]) -> Vec<u8> {
    let data: String = cells
        .iter()
        .map(|(r, c)| {
            format!(r#"<row r="{r}"><c r="{}{r}" t="inlineStr"><is><t>x</t></is></c></row>"#, column_name(*c))
        })
        .collect();
    book(sheet_xml(&data), None)
}

#[test]
fn a_declared_size_beyond_the_limits_is_refused_even_with_few_cells() {
    let sheet = |w: &mut dyn Write| {
        w.write_all(br#"<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Placa</t></is></c></row></sheetData></worksheet>"#)
            .expect("write")
    };
    let e = rows(&book(sheet, None), &LIMITS).expect_err("refused");
    assert_eq!(code(&e), "imports.sheet_too_large");
    assert!(e.errors[0].message.contains("declares"), "{}", e.errors[0].message);
}

#[test]
fn a_sheet_unpacking_past_the_limit_stops_there() {
    // 64 MiB of rows that say nothing, a few hundred KiB packed.
    let sheet = |w: &mut dyn Write| {
        w.write_all(b"<worksheet><sheetData>").expect("write");
        let block = "<row r=\"2\"/>".repeat(4096);
        for _ in 0..(64 << 20) / block.len() {
            w.write_all(block.as_bytes()).expect("write");
        }
        w.write_all(b"</sheetData></worksheet>").expect("write");
    };
    let bytes = book(sheet, None);
    assert!(bytes.len() < 1 << 20, "{} bytes packed", bytes.len());
    let e = rows(&bytes, &LIMITS).expect_err("refused");
    assert_eq!(code(&e), "imports.unpacked_too_large", "{e:?}");
    // The same file is read whole when the limit allows it.
    let roomy = Limits { max_unpacked_bytes: 80 << 20, ..LIMITS };
    assert_eq!(rows(&bytes, &roomy).expect("within the limit"), vec![]);
}

#[test]
fn shared_strings_past_the_text_limit_or_one_token_too_long_are_refused() {
    let many = |w: &mut dyn Write| {
        w.write_all(b"<sst>").expect("write");
        for i in 0..200_000 {
            write!(w, "<si><t>texto {i}</t></si>").expect("write");
        }
        w.write_all(b"</sst>").expect("write");
    };
    let e = rows(&book(sheet_xml(""), Some(&many)), &LIMITS).expect_err("refused");
    assert_eq!(code(&e), "imports.unpacked_too_large");
    assert!(e.errors[0].message.contains("shared strings"), "{}", e.errors[0].message);

    let empty_ones = |w: &mut dyn Write| {
        w.write_all(b"<sst>").expect("write");
        w.write_all("<si/>".repeat(200_000).as_bytes()).expect("write");
        w.write_all(b"</sst>").expect("write");
    };
    let e = rows(&book(sheet_xml(""), Some(&empty_ones)), &LIMITS).expect_err("each costs room too");
    assert_eq!(code(&e), "imports.unpacked_too_large");

    let one_huge_text = |w: &mut dyn Write| {
        w.write_all(b"<sst><si><t>").expect("write");
        w.write_all("x".repeat(MAX_TOKEN_BYTES + 1).as_bytes()).expect("write");
        w.write_all(b"</t></si></sst>").expect("write");
    };
    let e = rows(&book(sheet_xml(""), Some(&one_huge_text)), &LIMITS).expect_err("refused");
    assert!(e.errors[0].message.contains("XML token"), "{}", e.errors[0].message);

    // A text longer than a cell holds, made of many short runs.
    let long_rich = |w: &mut dyn Write| {
        w.write_all(b"<sst><si>").expect("write");
        w.write_all("<r><t>abcdefgh</t></r>".repeat(MAX_CELL_CHARS / 8 + 1).as_bytes()).expect("write");
        w.write_all(b"</si></sst>").expect("write");
    };
    let e = rows(&book(sheet_xml(""), Some(&long_rich)), &LIMITS).expect_err("refused");
    assert_eq!(code(&e), "imports.cell_too_long");
}

#[test]
fn a_cell_longer_than_a_spreadsheet_allows_is_refused_however_it_is_split() {
    let runs = "<r><t>abcdefgh</t></r>".repeat(MAX_CELL_CHARS / 8 + 1);
    let data = format!(r#"<row r="1"><c r="A1" t="inlineStr"><is>{runs}</is></c></row>"#);
    assert_eq!(code(&rows(&book(sheet_xml(&data), None), &LIMITS).expect_err("inline")), "imports.cell_too_long");
    let refs = "&amp;".repeat(MAX_CELL_CHARS + 1);
    let data = format!(r#"<row r="1"><c r="A1" t="str"><v>{refs}</v></c></row>"#);
    assert_eq!(code(&rows(&book(sheet_xml(&data), None), &LIMITS).expect_err("entities")), "imports.cell_too_long");
    let fits = format!(r#"<row r="1"><c r="A1" t="str"><v>{}</v></c></row>"#, "é".repeat(MAX_CELL_CHARS));
    assert_eq!(rows(&book(sheet_xml(&fits), None), &LIMITS).expect("fits")[0].1[0].chars().count(), MAX_CELL_CHARS);
}

#[test]
fn a_document_type_declaration_or_a_broken_file_is_unreadable_and_a_cancel_stops_the_read() {
    let doctype = |w: &mut dyn Write| {
        w.write_all(br#"<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]><worksheet><sheetData/></worksheet>"#)
            .expect("write")
    };
    assert_eq!(code(&rows(&book(doctype, None), &LIMITS).expect_err("refused")), "imports.unreadable_file");
    assert_eq!(code(&rows(b"PK\x03\x04 not a zip", &LIMITS).expect_err("refused")), "imports.unreadable_file");
    let bytes = book_with_rows(&[(1, 1)]);
    let e = rows_with(&bytes, &LIMITS, &AtomicBool::new(true)).expect_err("cancelled");
    assert_eq!(e.code, "imports.cancelled");
}

#[test]
fn a_zip_of_more_parts_than_a_workbook_has_is_refused_before_its_directory_is_read() {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for i in 0..=MAX_PARTS {
        zip.start_file(format!("x/{i}"), options).expect("part");
    }
    let bytes = zip.finish().expect("zip").into_inner();
    assert_eq!(code(&rows(&bytes, &LIMITS).expect_err("refused")), "imports.unpacked_too_large");
}

#[test]
fn part_names_resolve_as_excel_writes_them() {
    assert_eq!(part_path("worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
    assert_eq!(part_path("/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
    assert_eq!(part_path("../xl/./worksheets\\sheet2.xml"), "xl/worksheets/sheet2.xml");
    assert_eq!(cell_ref("XFD1048576"), Some((1_048_576, 16_384)));
    assert_eq!(cell_ref("b7"), Some((7, 2)));
    assert_eq!(cell_ref("AAAA1"), None);
    assert_eq!(cell_ref("A"), None);
    assert_eq!(unescape_excel("a_x000D_b_x005F_x000D_c_xZZ"), "a\rb_x000D_c_xZZ");
}
