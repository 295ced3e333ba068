import { describe, expect, it } from 'vitest';
import { checkFile, DOCUMENT_RULE, fileNameFromDisposition, LOGO_RULE, MB, PHOTO_RULE, SPREADSHEET_RULE } from './files';

describe('file name from Content-Disposition', () => {
  it('reads quoted, bare and RFC 8187 names', () => {
    expect(fileNameFromDisposition('attachment; filename="veiculos-e2e-20261128-2321.csv"', 'x')).toBe('veiculos-e2e-20261128-2321.csv');
    expect(fileNameFromDisposition('attachment; filename=estoque.xlsx', 'x')).toBe('estoque.xlsx');
    expect(fileNameFromDisposition('inline; filename="a \\"b\\".pdf"', 'x')).toBe('a "b".pdf');
    expect(fileNameFromDisposition("attachment; filename=\"ve_culos.csv\"; filename*=UTF-8''ve%C3%ADculos.csv", 'x')).toBe('veículos.csv');
    expect(fileNameFromDisposition("attachment; FILENAME*=utf-8'pt-BR'laudo%20cautelar.pdf", 'x')).toBe('laudo cautelar.pdf');
  });

  it('drops path parts and falls back when there is no usable name', () => {
    expect(fileNameFromDisposition('attachment; filename="../../etc/passwd"', 'x')).toBe('passwd');
    expect(fileNameFromDisposition('attachment; filename=C:\\temp\\crlv.pdf', 'x')).toBe('crlv.pdf');
    expect(fileNameFromDisposition('attachment', 'veiculos.csv')).toBe('veiculos.csv');
    expect(fileNameFromDisposition(null, 'veiculos.csv')).toBe('veiculos.csv');
    expect(fileNameFromDisposition('attachment; filename=""', 'veiculos.csv')).toBe('veiculos.csv');
    expect(fileNameFromDisposition("attachment; filename*=UTF-8''%E0%A4%A", 'fallback.csv')).toBe('fallback.csv');
  });
});

describe('checks before an upload', () => {
  const f = (name: string, type: string, size = 1000) => ({ name, type, size });

  it('accepts photos by type, or by name when the browser reports none', () => {
    expect(checkFile(f('carro.jpg', 'image/jpeg'), PHOTO_RULE)).toBeNull();
    expect(checkFile(f('carro.webp', 'image/webp'), PHOTO_RULE)).toBeNull();
    expect(checkFile(f('CARRO.PNG', ''), PHOTO_RULE)).toBeNull();
    expect(checkFile(f('carro.heic', 'image/heic'), PHOTO_RULE)).toBe('files.unsupported_type');
    expect(checkFile(f('laudo.pdf', 'application/pdf'), PHOTO_RULE)).toBe('files.unsupported_type');
    expect(checkFile(f('semextensao', ''), PHOTO_RULE)).toBe('files.unsupported_type');
  });

  it('refuses files over the limit', () => {
    expect(checkFile(f('carro.jpg', 'image/jpeg', 15 * MB), PHOTO_RULE)).toBeNull();
    expect(checkFile(f('carro.jpg', 'image/jpeg', 15 * MB + 1), PHOTO_RULE)).toBe('files.too_large');
    expect(checkFile(f('crlv.pdf', 'application/pdf', 20 * MB + 1), DOCUMENT_RULE)).toBe('files.too_large');
    expect(checkFile(f('logo.png', 'image/png', 5 * MB), LOGO_RULE)).toBeNull();
    expect(checkFile(f('logo.png', 'image/png', 5 * MB + 1), LOGO_RULE)).toBe('files.too_large');
  });

  it('takes PDFs as documents and CSV or XLSX as spreadsheets', () => {
    expect(checkFile(f('crlv.pdf', 'application/pdf'), DOCUMENT_RULE)).toBeNull();
    expect(checkFile(f('estoque.csv', 'text/csv'), SPREADSHEET_RULE)).toBeNull();
    expect(checkFile(f('estoque.csv', 'application/vnd.ms-excel'), SPREADSHEET_RULE)).toBeNull();
    expect(checkFile(f('estoque.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), SPREADSHEET_RULE)).toBeNull();
    expect(checkFile(f('estoque.xlsx', ''), SPREADSHEET_RULE)).toBeNull();
    expect(checkFile(f('estoque.ods', 'application/vnd.oasis.opendocument.spreadsheet'), SPREADSHEET_RULE)).toBe('files.unsupported_type');
  });
});
