// A store's logo, the one its quotes and sales orders print: the Owner on a desktop opens Lojas,
// is refused a file over 5 MB before it travels, sends a PNG (over the store's version), sees it
// in the dialog and in the list, then removes it after confirming. On a phone the list with a
// logo fits the screen. Axe on every screen; screenshots in e2e/screenshots/store-logo-*.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, keepFailurePictures, launch, openSignedIn, rgbaPng, screenshot } from './browser';
import { as } from './deals';
import { OWNER, PASSWORD, TENANT } from './server';

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const storeId = inject('storeId');
const opened: Page[] = [];
const STORE = 'Matriz Pinheiros';

interface StoreView {
  id: string;
  name: string;
  version: number;
  logo: { width: number; height: number; sizeBytes: number; sha256: string } | null;
}

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
keepFailurePictures(opened);

/**
 * A 240 x 80 logo with a transparent background, as a dealer's designer would hand it over: a
 * navy disc and two orange bars where the name would be. Built here, so no fixture file.
 */
function logoPng(): Buffer {
  const [w, h] = [240, 80];
  const pixel = (x: number, y: number): [number, number, number, number] => {
    if ((x - 40) ** 2 + (y - 40) ** 2 <= 30 ** 2) return [18, 52, 77, 255];
    if (x >= 84 && x < 228 && y >= 20 && y < 38) return [234, 88, 12, 255];
    if (x >= 84 && x < 190 && y >= 46 && y < 58) return [18, 52, 77, 255];
    return [0, 0, 0, 0];
  };
  return rgbaPng(w, h, pixel);
}

async function ownerToken(): Promise<string> {
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Tenant': TENANT },
    body: JSON.stringify({ email: OWNER, password: PASSWORD }),
  });
  return ((await login.json()) as { accessToken: string }).accessToken;
}

async function getStore(): Promise<StoreView> {
  const owner = await as(port);
  return (await owner<StoreView>('GET', `/api/v1/stores/${storeId}`)).body;
}

/** Loaded and decoded by the browser, not only in the page. */
async function expectDecoded(page: Page, name: string, nth = 0) {
  const img = page.getByRole('img', { name, exact: true }).nth(nth);
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
  expect(await img.getAttribute('src')).toMatch(/^blob:/);
}

