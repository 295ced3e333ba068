//! The rows an import refused, as a spreadsheet to fix and import again: the file's columns
//! (those the import reads) with the rows as they were sent, and a last column saying, in the
//! dealer's language, what is wrong with each. The job keeps the refused rows with its outcome
//! (the upload itself is dropped when the job ends; rows that landed are not kept).

use std::collections::BTreeMap;

use innexar_kernel::AppError;
use rust_xlsxwriter::{Format as XlsxFormat, Workbook};

use serde::{Deserialize, Serialize};

use super::{ImportOutcome, RowError};
use crate::export::FileFormat;

/// Where a job's result keeps its [`RejectedRows`].
pub const KEY: &str = "rejectedRows";

/// The refused rows of an import: the headers of the columns it read and each refused row's
/// number and cells, as sent.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RejectedRows {
    pub headers: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

/// The last column's header.
pub const PROBLEMS_HEADER: &str = "Problemas";

/// What a row's problem says in pt-BR; the codes a row can be refused with each have one (a
/// test holds the list to the area's codes), an unknown one falls back to the English message.
pub fn pt_br(code: &str) -> Option<&'static str> {
    Some(match code {
        "auth.forbidden" => "seu perfil não pode alterar este campo",
        "field.control_character" => "há um caractere de controle no texto",
        "field.date_too_early" => "data antiga demais",
        "field.invalid" | "field.invalid_type" => "valor inválido",
        "field.invalid_enum" => "valor fora das opções aceitas",
        "field.invalid_range" => "o mínimo passa do máximo",
        "field.out_of_range" => "valor fora do permitido",
        "field.required" => "preencha este campo",
        "field.too_long" => "texto longo demais",
        "field.unknown" => "campo desconhecido",
        "imports.ambiguous_store" => "há mais de uma loja com este nome; use o CNPJ",
        "imports.cell_too_long" => "célula com texto demais",
        "imports.invalid_amount" => "valor inválido (use 45.990,00)",
        "imports.invalid_number" => "número inválido",
        "imports.invalid_year" => "ano inválido (use 2023 ou 2023/2024)",
        "placa.invalid" => "placa inválida: use ABC1234 ou, no padrão Mercosul, ABC1D23",
        "renavam.check_digit" => "o dígito verificador do RENAVAM não confere",
        "renavam.invalid_character" => "o RENAVAM tem apenas números",
        "renavam.length" => "o RENAVAM tem 11 dígitos (9 ou 10 em documentos antigos)",
        "vehicles.duplicate_placa" => "já existe um veículo em estoque com esta placa (neste ou no outro padrão)",
        "vehicles.duplicate_vin" => "já existe um veículo em estoque com este chassi",
        "vehicles.entry_in_future" => "a entrada não pode ser no futuro",
        "vehicles.invalid_amount" => "valor fora do permitido",
        "vehicles.invalid_doors" => "portas entre 1 e 6",
        "vehicles.invalid_fipe_code" => "código FIPE no formato 000000-0",
        "vehicles.invalid_image_url" => "endereço de imagem inválido",
        "vehicles.invalid_initial_status" => "o veículo entra no estoque em trânsito, em preparação ou disponível",
        "vehicles.invalid_keys_count" => "chaves entre 0 e 10",
        "vehicles.invalid_mileage" => "quilometragem entre 0 e 2.000.000 km",
        "vehicles.invalid_model_year" => "o ano modelo é o de fabricação ou o seguinte",
        "vehicles.invalid_month" => "mês no formato AAAA-MM",
        "vehicles.invalid_option" => "cada opcional tem de 1 a 80 caracteres",
        "vehicles.invalid_status_transition" => "esta mudança de situação não é permitida",
        "vehicles.status_set_by_deal" => "reservar e vender são feitos pela reserva e pela venda, não pela situação",
        "vehicles.invalid_year" => "ano inválido",
        "vehicles.minimum_above_price" => "o preço mínimo passa do preço de venda",
        "vehicles.store_inactive" => "esta loja está inativa",
        "vehicles.too_many_images" => "no máximo 50 imagens por veículo",
        "vehicles.too_many_options" => "no máximo 100 opcionais por veículo",
        "vehicles.unknown_store" => "loja inexistente ou fora do seu acesso",
        "vin.invalid_character" => "o chassi usa números e letras, exceto I, O e Q",
        "vin.length" => "o chassi tem 17 caracteres",
        _ => return None,
    })
}

