// A placa already in stock is refused in either of its formats (CWI-6777 is CWI6H77 in the
// Mercosul form), by the form, on a phone and on a desktop, with the field saying why in
// Portuguese; nothing is saved.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, keepFailurePictures, launch, screenshot } from './browser';
import { OWNER, PASSWORD, TENANT } from './server';

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const storeId = inject('storeId');
const opened: Page[] = [];
const SALES = 'vendas-placa@e2e.innexar.test';
const DUPLICATE = 'Já existe um veículo em estoque com esta placa (neste ou no outro padrão).';

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Tenant': TENANT },
    body: JSON.stringify({ email: OWNER, password: PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'X-Tenant': TENANT, Authorization: `Bearer ${accessToken}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function vehiclesWithPlaca(placa: string): Promise<number> {
  const page = await api<{ total: number }>('GET', `/api/v1/vehicles?q=${placa}`);
  return page.total;
}

beforeAll(async () => {
  browser = await launch();
  await api('POST', '/api/v1/users', { email: SALES, name: 'Bruna Vendas', roles: ['sales'], password: PASSWORD });
  await api('POST', '/api/v1/vehicles', {
    storeId, placa: 'CWI-6777', make: 'Fiat', model: 'Uno', trim: 'Mille Way', year: 2012, mileageKm: 98_000,
    fuel: 'flex', transmission: 'manual', condition: 'used', priceCents: 2_490_000,
  });
});
afterAll(async () => {
  await browser?.close();
});
keepFailurePictures(opened);

async function newVehicleForm(email: string, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
  const page = await context.newPage();
  opened.push(page);
  await page.goto(`${origin}/inventory/new`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL(`${origin}/inventory/new`);
  await page.getByLabel('Loja', { exact: true }).selectOption({ label: 'Matriz Pinheiros' });
  await page.getByLabel('Marca').fill('Fiat');
  await page.getByLabel('Modelo', { exact: true }).fill('Uno');
  await page.getByLabel('Ano de fabricação').fill('2012');
  await page.getByLabel('Ano modelo').fill('2012');
  await page.getByLabel('Quilometragem').fill('98000');
  return page;
}

describe('a placa already in stock', () => {
  it('is refused in its Mercosul form when a salesperson on a phone enters the car again', async () => {
    const page = await newVehicleForm(SALES, PHONE);
    await page.getByLabel('Placa').fill('CWI6H77');
    await page.getByRole('button', { name: 'Cadastrar veículo' }).click();
    await page.getByText(DUPLICATE).waitFor();
    expect(await page.getByLabel('Placa').getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toBe(`${origin}/inventory/new`);
    await expectAccessible(page, 'a duplicate placa on a phone');
    await screenshot(page, 'duplicate-placa-phone');
    // Nothing was saved: the one car in stock with this plate is still the only one.
    expect(await vehiclesWithPlaca('CWI6777')).toBe(1);
  });

  it('is refused in its old form, typed in lower case, by a manager on a desktop, who then fixes it', async () => {
    const page = await newVehicleForm(OWNER, DESKTOP);
    await page.getByLabel('Placa').fill('cwi-6777');
    await page.getByRole('button', { name: 'Cadastrar veículo' }).click();
    await page.getByText(DUPLICATE).waitFor();
    await expectAccessible(page, 'a duplicate placa on a desktop');
    await screenshot(page, 'duplicate-placa-desktop');
    // Another plate goes through.
    await page.getByLabel('Placa').fill('CWI6H78');
    await page.getByRole('button', { name: 'Cadastrar veículo' }).click();
    await page.getByRole('heading', { name: /Fiat Uno/ }).waitFor();
    expect(await vehiclesWithPlaca('CWI6778')).toBe(1);
    expect(await vehiclesWithPlaca('CWI6777')).toBe(1);
  });
});
