// The stock list as a sales floor uses it: a salesperson on a phone finds a car by make and price
// in the bottom-sheet filters, the list says when it is loading or cannot load, and a manager on a
// desktop opens the list each home figure counts.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PHONE, expectAccessible, keepFailurePictures, launch, png, screenshot } from './browser';
import { sell } from './deals';
import { OWNER, PASSWORD, TENANT } from './server';

/** The manager's desk: the 1366x768. */
const DESKTOP = { width: 1366, height: 768 };

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const storeId = inject('storeId');
const opened: Page[] = [];

beforeAll(async () => {
  browser = await launch();
  await arrange();
});
afterAll(async () => {
  await browser?.close();
});
keepFailurePictures(opened);

async function signedIn(email: string, path: string, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
  const page = await context.newPage();
  opened.push(page);
  await page.goto(`${origin}${path}`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { context, page };
}

let token = '';
async function ownerApi<T>(method: string, path: string, body?: unknown, form?: FormData): Promise<T> {
  if (!token) {
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Tenant': TENANT },
      body: JSON.stringify({ email: OWNER, password: PASSWORD }),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
  }
  const headers: Record<string, string> = { 'X-Tenant': TENANT, Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body: form ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json as T;
}

/** A real PNG in one colour, so the journey needs no fixture file. */

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

/** This journey's salesperson (another journey changes the shared one's password). */
const SELLER = 'ana.vendas@e2e.innexar.test';

/**
 * This journey's cars, its own so that other journeys' changes do not move its numbers: two
 * Chevrolets under R$ 90.000 (one with a photo), one over it, a sold one the stock list leaves out
 * by default, one in stock for 400 days (the longest), and a Volkswagen.
 */
async function arrange() {
  await ownerApi('POST', '/api/v1/users', { email: SELLER, name: 'Ana Vendas', roles: ['sales'], password: PASSWORD });
  const car = (make: string, model: string, trim: string, priceCents: number, extra: object = {}) =>
    ownerApi<{ id: string }>('POST', '/api/v1/vehicles', {
      storeId,
      make,
      model,
      trim,
      year: 2022,
      mileageKm: 41_000,
      fuel: 'flex',
      transmission: 'manual',
      condition: 'used',
      priceCents,
      costCents: priceCents - 1_000_000,
      status: 'available',
      ...extra,
    });
  const spin = await car('Chevrolet', 'Spin', '1.8 LTZ', 8_490_000);
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png(320, 240, [200, 30, 30]))], { type: 'image/png' }), 'spin.png');
  await ownerApi('POST', `/api/v1/vehicles/${spin.id}/photos`, undefined, form);
  await car('Chevrolet', 'Prisma', '1.4 LTZ', 5_990_000);
  await car('Chevrolet', 'Tracker', '1.2 Turbo Premier', 13_990_000);
  await car('Volkswagen', 'Saveiro', '1.6 Robust', 8_890_000);
  const sold = await car('Chevrolet', 'Cruze', '1.4 Turbo LT', 8_500_000);
  // Sold as the desk sells (a status change no longer sells a car, ADR 0025).
  await sell(port, storeId, sold.id);
  await car('Renault', 'Logan', '1.0 Life', 5_290_000, { enteredAt: daysAgo(400) });
}

const link = (page: Page, name: string) => page.getByRole('link', { name });

/** The home figures fit their cards: no amount runs past its border. */
async function expectFiguresFit(page: Page) {
  const cards = page.getByRole('link', { name: /Veículos em estoque|Tempo médio|Valor do estoque|Parados há mais/ });
  expect(await cards.count()).toBe(4);
  for (const card of await cards.all()) {
    const overflow = await card.evaluate((el) => Array.from(el.querySelectorAll('span')).some((s) => s.scrollWidth > el.clientWidth));
    expect(overflow, await card.innerText()).toBe(false);
  }
}

/**
 * Nothing on the page is cut off sideways: the page does not scroll sideways, no box scrolls or
 * clips its content, and nothing sticks out of the main area.
 */
