// Photos, documents, spreadsheet import and export, as an owner uses them in the browser.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, keepFailurePictures, launch, png, screenshot } from './browser';
import { OWNER, PASSWORD, TENANT } from './server';

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const opened: Page[] = [];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
keepFailurePictures(opened);

async function signedIn(path: string, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', acceptDownloads: true });
  const page = await context.newPage();
  opened.push(page);
  await page.goto(`${origin}${path}`);
  await page.getByLabel('E-mail').fill(OWNER);
  await page.getByLabel('Senha').fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { context, page };
}

async function ownerApi<T>(path: string): Promise<T> {
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Tenant': TENANT },
    body: JSON.stringify({ email: OWNER, password: PASSWORD }),
  }).then((r) => r.json() as Promise<{ accessToken: string }>);
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'X-Tenant': TENANT, Authorization: `Bearer ${login.accessToken}` } });
  return (await res.json()) as T;
}

/** A real PNG of `w` x `h` pixels in one colour, built here so the test needs no fixture file. */

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe('photos and documents of a vehicle', () => {
  it('uploads photos, refuses a renamed non-image, sets the cover, orders, deletes; uploads and downloads a document', async () => {
    const { context, page } = await signedIn('/inventory?q=onix');
    await page.getByRole('link', { name: 'Chevrolet Onix 1.0 Turbo LT' }).click();
    await page.getByRole('heading', { name: 'Chevrolet Onix 1.0 Turbo LT' }).waitFor();
    await page.getByText('Nenhuma foto ainda.').waitFor();
    const vehicleUrl = page.url();

    // Two photos and a text file named .png: the photos arrive, the server refuses the impostor.
    await page.getByLabel('Escolher fotos').setInputFiles([
      { name: 'frente.png', mimeType: 'image/png', buffer: png(320, 240, [200, 30, 40]) },
      { name: 'falsa.png', mimeType: 'image/png', buffer: Buffer.from('isto não é uma imagem, é texto') },
      { name: 'lateral.png', mimeType: 'image/png', buffer: png(320, 240, [20, 90, 200]) },
    ]);
    await page.getByText('Não enviada: Tipo de arquivo não aceito.', { exact: true }).waitFor();
    await page.getByText('2 fotos enviadas.', { exact: true }).waitFor();
    const first = page.getByRole('img', { name: 'Foto 1 de Chevrolet Onix 1.0 Turbo LT' });
    const second = page.getByRole('img', { name: 'Foto 2 de Chevrolet Onix 1.0 Turbo LT' });
    await first.waitFor();
    await second.waitFor();
    // The thumbnails are real images, decoded by the browser (from blobs fetched with the token).
    await expect.poll(() => first.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await first.getAttribute('src')).toMatch(/^blob:/);
    // A file the browser already knows is wrong never leaves it.
    await page.getByLabel('Escolher fotos').setInputFiles([{ name: 'laudo.pdf', mimeType: 'application/pdf', buffer: PDF }]);
    await expect.poll(() => page.getByText('Não enviada: Tipo de arquivo não aceito.', { exact: true }).count()).toBe(2);
    await page.getByRole('button', { name: 'Dispensar laudo.pdf' }).click();
    await page.getByRole('button', { name: 'Dispensar falsa.png' }).click();

    // The first photo is the cover; make the second one the cover, then move it first.
    const cover = (n: number) => page.getByRole('button', { name: `Abrir foto ${n} (capa)`, exact: true });
    await cover(1).waitFor();
    await page.getByRole('button', { name: 'Usar foto 2 como capa' }).click();
    await page.getByText('Capa alterada.', { exact: true }).waitFor();
    await cover(2).waitFor();
    expect(await cover(1).count()).toBe(0);
    await page.getByRole('button', { name: 'Mover foto 2 para antes' }).click();
    await cover(1).waitFor();
    const id = vehicleUrl.split('/').pop();
    const listed = await ownerApi<{ items: Array<{ isCover: boolean; originalFilename: string }> }>(`/api/v1/vehicles/${id}/photos`);
    expect(listed.items.map((p) => [p.originalFilename, p.isCover])).toEqual([
      ['lateral.png', true],
      ['frente.png', false],
    ]);

    // The full photo opens in a dialog.
    await page.getByRole('button', { name: 'Abrir foto 1 (capa)' }).click();
    const viewer = page.getByRole('dialog', { name: 'Foto 1 de 2' });
    const full = viewer.getByRole('img', { name: 'Foto 1 de Chevrolet Onix 1.0 Turbo LT' });
    await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    await expectAccessible(page, 'photo viewer');
    await viewer.getByRole('button', { name: 'Próxima foto' }).click();
    await page.getByRole('dialog', { name: 'Foto 2 de 2' }).waitFor();
    await page.keyboard.press('Escape');

    // A document: the kind is required, then it uploads, lists and downloads.
    await page.getByLabel('Arquivo', { exact: true }).setInputFiles({ name: 'laudo-cautelar.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Enviar documento' }).click();
    await page.getByText('Preencha este campo.').waitFor();
    await page.getByLabel('Tipo', { exact: true }).selectOption({ label: 'Laudo cautelar' });
    await page.getByRole('button', { name: 'Enviar documento' }).click();
    await page.getByText('Documento enviado.', { exact: true }).waitFor();
    await page.getByRole('cell', { name: 'laudo-cautelar.pdf', exact: true }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Baixar laudo-cautelar.pdf' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.pdf$/);
    expect(readFileSync((await file.path()) as string, 'latin1').startsWith('%PDF')).toBe(true);
    await expectAccessible(page, 'vehicle detail with photos and documents');
    await screenshot(page, 'vehicle-media-desktop');

    // Deleting asks first.
    await page.getByRole('button', { name: 'Excluir foto 2' }).click();
    await page.getByRole('dialog', { name: 'Excluir foto?' }).getByRole('button', { name: 'Excluir' }).click();
    await page.getByText('Foto excluída.', { exact: true }).waitFor();
    await page.getByText('1 foto', { exact: true }).waitFor();

    // On a phone: the camera button, the gallery in two columns.
    const phone = await context.newPage();
    opened.push(phone);
    await phone.setViewportSize(PHONE);
    await phone.goto(vehicleUrl);
    await phone.getByRole('img', { name: 'Foto 1 de Chevrolet Onix 1.0 Turbo LT' }).waitFor();
    await phone.getByText('Tirar foto').waitFor();
    expect(await phone.getByLabel('Tirar foto').getAttribute('capture')).toBe('environment');
    await expectAccessible(phone, 'vehicle detail (phone)');
    await screenshot(phone, 'vehicle-media-phone');
    await context.close();
  });
});

describe('spreadsheets', () => {
  it('imports a CSV after a dry run shows its bad row, then exports the filtered list', async () => {
    const { context, page } = await signedIn('/inventory');
    await page.getByRole('link', { name: 'Importar planilha' }).click();
    await page.waitForURL(`${origin}/inventory/import`);
    await page.getByRole('heading', { name: 'Importar veículos' }).waitFor();
    await expectAccessible(page, 'import');
    await screenshot(page, 'import-desktop');

    const csv = [
      'placa;marca;modelo;versão;ano;km;combustível;câmbio;condição;preço (R$);loja',
      'IMP1A23;Renault;Kwid;Zen 1.0;2022;15.000;flex;manual;usado;52.990,00;Matriz Pinheiros',
      'XYZ;Renault;Sandero;;2021;20.000;flex;manual;usado;45.000,00;Matriz Pinheiros',
    ].join('\r\n');
    await page.getByLabel('Planilha (CSV ou XLSX)').setInputFiles({ name: 'estoque.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: 'Validar' }).click();
    await page.getByRole('heading', { name: 'Resultado da validação (nada foi gravado)' }).waitFor();
    // The bad row by its spreadsheet number (the header is row 1), vehicle, column, value and message.
    await page.getByRole('row', { name: '3 XYZ placa XYZ Placa inválida: use ABC1234 ou, no padrão Mercosul, ABC1D23.' }).waitFor();
    const count = (label: string) => page.getByText(label, { exact: true }).locator('..').locator('dd').textContent();
    expect(await count('Novos')).toBe('1');
    expect(await count('Com erro')).toBe('1');
    // A dry run writes nothing.
    const before = await ownerApi<{ total: number }>('/api/v1/vehicles?q=IMP1A23');
    expect(before.total).toBe(0);
    await expectAccessible(page, 'import dry run result');
    await screenshot(page, 'import-dry-run-desktop');

    await page.getByRole('button', { name: 'Importar', exact: true }).click();
    await page.getByRole('heading', { name: 'Importação concluída' }).waitFor();
    expect(await count('Novos')).toBe('1');
    await page.getByRole('link', { name: 'Ver o estoque' }).click();
    await page.waitForURL(`${origin}/inventory`);
    await page.getByRole('searchbox', { name: 'Buscar' }).fill('kwid');
    await page.waitForURL(/q=kwid/);
    await page.getByRole('link', { name: 'Renault Kwid Zen 1.0' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: /Chevrolet Onix/ }).count()).toBe(0);

    // The export is the filtered list, under the server's file name.
    await page.getByRole('button', { name: 'Exportar', exact: true }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'Planilha CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^veiculos-e2e-\d{8}-\d{4}\.csv$/);
    const text = readFileSync((await file.path()) as string, 'utf8');
    expect(text).toContain('IMP1A23');
    expect(text).not.toContain('Onix');
    await page.getByText(`Arquivo ${file.suggestedFilename()} baixado.`, { exact: true }).waitFor();

    const phone = await context.newPage();
    opened.push(phone);
    await phone.setViewportSize(PHONE);
    await phone.goto(`${origin}/inventory/import`);
    await phone.getByRole('heading', { name: 'Importar veículos' }).waitFor();
    await expectAccessible(phone, 'import (phone)');
    await screenshot(phone, 'import-phone');
    await phone.goto(`${origin}/inventory`);
    await phone.getByRole('button', { name: 'Exportar', exact: true }).waitFor();
    await screenshot(phone, 'inventory-actions-phone');
    await context.close();
  });
});