describe('a store’s logo', () => {
  it('is sent, shown and removed by the Owner', async () => {
    expect((await getStore()).logo ?? null).toBeNull();
    const { context, page } = await openSignedIn(browser, opened, { url: `${origin}/`, email: OWNER, password: PASSWORD, viewport: DESKTOP });
    await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Lojas' }).click();
    await page.waitForURL(`${origin}/admin/stores`);
    await page.getByRole('heading', { name: 'Lojas', level: 1 }).waitFor();
    const row = page.getByRole('main').getByRole('listitem').filter({ hasText: STORE });
    // Without a logo, the initials the documents print instead.
    await row.getByText('MP', { exact: true }).waitFor();

    await page.getByRole('button', { name: `Editar ${STORE}` }).click();
    const dialog = page.getByRole('dialog', { name: `Editar ${STORE}` });
    await dialog.getByText('Sem logotipo', { exact: true }).waitFor();
    await dialog.getByText(/^PNG com fundo transparente fica melhor; aparece no topo das propostas e pedidos\./).waitFor();
    await expectAccessible(page, 'store dialog without a logo');

    // Over 5 MB: refused in the browser, nothing sent.
    let sent = 0;
    page.on('request', (r) => {
      if (r.method() === 'PUT' && r.url().endsWith(`/api/v1/stores/${storeId}/logo`)) sent += 1;
    });
    await dialog.getByLabel('Enviar logotipo').setInputFiles({ name: 'logo-enorme.png', mimeType: 'image/png', buffer: Buffer.alloc(5 * 1024 * 1024 + 1) });
    await dialog.getByRole('alert').getByText('O arquivo passa de 5 MB, o limite do logotipo. Reduza a imagem e envie de novo.').waitFor();
    expect(sent).toBe(0);
    await screenshot(page, 'store-logo-refused-desktop');

    // A real PNG: sent as multipart over the store's version, stored and shown.
    const { version } = await getStore();
    const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith(`/api/v1/stores/${storeId}/logo`));
    await dialog.getByLabel('Enviar logotipo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logoPng() });
    const request = await put;
    expect(request.headers()['if-match']).toBe(`"${version}"`);
    expect(request.headers()['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect((await request.response())?.status()).toBe(200);
    await page.getByText(`Logotipo da ${STORE} salvo.`, { exact: true }).waitFor();
    expect(await dialog.getByRole('alert').count()).toBe(0);
    await dialog.getByLabel('Trocar logotipo').waitFor();
    await expectDecoded(page, `Logotipo da ${STORE}`);
    const stored = await getStore();
    expect(stored.version).toBe(version + 1);
    expect(stored.logo).toMatchObject({ width: 240, height: 80 });
    await expectAccessible(page, 'store dialog with a logo');
    await screenshot(page, 'store-logo-dialog-desktop');

    // Closed, the list shows the thumbnail in place of the initials.
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expectDecoded(page, `Logotipo da ${STORE}`);
    expect(await row.getByText('MP', { exact: true }).count()).toBe(0);
    await expectAccessible(page, 'stores with a logo');
    await screenshot(page, 'store-logo-list-desktop');

    // Removing asks first, then the documents go back to the initials.
    await page.getByRole('button', { name: `Editar ${STORE}` }).click();
    await dialog.getByRole('button', { name: 'Remover logotipo' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remover o logotipo?' });
    await confirm.getByText(`As propostas e os pedidos da ${STORE} passam a mostrar as iniciais da loja no lugar dele.`).waitFor();
    await expectAccessible(page, 'removing the logo');
    await confirm.getByRole('button', { name: 'Remover logotipo' }).click();
    await page.getByText(`Logotipo da ${STORE} removido.`, { exact: true }).waitFor();
    await dialog.getByText('Sem logotipo', { exact: true }).waitFor();
    expect((await getStore()).logo ?? null).toBeNull();
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await row.getByText('MP', { exact: true }).waitFor();
    expect(await page.getByRole('img', { name: `Logotipo da ${STORE}` }).count()).toBe(0);
    await context.close();
  });

  it('fits a phone in the list and in the dialog', async () => {
    // A logo set behind the browser's back, taken away again after.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(logoPng())], { type: 'image/png' }), 'logo.png');
    const token = await ownerToken();
    const headers = { 'X-Tenant': TENANT, Authorization: `Bearer ${token}` };
    const set = await fetch(`http://127.0.0.1:${port}/api/v1/stores/${storeId}/logo`, { method: 'PUT', headers, body: form });
    expect(set.status).toBe(200);
    try {
      const { context, page } = await openSignedIn(browser, opened, { url: `${origin}/admin/stores`, email: OWNER, password: PASSWORD, viewport: PHONE });
      await page.getByRole('heading', { name: 'Lojas', level: 1 }).waitFor();
      await expectDecoded(page, `Logotipo da ${STORE}`);
      await page.getByRole('main').getByRole('listitem').filter({ hasText: 'Filial Campinas' }).getByText('FC', { exact: true }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await expectAccessible(page, 'stores with a logo on a phone');
      await screenshot(page, 'store-logo-list-phone');

      await page.getByRole('button', { name: `Editar ${STORE}` }).click();
      const dialog = page.getByRole('dialog', { name: `Editar ${STORE}` });
      await dialog.getByLabel('Trocar logotipo').waitFor();
      await expectDecoded(page, `Logotipo da ${STORE}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      // The buttons are within the dialog's width, each a full touch target.
      const box = (await dialog.boundingBox())!;
      for (const control of [dialog.locator('label', { hasText: 'Trocar logotipo' }), dialog.getByRole('button', { name: 'Remover logotipo' })]) {
        const b = (await control.boundingBox())!;
        expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width);
        expect(b.height).toBeGreaterThanOrEqual(44);
      }
      await expectAccessible(page, 'store dialog on a phone');
      await screenshot(page, 'store-logo-dialog-phone');
      await context.close();
    } finally {
      const removed = await fetch(`http://127.0.0.1:${port}/api/v1/stores/${storeId}/logo`, { method: 'DELETE', headers });
      expect(removed.status).toBe(200);
    }
  });
});