async function expectNoCutOffs(page: Page, what: string) {
  const cut = await page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) out.push(`the page: ${doc.scrollWidth} > ${doc.clientWidth}`);
    const main = document.querySelector('main');
    if (!main) return ['no main'];
    const area = main.getBoundingClientRect();
    for (const el of Array.from(main.querySelectorAll<HTMLElement>('*'))) {
      const name = `${el.tagName.toLowerCase()} "${(el.innerText ?? '').slice(0, 30)}"`;
      const box = el.getBoundingClientRect();
      // Nothing to see, or the screen-reader-only kind (1 px, clipped on purpose).
      if (box.width <= 1 || box.height <= 1) continue;
      if (box.right > area.right + 1 || box.left < area.left - 1) out.push(`${name} sticks out of main`);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1) {
        out.push(`${name} cuts its content: ${el.scrollWidth} > ${el.clientWidth}`);
      }
    }
    return out;
  });
  expect(cut, what).toEqual([]);
}

/**
 * Every control under `scope` a finger can hit is at least 44 x 44 px (a 1 px box is the
 * screen-reader-only kind, which nobody taps).
 */
async function expectTouchTargets(scope: Locator, what: string) {
  const controls = scope.locator('input:not([type=checkbox]):not([type=radio]), select, textarea, button, a[href], [role=menuitem], label:has(input[type=checkbox])');
  let measured = 0;
  for (const control of await controls.all()) {
    const box = await control.boundingBox();
    if (!box || box.width <= 1 || box.height <= 1) continue;
    const name = (await control.getAttribute('aria-label')) ?? ((await control.innerText()) || (await control.getAttribute('name')) || (await control.getAttribute('type')));
    expect(box.height, `${what}: ${name}`).toBeGreaterThanOrEqual(44);
    expect(box.width, `${what}: ${name}`).toBeGreaterThanOrEqual(44);
    measured++;
  }
  expect(measured, what).toBeGreaterThan(0);
}

/** The summary and aging reports of a dealer forty times this one: amounts in the tens of millions. */
async function bigDealer(page: Page) {
  const scale = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(scale);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'number' && /Cents$/.test(k) ? x * 40 : typeof x === 'number' && k === 'vehicles' ? x * 40 : scale(x)]));
    }
    return v;
  };
  await page.route(/\/api\/v1\/reports\//, async (route) => {
    // Playwright's own request cannot resolve the tenant's host name: the same call by address.
    const url = new URL(route.request().url());
    const res = await route.fetch({ url: `http://127.0.0.1:${port}${url.pathname}${url.search}`, headers: { ...route.request().headers(), 'x-tenant': TENANT } });
    await route.fulfill({ response: res, json: scale(await res.json()) });
  });
}

/** The list's count line: "1 veículo", "12 veículos", "Nenhum veículo". */
async function listCount(page: Page): Promise<number> {
  const line = page.getByText(/^(\d+(\.\d+)*) veículos?$|^Nenhum veículo$/);
  await line.waitFor();
  const text = await line.innerText();
  return text.startsWith('Nenhum') ? 0 : Number(text.replace(/\D/g, ''));
}

