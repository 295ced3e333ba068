// The vehicle screen as a sales floor uses it: a salesperson on a phone shows and shares photos;
// a manager on a desktop meets only the actions the car's state and origin allow, is asked before
// losing an edit, and records an expense dated in the store's day, late in the evening.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, keepFailurePictures, launch, png, screenshot } from './browser';
import { sell } from './deals';
import { OWNER, PASSWORD, TENANT } from './server';

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const storeId = inject('storeId');
const opened: Page[] = [];

// Users of this file's own (another journey changes the fixture salesperson's password).
const SELLER = 'vendedora.fotos@e2e.innexar.test';
const MANAGER = 'gerente.loja@e2e.innexar.test';

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
keepFailurePictures(opened);

async function newPage(viewport = DESKTOP, phone = false) {
  const context = await browser.newContext({
    viewport,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    ...(phone ? { hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  opened.push(page);
  return { context, page };
}

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Opens `path` signed in as `email`. */
async function open(path: string, email: string, viewport = DESKTOP) {
  const phone = viewport === PHONE;
  const { context, page } = await newPage(viewport, phone);
  await page.goto(`${origin}${path}`);
  await signIn(page, email);
  return { context, page };
}

let token = '';
async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  if (!token) {
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Tenant': TENANT },
      body: JSON.stringify({ email: OWNER, password: PASSWORD }),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
  }
  const headers = new Headers(init.headers);
  headers.set('X-Tenant', TENANT);
  headers.set('Authorization', `Bearer ${token}`);
  if (typeof init.body === 'string') headers.set('content-type', 'application/json');
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body as T;
}

interface Vehicle {
  id: string;
  version: number;
  status: string;
}

async function vehicle(make: string, model: string, trim: string, origin: string, priceCents: number): Promise<Vehicle> {
  return api<Vehicle>('/api/v1/vehicles', {
    method: 'POST',
    body: JSON.stringify({ storeId, make, model, trim, year: 2022, modelYear: 2023, mileageKm: 41_000, fuel: 'flex', transmission: 'automatic', condition: 'used', origin, priceCents, costCents: priceCents - 1_000_000 }),
  });
}

/** A real PNG of `w` x `h` pixels in one colour. */

async function photo(v: Vehicle, name: string, colour: [number, number, number]) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png(800, 600, colour))], { type: 'image/png' }), name);
  await api(`/api/v1/vehicles/${v.id}/photos`, { method: 'POST', body: form });
}

