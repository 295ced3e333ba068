// Customers (issue #13): a store manager on a desktop registers one person twice (the same phone,
// the name written shorter), is warned of the possible duplicate, merges the two records and
// finds one; a salesperson on a phone registers a customer with the CPF mask and a WhatsApp
// phone and records their consent to marketing. Axe on every screen; screenshots in
// e2e/screenshots/customers-*.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, keepFailurePictures, launch, openSignedIn, screenshot } from './browser';
import { OWNER, PASSWORD, TENANT } from './server';

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const storeId = inject('storeId');
const opened: Page[] = [];
const MANAGER = 'gerente-clientes@e2e.innexar.test';
const SELLER = 'vendas-clientes@e2e.innexar.test';

async function api<T>(method: string, path: string, body?: unknown, as = OWNER): Promise<T> {
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Tenant': TENANT },
    body: JSON.stringify({ email: as, password: PASSWORD }),
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

beforeAll(async () => {
  browser = await launch();
  await api('POST', '/api/v1/users', { email: MANAGER, name: 'Gabriela Gerente', roles: ['store_manager'], storeIds: [storeId], password: PASSWORD });
  await api('POST', '/api/v1/users', { email: SELLER, name: 'Sérgio Vendas', roles: ['sales'], password: PASSWORD });
});
afterAll(async () => {
  await browser?.close();
});
keepFailurePictures(opened);

function signedIn(email: string, viewport: { width: number; height: number }, path: string) {
  return openSignedIn(browser, opened, { url: `${origin}${path}`, email, password: PASSWORD, viewport });
}

/** A phone's finger needs 44 px: each of these controls is at least that tall and wide. */
async function expectTouchTargets(what: string, targets: Locator[]) {
  for (const [i, target] of targets.entries()) {
    const box = await target.boundingBox();
    expect(box, `${what} #${i}`).not.toBeNull();
    expect(Math.round(box!.height), `${what} #${i} height`).toBeGreaterThanOrEqual(44);
    expect(Math.round(box!.width), `${what} #${i} width`).toBeGreaterThanOrEqual(44);
  }
}

describe('a store manager on a desktop', () => {
  it('registers one person twice, is warned, merges the records and then finds one', async () => {
    const { context, page } = await signedIn(MANAGER, DESKTOP, '/customers');
    await page.getByRole('heading', { name: 'Clientes', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Clientes' }).waitFor();
    // Other journeys of the suite may have registered customers already: the list is not
    // necessarily empty, and this journey's people are its own.
    await page.getByRole('button', { name: 'Novo cliente' }).waitFor();
    await expectAccessible(page, 'customer list');

    // The first record.
    await page.getByRole('button', { name: 'Novo cliente' }).click();
    await page.waitForURL(`${origin}/customers/new`);
    await page.getByLabel('Nome completo').fill('Ana Paula Ferreira');
    await page.getByLabel('Telefone', { exact: true }).pressSequentially('11988887777');
    expect(await page.getByLabel('Telefone', { exact: true }).inputValue()).toBe('(11) 98888-7777');
    await page.getByLabel('Tem WhatsApp').check();
    await page.getByLabel('E-mail', { exact: true }).fill('ana.ferreira@example.com');
    await page.getByLabel('Etiquetas').fill('VIP');
    await expectAccessible(page, 'new customer form');
    await screenshot(page, 'customers-form-desktop');
    await page.getByRole('button', { name: 'Cadastrar cliente' }).click();
    await page.getByRole('heading', { name: 'Ana Paula Ferreira', level: 1 }).waitFor();
    const firstUrl = page.url();
    expect(firstUrl).toMatch(/\/customers\/[0-9a-f-]{36}$/);
    expect(await page.getByText('Possível cadastro repetido').count()).toBe(0);

    // The same person again, the name written shorter, the phone typed another way.
    await page.goto(`${origin}/customers/new`);
    await page.getByLabel('Nome completo').fill('Ana Ferreira');
    await page.getByLabel('Telefone', { exact: true }).fill('(11) 98888-7777');
    // A phone row left blank is not sent, and a server error would still land on its own row.
    await page.getByRole('button', { name: 'Adicionar telefone' }).click();
    await page.getByRole('button', { name: 'Cadastrar cliente' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'Possível cadastro repetido' });
    await warning.waitFor();
    await warning.getByRole('link', { name: 'Abrir Ana Paula Ferreira' }).waitFor();
    await warning.getByText('(Mesmo telefone)').waitFor();
    const secondUrl = page.url();
    expect(secondUrl).not.toBe(firstUrl);
    await expectAccessible(page, 'customer 360 with a duplicate warning');
    await screenshot(page, 'customers-duplicate-desktop');

    // Merge: both side by side, the older record stays.
    await warning.getByRole('button', { name: 'Unificar com Ana Paula Ferreira' }).click();
    const dialog = page.getByRole('dialog', { name: 'Unificar cadastros' });
    await dialog.getByText('ana.ferreira@example.com').waitFor();
    const kept = dialog.locator('label').filter({ hasText: 'Fica' });
    await kept.getByText('Ana Paula Ferreira').waitFor();
    await dialog.locator('label').filter({ hasText: 'É unificado' }).getByText('Ana Ferreira', { exact: true }).waitFor();
    await expectAccessible(page, 'merge dialog');
    await screenshot(page, 'customers-merge-desktop');
    await dialog.getByRole('button', { name: 'Unificar cadastros' }).click();
    await page.getByText('Cadastros unificados.', { exact: true }).waitFor();
    await page.waitForURL(firstUrl);
    await page.getByRole('heading', { name: 'Ana Paula Ferreira', level: 1 }).waitFor();

    // The merged record's address answers the one that remained.
    await page.goto(secondUrl);
    await page.waitForURL(firstUrl);
    await page.getByText('Este cadastro foi unificado a outro').waitFor();

    // Her own car, registered by its placa; an edit saved against the version read.
    await page.getByRole('button', { name: 'Adicionar veículo' }).click();
    const car = page.getByRole('dialog', { name: 'Veículo do cliente' });
    await car.getByLabel('Placa').fill('fit2b34');
    expect(await car.getByLabel('Placa').inputValue()).toBe('FIT2B34');
    await car.getByLabel('Marca').fill('Honda');
    await car.getByLabel('Modelo', { exact: true }).fill('Fit');
    await car.getByLabel('Ano de fabricação').fill('2019');
    await car.getByLabel('Ano modelo').fill('2019');
    await expectAccessible(page, 'add vehicle dialog');
    await car.getByRole('button', { name: 'Adicionar veículo' }).click();
    await page.getByText('Veículo vinculado ao cliente.', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Honda Fit' }).waitFor();
    await page.getByRole('button', { name: 'Editar' }).click();
    await page.waitForURL(`${firstUrl}/edit`);
    await page.getByLabel('Observações').fill('Prefere contato à tarde.');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByText('Alterações salvas.', { exact: true }).waitFor();
    await page.waitForURL(firstUrl);
    await page.getByText('Prefere contato à tarde.').waitFor();
    await expectAccessible(page, 'customer 360 after the merge');
    await screenshot(page, 'customers-360-desktop');

    // Found once, by the phone in yet another format and by the name.
    await page.getByRole('link', { name: 'Voltar para clientes' }).click();
    await page.getByRole('searchbox', { name: 'Buscar clientes' }).fill('11 98888 7777');
    await page.waitForURL(/q=11\+98888\+7777/);
    await page.getByText('1 cliente', { exact: true }).waitFor();
    const rows = page.getByRole('main').getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(2);
    await rows.nth(1).getByRole('link', { name: 'Ana Paula Ferreira' }).waitFor();
    await rows.nth(1).getByText('(11) 98888-7777').waitFor();
    await rows.nth(1).getByText('VIP').waitFor();
    await page.getByRole('searchbox', { name: 'Buscar clientes' }).fill('ferreira');
    await page.waitForURL(/q=ferreira/);
    await page.getByText('1 cliente', { exact: true }).waitFor();
    // By the placa of her car, in its old format (FIT2B34 was FIT-2134).
    await page.getByRole('searchbox', { name: 'Buscar clientes' }).fill('FIT-2134');
    await page.waitForURL(/q=FIT-2134/);
    await page.getByRole('link', { name: 'Ana Paula Ferreira' }).waitFor();
    await expectAccessible(page, 'customer search');
    await screenshot(page, 'customers-list-desktop');

    // The API agrees: one record with that phone.
    const found = await api<{ total: number }>('GET', '/api/v1/customers?q=11988887777', undefined, MANAGER);
    expect(found.total).toBe(1);

    // A company: legal and trade names, the CNPJ mask, a contact person.
    await page.getByRole('button', { name: 'Novo cliente' }).click();
    await page.getByText('Pessoa jurídica', { exact: true }).click();
    await page.getByLabel('Razão social').fill('Transportes Rápidos Ltda');
    await page.getByLabel('Nome fantasia').fill('Rápido Frotas');
    await page.getByLabel('CNPJ').pressSequentially('11444777000161');
    expect(await page.getByLabel('CNPJ').inputValue()).toBe('11.444.777/0001-61');
    await page.getByLabel('Telefone', { exact: true }).fill('1133334444');
    await page.getByRole('button', { name: 'Adicionar contato' }).click();
    await page.getByLabel('Nome do contato').fill('João Compras');
    await page.getByLabel('Cargo').fill('comprador');
    await page.getByLabel('Telefone do contato').fill('11977776666');
    await expectAccessible(page, 'company form');
    await page.getByRole('button', { name: 'Cadastrar cliente' }).click();
    await page.getByRole('heading', { name: 'Transportes Rápidos Ltda', level: 1 }).waitFor();
    await page.getByText('11.444.777/0001-61').waitFor();
    await page.getByText('João Compras').waitFor();
    await page.goto(`${origin}/customers?kind=company`);
    await page.getByRole('button', { name: 'Pessoa jurídica' }).and(page.locator('[aria-pressed="true"]')).waitFor();
    const company = page.getByRole('main').getByRole('table').getByRole('row').nth(1);
    await company.getByText('Rápido Frotas').waitFor();
    await company.getByText('(11) 3333-4444').waitFor();
    expect(await page.getByRole('link', { name: /Ana Paula Ferreira/ }).count()).toBe(0);
    await context.close();
  });
});

describe('a salesperson on a phone', () => {
  it('registers a customer with the CPF mask and a WhatsApp phone, and records marketing consent', async () => {
    const { context, page } = await signedIn(SELLER, PHONE, '/');
    await page.getByRole('button', { name: 'Abrir menu' }).click();
    await page.getByRole('dialog', { name: 'Navegação principal' }).getByRole('link', { name: 'Clientes' }).click();
    await page.waitForURL(`${origin}/customers`);
    const create = page.getByRole('button', { name: 'Novo cliente' });
    await expectTouchTargets('list controls', [create, page.getByRole('searchbox', { name: 'Buscar clientes' }), page.getByRole('button', { name: 'Pessoa física' })]);
    await create.click();
    await page.waitForURL(`${origin}/customers/new`);

    await page.getByLabel('Nome completo').fill('Bruno Carvalho');
    // Two stores and "Todas as lojas" in the switcher: the desk says which store registers them.
    await page.getByLabel('Loja', { exact: true }).selectOption({ label: 'Matriz Pinheiros' });
    await page.getByLabel('CPF').pressSequentially('52998224725');
    expect(await page.getByLabel('CPF').inputValue()).toBe('529.982.247-25');
    await page.getByLabel('Telefone', { exact: true }).pressSequentially('21987654321');
    expect(await page.getByLabel('Telefone', { exact: true }).inputValue()).toBe('(21) 98765-4321');
    await page.getByLabel('Tem WhatsApp').check();
    // A wrong CPF is caught before it is sent.
    await page.getByLabel('CPF').fill('529.982.247-24');
    await page.getByRole('button', { name: 'Cadastrar cliente' }).click();
    await page.getByText('Os dígitos verificadores do CPF não conferem.').waitFor();
    expect(await page.getByLabel('CPF').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'customer form on a phone');
    await screenshot(page, 'customers-form-phone');
    await page.getByLabel('CPF').fill('');
    await page.getByLabel('CPF').pressSequentially('52998224725');
    await page.getByRole('button', { name: 'Cadastrar cliente' }).click();

    await page.getByRole('heading', { name: 'Bruno Carvalho', level: 1 }).waitFor();
    await page.getByText('529.982.247-25').waitFor();
    const whatsapp = page.getByRole('link', { name: 'Conversar no WhatsApp com (21) 98765-4321' });
    expect(await whatsapp.getAttribute('href')).toBe('https://wa.me/5521987654321');
    await page.getByText('Nenhum consentimento registrado').waitFor();

    // Consent to marketing on WhatsApp, with the text shown.
    const record = page.getByRole('button', { name: 'Registrar consentimento' });
    await expectTouchTargets('360 actions', [whatsapp, record, page.getByRole('button', { name: 'Editar' })]);
    await record.click();
    const dialog = page.getByRole('dialog', { name: 'Registrar consentimento' });
    await dialog.getByLabel('Finalidade').selectOption({ label: 'Marketing e ofertas' });
    await dialog.getByLabel('Canal').selectOption({ label: 'WhatsApp' });
    await dialog.getByLabel('Autorizou').check();
    await dialog.getByLabel('Origem').fill('Ficha de cadastro');
    await dialog.getByLabel('Versão do texto').fill('2026-12');
    expect(await dialog.getByLabel('Texto apresentado ao cliente').inputValue()).toContain('Autorizo');
    await expectAccessible(page, 'consent dialog on a phone');
    await screenshot(page, 'customers-consent-dialog-phone');
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await page.getByText('Consentimento registrado.', { exact: true }).waitFor();
    const marketing = page.getByRole('row', { name: /Marketing e ofertas/ });
    await marketing.getByRole('img', { name: 'Autorizou' }).waitFor();
    expect(await marketing.getByRole('img', { name: 'Autorizou' }).count()).toBe(1);
    await expectAccessible(page, 'customer 360 on a phone');
    await screenshot(page, 'customers-360-phone');

    // The server keeps it as the current answer, with the text shown.
    const customerId = page.url().split('/').pop()!;
    const consents = await api<{ current: Array<{ purpose: string; channel: string; granted: boolean; textShown: string | null }> }>(
      'GET',
      `/api/v1/customers/${customerId}/consents`,
      undefined,
      SELLER,
    );
    expect(consents.current).toEqual([expect.objectContaining({ purpose: 'marketing', channel: 'whatsapp', granted: true, textShown: expect.stringContaining('Autorizo') })]);

    // The same CPF again is refused at its field, with the way to the record that has it.
    await page.goto(`${origin}/customers/new`);
    await page.getByLabel('Nome completo').fill('Bruno C.');
    await page.getByLabel('Loja', { exact: true }).selectOption({ label: 'Matriz Pinheiros' });
    await page.getByLabel('CPF').pressSequentially('52998224725');
    await page.getByRole('button', { name: 'Cadastrar cliente' }).click();
    await page.getByLabel('CPF').and(page.locator('[aria-invalid="true"]')).waitFor();
    await page.getByRole('link', { name: 'Abrir o cadastro existente' }).click();
    await page.getByRole('dialog', { name: 'Sair sem salvar?' }).getByRole('button', { name: 'Sair sem salvar' }).click();
    await page.waitForURL(`${origin}/customers/${customerId}`);

    // The list on a phone: cards, found by the CPF as typed with its mask.
    await page.goto(`${origin}/customers?q=529.982.247-25`);
    const card = page.getByRole('main').getByRole('link', { name: /Bruno Carvalho/ });
    await card.waitFor();
    await expectTouchTargets('customer card', [card]);
    await expectAccessible(page, 'customer list on a phone');
    await screenshot(page, 'customers-list-phone');
    await context.close();
  });
});