describe('a salesperson on a phone', () => {
  it('finds a car by make and price in the filter sheet, sees its photo, applies with Enter, and is told when the network is gone', async () => {
    const { context, page } = await signedIn(SELLER, '/inventory', PHONE);
    await link(page, 'Chevrolet Spin 1.8 LTZ').waitFor();
    // The stock by default: the sold Cruze is not offered.
    expect(await page.getByRole('button', { name: 'Em estoque', pressed: true }).count()).toBe(1);
    expect(await link(page, 'Chevrolet Cruze 1.4 Turbo LT').count()).toBe(0);
    // The first car is near the top of the phone's screen, not below the controls.
    const first = await page.getByRole('listitem').filter({ has: page.getByRole('link') }).first().boundingBox();
    expect(first?.y).toBeLessThan(330);
    // Every control of the bar and the chips is a 44 px touch target.
    for (const name of ['Buscar', 'Filtros', 'Em estoque', 'Todos', 'Disponível', 'Página anterior', 'Próxima página']) {
      const box = await page.getByRole(name === 'Buscar' ? 'searchbox' : 'button', { name, exact: true }).boundingBox();
      expect(box?.height, name).toBeGreaterThanOrEqual(44);
      expect(box?.width, name).toBeGreaterThanOrEqual(44);
    }
    const sort = await page.getByRole('button', { name: /^Ordenar por/ }).boundingBox();
    expect(sort?.height).toBeGreaterThanOrEqual(44);
    // So is every control of the shell: the menu button, the store picker, the user menu...
    await page.getByRole('combobox', { name: 'Loja atual' }).waitFor();
    await expectTouchTargets(page.locator('header'), 'the shell');
    // ...the menu's entries and its close button...
    await page.getByRole('button', { name: 'Abrir menu' }).click();
    const drawer = page.getByRole('dialog', { name: 'Navegação principal' });
    await expectTouchTargets(drawer, 'the menu');
    await drawer.getByRole('button', { name: 'Fechar' }).last().click();
    await drawer.waitFor({ state: 'detached' });
    // ...the user menu's items, and the form it opens: fields and buttons.
    await page.getByRole('button', { name: /^Menu de Ana Vendas/ }).click();
    await expectTouchTargets(page.getByRole('menu'), 'the user menu');
    await page.getByRole('menuitem', { name: 'Alterar senha' }).click();
    const password = page.getByRole('dialog', { name: 'Alterar senha' });
    await password.getByLabel('Senha atual').waitFor();
    await expectTouchTargets(password, 'the password form');
    await password.getByRole('button', { name: 'Cancelar' }).click();
    await password.waitFor({ state: 'detached' });
    await expectAccessible(page, 'stock list on a phone');
    await screenshot(page, 'stock-list-phone');

    // The search.
    await page.getByRole('searchbox', { name: 'Buscar' }).fill('spin');
    await page.waitForURL(/q=spin/);
    await expect.poll(() => link(page, 'Chevrolet Onix 1.0 Turbo LT').count()).toBe(0);
    await link(page, 'Chevrolet Spin 1.8 LTZ').waitFor();
    await page.getByRole('searchbox', { name: 'Buscar' }).fill('');
    await page.waitForURL((u) => !u.search.includes('q='));

    // The sheet: the make typed as "chev" and picked from the suggestions, a price in reais.
    await page.getByRole('button', { name: 'Filtros' }).click();
    const sheet = page.getByRole('dialog', { name: 'Filtros' });
    await sheet.waitFor();
    const make = sheet.getByRole('combobox', { name: 'Marca' });
    await make.fill('chev');
    const chevrolet = sheet.getByRole('option', { name: /Chevrolet/ });
    await chevrolet.waitFor();
    await expectAccessible(page, 'make suggestions');
    await screenshot(page, 'stock-filters-make-phone');
    await chevrolet.click();
    expect(await make.inputValue()).toBe('Chevrolet');
    const priceMax = sheet.getByLabel('Preço até (R$)');
    await priceMax.pressSequentially('9000000');
    expect(await priceMax.inputValue()).toBe('90.000,00');
    // Every field of the sheet's form and its buttons are 44 px touch targets.
    await expectTouchTargets(sheet, 'the filter sheet');
    await expectAccessible(page, 'filter sheet');
    await screenshot(page, 'stock-filters-phone');
    await sheet.getByRole('button', { name: 'Aplicar' }).click();
    await sheet.waitFor({ state: 'detached' });
    // 90.000,00 is 9000000 centavos: R$ 90 mil, in reais in the shareable address.
    await page.waitForURL(/make=Chevrolet.*priceMax=90000(&|$)/);
    // (Polled: until the answer lands, the dimmed earlier list still holds the Tracker.)
    await expect.poll(() => link(page, 'Chevrolet Tracker 1.2 Turbo Premier').count()).toBe(0);
    await expect.poll(() => page.locator('main [aria-busy="true"]').count()).toBe(0);
    await link(page, 'Chevrolet Spin 1.8 LTZ').waitFor();
    await link(page, 'Chevrolet Prisma 1.4 LTZ').waitFor();
    expect(await link(page, 'Volkswagen Saveiro 1.6 Robust').count()).toBe(0);
    expect(await link(page, 'Chevrolet Cruze 1.4 Turbo LT').count()).toBe(0);
    // The count says what is listed.
    const rows = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: /^Chevrolet / }) });
    expect(await listCount(page)).toBe(await rows.count());
    // Its cover photo, loaded with the user's token; a car with none gets the drawing.
    const spinRow = page.getByRole('listitem').filter({ has: link(page, 'Chevrolet Spin 1.8 LTZ') });
    await expect.poll(() => spinRow.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const prismaRow = page.getByRole('listitem').filter({ has: link(page, 'Chevrolet Prisma 1.4 LTZ') });
    expect(await prismaRow.locator('[data-thumb="placeholder"]').count()).toBe(1);
    // A car without a placa leaves it out of its line: no dash stands for it.
    const line = await prismaRow.innerText();
    expect(line).toMatch(/^2022\/2022 · 41\.000\skm$/m);
    expect(line).not.toMatch(/[–—]/);
    await page.getByRole('button', { name: /^Remover filtro Chevrolet/ }).waitFor();
    await expectAccessible(page, 'filtered stock list');
    await screenshot(page, 'stock-list-filtered-phone');

    // Enter in a field applies: the price down to R$ 80.000,00 leaves the Spin out.
    await page.getByRole('button', { name: 'Filtros (2 ativos)' }).click();
    await sheet.waitFor();
    expect(await sheet.getByRole('combobox', { name: 'Marca' }).inputValue()).toBe('Chevrolet');
    await sheet.getByLabel('Preço até (R$)').fill('');
    await sheet.getByLabel('Preço até (R$)').pressSequentially('8000000');
    await sheet.getByLabel('Preço até (R$)').press('Enter');
    await sheet.waitFor({ state: 'detached' });
    await page.waitForURL(/priceMax=80000(&|$)/);
    await expect.poll(() => link(page, 'Chevrolet Spin 1.8 LTZ').count()).toBe(0);
    await link(page, 'Chevrolet Prisma 1.4 LTZ').waitFor();

    // The network goes: a new filter shows the failure, not the old list as if it were the answer.
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Todos', exact: true }).click();
    const failure = page.getByRole('alert').filter({ hasText: 'Sem conexão com o servidor.' });
    await failure.waitFor();
    expect(await link(page, 'Chevrolet Prisma 1.4 LTZ').count()).toBe(0);
    expect(await page.getByText(/^\d+ veículos?$/).count()).toBe(0);
    await expectAccessible(page, 'stock list offline');
    await screenshot(page, 'stock-list-offline-phone');
    // Back online, "Tentar de novo" brings the list (if the browser did not already retry).
    await context.setOffline(false);
    const retry = page.getByRole('button', { name: 'Tentar de novo' });
    if (await retry.isVisible()) await retry.click().catch(() => undefined);
    // "Todos" under R$ 80.000,00: the Prisma again.
    await link(page, 'Chevrolet Prisma 1.4 LTZ').waitFor();
    await failure.waitFor({ state: 'detached' });

    // A failing server (not an offline browser) also ends in the error, and the retry works.
    const vehicleList = (u: URL) => u.pathname === '/api/v1/vehicles';
    await page.route(vehicleList, (r) => r.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Vendido', exact: true }).click();
    await failure.waitFor({ timeout: 15_000 });
    expect(await link(page, 'Chevrolet Prisma 1.4 LTZ').count()).toBe(0);
    await page.unroute(vehicleList);
    await page.getByRole('button', { name: 'Tentar de novo' }).click();
    await failure.waitFor({ state: 'detached' });
    // The sold Chevrolets under R$ 80.000,00 (the available Prisma is not one).
    await listCount(page);
    expect(await link(page, 'Chevrolet Prisma 1.4 LTZ').count()).toBe(0);

    // The home screen on the phone: its figures fit, and "em estoque" opens the stock list.
    await page.getByRole('button', { name: 'Abrir menu' }).click();
    await page.getByRole('link', { name: 'Início' }).click();
    await link(page, 'Veículos em estoque').waitFor();
    await expectFiguresFit(page);
    await expectAccessible(page, 'home on a phone');
    await screenshot(page, 'home-phone');
  });
});