/** A finger dragged across the screen, as Chromium's touch input delivers it. */
async function swipe(context: BrowserContext, page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
  for (let i = 1; i <= 6; i++) {
    const p = { x: from.x + ((to.x - from.x) * i) / 6, y: from.y + ((to.y - from.y) * i) / 6 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

let consigned: Vehicle;
let purchased: Vehicle;
let sold: Vehicle;

beforeAll(async () => {
  await api('/api/v1/users', { method: 'POST', body: JSON.stringify({ email: SELLER, name: 'Vera Vendedora', roles: ['sales'], password: PASSWORD }) });
  await api('/api/v1/users', { method: 'POST', body: JSON.stringify({ email: MANAGER, name: 'Gil Gerente', roles: ['store_manager'], password: PASSWORD }) });
  consigned = await vehicle('Renault', 'Duster', 'Iconic 1.3 Turbo', 'consignment', 10_990_000);
  await photo(consigned, 'frente.png', [200, 30, 40]);
  await photo(consigned, 'lateral.png', [20, 90, 200]);
  await photo(consigned, 'traseira.png', [30, 160, 60]);
  purchased = await vehicle('Jeep', 'Renegade', 'Longitude 1.3 T270', 'purchase', 11_450_000);
  sold = await vehicle('Nissan', 'Kicks', 'Advance 1.6 CVT', 'purchase', 9_890_000);
  // Held for its buyer, then sold through the desk (a status change no longer does either, ADR 0025).
  await sell(port, storeId, sold.id, { reserveFirst: true });
  sold = await api<Vehicle>(`/api/v1/vehicles/${sold.id}`);
});

describe('a salesperson on a phone', () => {
  it('swipes through a car photos full screen and shares one on WhatsApp with a link that works', async () => {
    const { context, page } = await open(`/inventory/${consigned.id}`, SELLER, PHONE);
    await page.getByRole('heading', { name: 'Renault Duster Iconic 1.3 Turbo' }).waitFor();
    await page.getByRole('img', { name: 'Foto 3 de Renault Duster Iconic 1.3 Turbo' }).waitFor();
    // Sales may not delete photos nor change a car's asking price (both are the manager's by default).
    expect(await page.getByRole('button', { name: 'Excluir foto 1' }).count()).toBe(0);
    // The car's actions and the photo controls are thumb-sized.
    for (const name of ['Reservar', 'Devolver ao consignante', 'Usar foto 2 como capa', 'Mover foto 2 para depois']) {
      const b = await page.getByRole('button', { name }).boundingBox();
      expect(b?.height, name).toBeGreaterThanOrEqual(44);
    }
    await expectAccessible(page, 'vehicle detail (salesperson, phone)');
    await screenshot(page, 'vehicle-detail-sales-phone');

    await page.getByRole('button', { name: 'Abrir foto 1 (capa)' }).tap();
    const viewer = page.getByRole('dialog', { name: /^Foto \d de 3$/ });
    await viewer.waitFor();
    const counter = viewer.getByText(/^\d de 3$/);
    expect(await counter.textContent()).toBe('1 de 3');
    const full = viewer.getByRole('img', { name: 'Foto 1 de Renault Duster Iconic 1.3 Turbo' });
    await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    // The viewer fills the phone's screen.
    const box = await viewer.boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });
    await expectAccessible(page, 'photo viewer (phone)');
    await screenshot(page, 'photo-viewer-phone');

    // Swiping to the left brings the next photo, to the right the previous one.
    await swipe(context, page, { x: 330, y: 420 }, { x: 60, y: 430 });
    await expect.poll(() => counter.textContent()).toBe('2 de 3');
    await swipe(context, page, { x: 330, y: 420 }, { x: 60, y: 410 });
    await expect.poll(() => counter.textContent()).toBe('3 de 3');
    await viewer.getByRole('img', { name: 'Foto 3 de Renault Duster Iconic 1.3 Turbo' }).waitFor();
    await swipe(context, page, { x: 60, y: 420 }, { x: 330, y: 420 });
    await expect.poll(() => counter.textContent()).toBe('2 de 3');
    // Every button of the viewer is a comfortable target for a thumb.
    for (const name of ['Compartilhar', 'Copiar link', 'Foto anterior', 'Próxima foto', 'Fechar fotos']) {
      const b = await viewer.getByRole('button', { name }).boundingBox();
      expect(b?.height, name).toBeGreaterThanOrEqual(44);
      expect(b?.width, name).toBeGreaterThanOrEqual(44);
    }

    // Compartilhar opens WhatsApp with the car, its price and a signed link to the photo on screen.
    await context.route('https://wa.me/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>WhatsApp</title>' }));
    const popup = page.waitForEvent('popup');
    await viewer.getByRole('button', { name: 'Compartilhar' }).tap();
    const wa = await popup;
    await wa.waitForLoadState();
    const shared = new URL(wa.url());
    expect(`${shared.origin}${shared.pathname}`).toBe('https://wa.me/');
    const text = shared.searchParams.get('text') ?? '';
    const link = /(https?:\/\/\S+)$/.exec(text)?.[1] ?? '';
    expect(text).toBe(`Renault Duster Iconic 1.3 Turbo 2022/2023 por R$\u00a0109.900,00. Veja a foto: ${link}`);
    expect(link).toMatch(new RegExp(`^${origin}/api/v1/links/[\\w.-]+$`));
    // The raw address carries the text encoded for a URL.
    expect(wa.url()).toBe(`https://wa.me/?text=${encodeURIComponent(text)}`);

    // A customer without any account opens it: the photo itself, the second one.
    const customer = await browser.newContext();
    const res = await (await customer.newPage()).goto(link);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-type']).toMatch(/^image\//);
    const listed = await api<{ items: Array<{ id: string; originalFilename: string; sizeBytes: number }> }>(`/api/v1/vehicles/${consigned.id}/photos`);
    expect((await res!.body()).length).toBe(listed.items[1]!.sizeBytes);
    await customer.close();

    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    await context.close();
  });

  it('meets no sale undo, no expense form and no price change it is not allowed', async () => {
    const { context, page } = await open(`/inventory/${sold.id}`, SELLER, PHONE);
    await page.getByRole('heading', { name: 'Nissan Kicks Advance 1.6 CVT' }).waitFor();
    await page.getByRole('button', { name: 'Registrar entrega' }).waitFor();
    // Undoing a sale is a manager's decision; a purchased car is never "given back"; no costs for sales.
    expect(await page.getByRole('button', { name: 'Desfazer venda' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Devolver ao consignante' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Lançar despesa' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Excluir', exact: true }).count()).toBe(0);

    await page.goto(`${origin}/inventory/${purchased.id}/edit`);
    const price = page.getByLabel('Preço de venda (R$)');
    await price.waitFor();
    expect(await price.inputValue()).toBe('114.500,00');
    expect(await price.getAttribute('readonly')).not.toBeNull();
    await page.getByText('Só quem pode alterar preços muda o preço de venda.').waitFor();
    await expectAccessible(page, 'vehicle form (salesperson, phone)');
    await screenshot(page, 'vehicle-form-sales-phone');
    await context.close();
  });
});

describe('a manager on a desktop', () => {
  it('is offered only the moves and forms each car allows', async () => {
    const { context, page } = await open(`/inventory/${sold.id}`, MANAGER);
    await page.getByRole('heading', { name: 'Nissan Kicks Advance 1.6 CVT' }).waitFor();
    // A sold car: delivery; the sale is undone by cancelling it in the sales, not here; no
    // expenses, no deletion, no "give back".
    await page.getByRole('button', { name: 'Registrar entrega' }).waitFor();
    expect(await page.getByRole('button', { name: 'Desfazer venda' }).count()).toBe(0);
    await page.getByText('Despesas só são lançadas enquanto o veículo está em estoque.').waitFor();
    expect(await page.getByRole('button', { name: 'Lançar despesa' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Devolver ao consignante' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Excluir', exact: true }).count()).toBe(0);
    // Its status history, newest first.
    await page.getByText('Reservado → Vendido').waitFor();
    await expectAccessible(page, 'sold vehicle (manager)');
    await screenshot(page, 'vehicle-detail-sold-desktop');

    // A purchased car in stock: sold, reserved... but never given back to a consignor.
    await page.goto(`${origin}/inventory/${purchased.id}`);
    await page.getByRole('heading', { name: 'Jeep Renegade Longitude 1.3 T270' }).waitFor();
    await page.getByRole('button', { name: 'Reservar' }).waitFor();
    await page.getByRole('button', { name: 'Lançar despesa' }).waitFor();
    expect(await page.getByRole('button', { name: 'Devolver ao consignante' }).count()).toBe(0);

    // A consigned one may go back to its owner.
    await page.goto(`${origin}/inventory/${consigned.id}`);
    await page.getByRole('heading', { name: 'Renault Duster Iconic 1.3 Turbo' }).waitFor();
    await page.getByRole('button', { name: 'Devolver ao consignante' }).waitFor();
    // Managers delete photos.
    await page.getByRole('button', { name: 'Excluir foto 3' }).waitFor();

    // The viewer on a desktop: arrow keys and Escape.
    await page.getByRole('button', { name: 'Abrir foto 2' }).click();
    const viewer = page.getByRole('dialog', { name: 'Foto 2 de 3' });
    await viewer.waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('dialog', { name: 'Foto 3 de 3' }).waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('dialog', { name: 'Foto 1 de 3' }).waitFor();
    await page.getByRole('img', { name: 'Foto 1 de Renault Duster Iconic 1.3 Turbo' }).last().waitFor();
    await expectAccessible(page, 'photo viewer (desktop)');
    await screenshot(page, 'photo-viewer-desktop');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await context.close();
  });

  it('is asked before leaving an edited vehicle through the menu or back, and may stay or leave', async () => {
    const { context, page } = await open(`/inventory/${purchased.id}`, MANAGER);
    await page.getByRole('button', { name: 'Editar' }).click();
    await page.waitForURL(`${origin}/inventory/${purchased.id}/edit`);
    const colour = page.getByLabel('Cor', { exact: true });
    await colour.fill('Verde Jungle');

    // The placa keeps what was typed and says what is wrong with it.
    await page.getByLabel('Placa').fill('ab12345');
    await page.getByLabel('Placa').blur();
    expect(await page.getByLabel('Placa').inputValue()).toBe('AB12345');
    await page.getByText('Placa inválida: use ABC1234 ou, no padrão Mercosul, ABC1D23.').waitFor();
    await page.getByLabel('Placa').fill('RNG2E22');
    // A VIN whose year is not the one typed: a warning, not a refusal (N = 2022; the form says 2023).
    await page.getByLabel('Chassi (VIN)').fill('9BD37500NN2512345');
    await page.getByText('O chassi indica ano modelo 2022. Confira o ano ou o chassi.').waitFor();
    await page.getByLabel('Quilometragem (km)').waitFor();

    // Leaving through the menu asks first; staying keeps the edit.
    await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Estoque' }).click();
    const ask = page.getByRole('dialog', { name: 'Sair sem salvar?' });
    await ask.waitFor();
    await expectAccessible(page, 'unsaved changes prompt');
    await screenshot(page, 'unsaved-changes-desktop');
    await ask.getByRole('button', { name: 'Continuar editando' }).click();
    await ask.waitFor({ state: 'detached' });
    expect(page.url()).toBe(`${origin}/inventory/${purchased.id}/edit`);
    expect(await colour.inputValue()).toBe('Verde Jungle');

    // The browser's back button asks too.
    await page.goBack();
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Continuar editando' }).click();
    await ask.waitFor({ state: 'detached' });
    expect(page.url()).toBe(`${origin}/inventory/${purchased.id}/edit`);

    // Leaving discards the edit.
    await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Estoque' }).click();
    await ask.getByRole('button', { name: 'Sair sem salvar' }).click();
    await page.waitForURL(`${origin}/inventory`);
    const saved = await api<{ color?: string | null }>(`/api/v1/vehicles/${purchased.id}`);
    expect(saved.color ?? null).toBeNull();

    // Saving leaves without a question.
    await page.goto(`${origin}/inventory/${purchased.id}/edit`);
    await colour.fill('Cinza Sting');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByText('Alterações salvas.', { exact: true }).waitFor();
    await page.waitForURL(`${origin}/inventory/${purchased.id}`);
    expect(await page.getByRole('dialog', { name: 'Sair sem salvar?' }).count()).toBe(0);
    await context.close();

    // The same prompt on a phone.
    const phone = await open(`/inventory/${purchased.id}/edit`, MANAGER, PHONE);
    await phone.page.getByLabel('Cor', { exact: true }).fill('Preto');
    await phone.page.getByRole('link', { name: 'Jeep Renegade Longitude 1.3 T270' }).tap();
    await phone.page.getByRole('dialog', { name: 'Sair sem salvar?' }).waitFor();
    await expectAccessible(phone.page, 'unsaved changes prompt (phone)');
    await screenshot(phone.page, 'unsaved-changes-phone');
    await phone.context.close();
  });

  it("dates an expense today in the store's day at 22:30 in São Paulo, when UTC is already tomorrow", async () => {
    // 22:30 in São Paulo yesterday (01:30 UTC today): a time the server has seen, so the date is not in its future.
    const now = new Date();
    const fixed = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 1, 30));
    if (fixed > now) fixed.setUTCDate(fixed.getUTCDate() - 1);
    const utcDay = fixed.toISOString().slice(0, 10);
    const spDay = new Date(fixed.getTime() - 3 * 3600_000).toISOString().slice(0, 10);
    expect(spDay).not.toBe(utcDay);

    const { context, page } = await newPage(DESKTOP);
    await page.clock.setFixedTime(fixed);
    await page.goto(`${origin}/inventory/${purchased.id}`);
    await signIn(page, MANAGER);
    expect(await page.evaluate(() => new Date().toISOString())).toBe(fixed.toISOString());
    const date = page.getByLabel('Data', { exact: true });
    await date.waitFor();
    await expect.poll(() => date.inputValue()).toBe(spDay);
    expect(await date.getAttribute('max')).toBe(spDay);

    await page.getByLabel('Serviço').fill('Higienização interna');
    await page.getByLabel('Valor (R$)').pressSequentially('45000');
    expect(await page.getByLabel('Valor (R$)').inputValue()).toBe('450,00');
    await page.getByRole('button', { name: 'Lançar despesa' }).click();
    const [y, m, d] = spDay.split('-');
    await page.getByRole('row', { name: new RegExp(`${d}/${m}/${y} Higienização interna`) }).waitFor();
    await expectAccessible(page, 'vehicle detail with an expense');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'vehicle-detail-expense-desktop');
    const expenses = await api<{ items: Array<{ spentOn: string }> }>(`/api/v1/vehicles/${purchased.id}/expenses`);
    expect(expenses.items.map((e) => e.spentOn)).toEqual([spDay]);
    await context.close();
  });
});