fn problem_text(e: &RowError) -> String {
    let text = pt_br(&e.code).map(str::to_string).unwrap_or_else(|| e.message.clone());
    match &e.column {
        Some(c) => format!("{c}: {text}"),
        None => text,
    }
}

/// The refused rows with their problems, as a file.
pub fn rejected_file(refused: &RejectedRows, outcome: &ImportOutcome, format: FileFormat) -> Result<Vec<u8>, AppError> {
    let mut problems: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for e in &outcome.errors {
        problems.entry(e.row).or_default().push(problem_text(e));
    }
    let mut headers: Vec<&str> = refused.headers.iter().map(String::as_str).collect();
    headers.push(PROBLEMS_HEADER);
    let rows: Vec<Vec<String>> = refused
        .rows
        .iter()
        .filter_map(|(number, cells)| {
            let p = problems.get(number)?;
            Some(cells.iter().cloned().chain([p.join("; ")]).collect())
        })
        .collect();
    match format {
        FileFormat::Csv => {
            // `;` and a BOM, as the export writes it, so Excel in Brazil opens it in columns.
            let mut out = Vec::from("\u{feff}".as_bytes());
            {
                let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
                w.write_record(&headers).map_err(AppError::internal)?;
                for r in &rows {
                    // A spreadsheet would run a cell starting with `=` as a formula.
                    let r: Vec<String> = r.iter().map(|c| super::sheet::neutralize(c).into_owned()).collect();
                    w.write_record(&r).map_err(AppError::internal)?;
                }
                w.flush().map_err(AppError::internal)?;
            }
            Ok(out)
        }
        FileFormat::Xlsx => {
            let mut book = Workbook::new();
            let bold = XlsxFormat::new().set_bold();
            let sheet = book.add_worksheet();
            sheet.set_name("Linhas rejeitadas").map_err(AppError::internal)?;
            for (c, h) in headers.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, *h, &bold).map_err(AppError::internal)?;
            }
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    // Cells go back as they came (text), so "2023/2024" or "R$ 45.990,00" read
                    // the same way on the next import.
                    sheet.write_string(r as u32 + 1, c as u16, cell).map_err(AppError::internal)?;
                }
            }
            sheet.set_freeze_panes(1, 0).map_err(AppError::internal)?;
            book.save_to_buffer().map_err(AppError::internal)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_a_row_can_be_refused_with_reads_in_portuguese() {
        let row_codes = crate::problems::ALL
            .iter()
            .chain(innexar_http::problems::ALL)
            .filter(|p| p.status == 409 || p.status == 422)
            .filter(|p| {
                let c = p.code;
                c.starts_with("field.")
                    || c.starts_with("vin.")
                    || c.starts_with("placa.")
                    || c.starts_with("renavam.")
                    || matches!(c, "imports.ambiguous_store" | "imports.cell_too_long")
                    || c.starts_with("imports.invalid_")
                    || (c.starts_with("vehicles.")
                        // Not about a row's cells: files, photos, expenses, exports, deletes.
                        && !matches!(
                            c,
                            "vehicles.cannot_delete"
                                | "vehicles.cover_required"
                                | "vehicles.expense_in_future"
                                | "vehicles.export_too_large"
                                | "vehicles.identifier_required"
                                | "vehicles.in_dealer_stock"
                                | "vehicles.not_in_stock"
                                | "vehicles.too_many_photos"
                        ))
            });
        let missing: Vec<&str> = row_codes.map(|p| p.code).filter(|c| pt_br(c).is_none()).collect();
        assert!(missing.is_empty(), "codes without a pt-BR text for the rejected rows' file: {missing:?}");
    }
}