describe('a manager at a desk', () => {
  it('opens the list each home figure counts, with the same number, and sorts by days in stock', async () => {
    const { page } = await signedIn(OWNER, '/', DESKTOP);
    const over90 = link(page, 'Parados há mais de 90 dias');
    await over90.waitFor();
    const figure = async (name: string) => Number((await link(page, name).innerText()).split('\n').at(-1)?.replace(/\D/g, ''));
    const inStock = await figure('Veículos em estoque');
    const old = await figure('Parados há mais de 90 dias');
    expect(old).toBeGreaterThanOrEqual(1);
    await expectFiguresFit(page);
    // The owner sees the cost with reconditioning and the margin.
    await link(page, 'Valor do estoque').getByText(/^Margem: R\$/).waitFor();
    await page.getByRole('columnheader', { name: 'A custo' }).waitFor();
    await expectNoCutOffs(page, 'home at 1366');
    await expectAccessible(page, 'home');
    await screenshot(page, 'home-desktop');

    await over90.click();
    await page.waitForURL(/\/inventory\?.*daysMin=91/);
    expect(await listCount(page)).toBe(old);
    // Longest in stock first: the Logan's 400 days.
    const firstRow = page.getByRole('row').nth(1);
    await firstRow.getByRole('link', { name: 'Renault Logan 1.0 Life' }).waitFor();
    await expectAccessible(page, 'the over-90-days list');
    await screenshot(page, 'stock-list-over90-desktop');

    await page.goto(`${origin}/`);
    await link(page, 'Veículos em estoque').click();
    await page.waitForURL(/\/inventory/);
    expect(await listCount(page)).toBe(inStock);
    expect(await link(page, 'Chevrolet Cruze 1.4 Turbo LT').count()).toBe(0);
    await expectAccessible(page, 'stock list on a desk');
    await screenshot(page, 'stock-list-desktop');

    // A status row opens that status's list.
    await page.goto(`${origin}/`);
    const soldRow = page.getByRole('link', { name: /^Vendido: / });
    const sold = Number((await soldRow.getAttribute('aria-label'))?.replace(/\D/g, ''));
    await soldRow.click();
    await page.waitForURL(/status=sold/);
    expect(await listCount(page)).toBe(sold);
    await link(page, 'Chevrolet Cruze 1.4 Turbo LT').waitFor();

    // The stock by days in stock, through the sort menu, the desktop table showing the days.
    await page.getByRole('button', { name: 'Em estoque', exact: true }).click();
    await page.getByRole('button', { name: /^Ordenar por/ }).click();
    await page.getByRole('menuitemradio', { name: 'Mais tempo em estoque' }).click();
    await page.waitForURL(/sort=-daysInStock/);
    await page.getByRole('row').nth(1).getByRole('link', { name: 'Renault Logan 1.0 Life' }).waitFor();
    const days = await page.getByRole('row').nth(1).getByRole('cell').last().innerText();
    expect(Number(days.replace(/\D/g, ''))).toBeGreaterThanOrEqual(399);
    // Desk density: the headers stay on one line and more than ten rows fit the screen.
    for (const th of await page.getByRole('columnheader').all()) {
      const b = await th.boundingBox();
      if (b && b.height > 0) expect(b.height, await th.innerText()).toBeLessThan(40);
    }

    // The filters panel sits above the results, which stay in view.
    await page.getByRole('button', { name: 'Filtros' }).click();
    await page.getByRole('combobox', { name: 'Marca' }).fill('vw');
    await page.getByRole('option', { name: /Volkswagen/ }).click();
    await page.getByRole('combobox', { name: 'Marca' }).press('Enter');
    await page.waitForURL(/make=Volkswagen/);
    await link(page, 'Volkswagen Saveiro 1.6 Robust').waitFor();
    // (Polled: until the answer lands, the dimmed earlier list may hold the car further down.)
    const bottom = async () => {
      const row = await link(page, 'Volkswagen Saveiro 1.6 Robust').boundingBox();
      return (row?.y ?? 9999) + (row?.height ?? 0);
    };
    await expect.poll(bottom).toBeLessThan(DESKTOP.height);
    await expectAccessible(page, 'stock list with the filters panel');
    await screenshot(page, 'stock-list-filters-desktop');

    // Home for a dealer forty times this one, amounts in the tens of millions: nothing is cut
    // off at 1366, at 1280, nor on a phone, where the aging reads one block per bucket.
    await bigDealer(page);
    await page.goto(`${origin}/`);
    await page.getByRole('link', { name: 'Total' }).waitFor();
    const amount = link(page, 'Valor do estoque').getByText(/^R\$\s\d{1,3}(\.\d{3}){2,},\d{2}$/);
    await amount.waitFor();
    // The amount on one line, not broken in the middle of its digits.
    const lines = () => amount.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
    expect(await lines()).toBe(1);
    await expectFiguresFit(page);
    await expectNoCutOffs(page, 'a big dealer home at 1366');
    await screenshot(page, 'home-big-desktop');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await lines()).toBe(1);
    await expectFiguresFit(page);
    await expectNoCutOffs(page, 'a big dealer home at 1280');
    await screenshot(page, 'home-big-1280-desktop');
    await page.setViewportSize(PHONE);
    await expect.poll(() => page.getByRole('table').count()).toBe(0);
    await page.getByRole('link', { name: '90+ dias' }).waitFor();
    expect(await lines()).toBe(1);
    await expectFiguresFit(page);
    await expectNoCutOffs(page, 'a big dealer home on a phone');
    for (const bucket of ['0-30 dias', '90+ dias', 'Total']) {
      expect((await page.getByRole('link', { name: bucket, exact: true }).boundingBox())?.height, bucket).toBeGreaterThanOrEqual(44);
    }
    await expectAccessible(page, 'home with the aging on a phone');
    await screenshot(page, 'home-owner-phone');
    await page.unroute(/\/api\/v1\/reports\//);
    await page.setViewportSize(DESKTOP);
  });

  it('is told when the users list cannot refresh, and gets it back with "Tentar de novo"', async () => {
    const { context, page } = await signedIn(OWNER, '/admin/users', DESKTOP);
    const ana = page.getByRole('cell', { name: /^Ana Vendas/ });
    await ana.waitFor();
    // The network goes: a new search shows the failure and a retry, not the old rows as its answer.
    await context.setOffline(true);
    await page.getByLabel('Buscar por nome ou e-mail').fill('ana');
    const failure = page.getByRole('alert').filter({ hasText: 'Sem conexão com o servidor.' });
    await failure.waitFor();
    expect(await page.getByRole('row').count()).toBe(0);
    await failure.getByRole('button', { name: 'Tentar de novo' }).waitFor();
    await expectAccessible(page, 'users list offline');
    await screenshot(page, 'users-offline-desktop');
    // Back online, the retry brings the answer to the search (if the browser did not already).
    await context.setOffline(false);
    const retry = failure.getByRole('button', { name: 'Tentar de novo' });
    if (await retry.isVisible()) await retry.click().catch(() => undefined);
    await ana.waitFor();
    await failure.waitFor({ state: 'detached' });
    // The search's own answer replaces the rows shown meanwhile (the reconnect refetches them too).
    await expect.poll(() => page.getByRole('cell', { name: /^Dona Maria/ }).count()).toBe(0);

    // The stores list, with the server failing: the failure and a retry, then the stores.
    const stores = (u: URL) => u.pathname === '/api/v1/stores';
    await page.route(stores, (r) => r.abort('connectionrefused'));
    await page.goto(`${origin}/admin/stores`);
    await failure.waitFor({ timeout: 15_000 });
    expect(await page.getByRole('main').getByRole('listitem').count()).toBe(0);
    await page.unroute(stores);
    await page.getByRole('main').getByRole('button', { name: 'Tentar de novo' }).click();
    await page.getByRole('main').getByRole('listitem').filter({ hasText: 'Filial Campinas' }).waitFor();
    await failure.waitFor({ state: 'detached' });
    await expectAccessible(page, 'stores list');
    await screenshot(page, 'stores-after-retry-desktop');
  });
});
