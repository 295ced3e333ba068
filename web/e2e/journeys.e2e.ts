import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, keepFailurePictures, launch, screenshot } from './browser';
import { OWNER, PASSWORD, SALES, TENANT } from './server';

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const storeId = inject('storeId');

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
const opened: Page[] = [];
keepFailurePictures(opened);

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
}

async function newPage(viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
  const page = await context.newPage();
  opened.push(page);
  return { context, page };
}

/** Owner's API token, to arrange what a journey needs behind the browser's back. */
async function ownerToken(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Tenant': TENANT },
    body: JSON.stringify({ email: OWNER, password: PASSWORD }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

describe('an owner works the inventory', () => {
  it('signs in, creates, finds, edits, meets a conflict and signs out', async () => {
    const { context, page } = await newPage();
    await page.goto(`${origin}/inventory`);
    // Not signed in: the login page, which knows the dealership from the host name.
    await page.waitForURL(/\/login\?next=%2Finventory/);
    await page.getByText('Auto Center E2E').waitFor();
    expect(await page.getByLabel('Concessionária').count()).toBe(0);
    await expectAccessible(page, 'login');
    await screenshot(page, 'login-desktop');

    await signIn(page, 'dono@e2e.innexar.test', 'senha-errada-123');
    await page.getByText('E-mail ou senha incorretos.').waitFor();
    await signIn(page, OWNER);
    await page.waitForURL(`${origin}/inventory`);
    await page.getByRole('link', { name: 'Chevrolet Onix 1.0 Turbo LT' }).waitFor();
    await expectAccessible(page, 'inventory');
    await screenshot(page, 'inventory-desktop');

    // A new vehicle with a bad placa: the field says what is wrong.
    await page.getByRole('button', { name: 'Novo veículo' }).click();
    await page.waitForURL(`${origin}/inventory/new`);
    await page.getByLabel('Loja', { exact: true }).selectOption({ label: 'Matriz Pinheiros' });
    await page.getByLabel('Placa').fill('ABC12');
    await page.getByLabel('Chassi (VIN)').fill('9BRBD48E1N2512345');
    await page.getByLabel('Marca').fill('Toyota');
    await page.getByLabel('Modelo', { exact: true }).fill('Corolla');
    await page.getByLabel('Versão').fill('2.0 XEi');
    await page.getByLabel('Ano de fabricação').fill('2023');
    await page.getByLabel('Ano modelo').fill('2024');
    await page.getByLabel('Quilometragem').fill('12000');
    await page.getByLabel('Preço de venda (R$)').pressSequentially('12345600');
    expect(await page.getByLabel('Preço de venda (R$)').inputValue()).toBe('123.456,00');
    await page.getByRole('button', { name: 'Cadastrar veículo' }).click();
    const placaError = page.getByText('Placa inválida: use ABC1234 ou, no padrão Mercosul, ABC1D23.');
    await placaError.waitFor();
    expect(await page.getByLabel('Placa').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'vehicle form with an error');
    await screenshot(page, 'vehicle-form-error-desktop');

    await page.getByLabel('Placa').fill('rio2a18');
    expect(await page.getByLabel('Placa').inputValue()).toBe('RIO2A18');
    await page.getByRole('button', { name: 'Cadastrar veículo' }).click();
    await page.getByRole('heading', { name: 'Toyota Corolla 2.0 XEi' }).waitFor();
    const vehicleUrl = page.url();
    expect(vehicleUrl).toMatch(/\/inventory\/[0-9a-f-]{36}$/);
    await expectAccessible(page, 'vehicle detail');
    await screenshot(page, 'vehicle-detail-desktop');

    // The server's own field errors land on the field too: the same VIN twice is refused.
    await page.goto(`${origin}/inventory/new`);
    await page.getByLabel('Loja', { exact: true }).selectOption({ label: 'Matriz Pinheiros' });
    await page.getByLabel('Chassi (VIN)').fill('9BRBD48E1N2512345');
    await page.getByLabel('Marca').fill('Toyota');
    await page.getByLabel('Modelo', { exact: true }).fill('Corolla');
    await page.getByRole('button', { name: 'Cadastrar veículo' }).click();
    await page.getByText('Já existe um veículo com este chassi.').waitFor();

    // Found by search, in the plate's other format (RIO2A18 was RIO2018 before Mercosul).
    await page.goto(`${origin}/inventory`);
    await page.getByRole('searchbox', { name: 'Buscar' }).fill('rio2018');
    await page.waitForURL(/q=rio2018/);
    await page.getByRole('link', { name: 'Toyota Corolla 2.0 XEi' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Chevrolet Onix 1.0 Turbo LT' }).count()).toBe(0);
    // The filtered list is a shareable address.
    const shared = await context.newPage();
    await shared.goto(page.url());
    await shared.getByRole('link', { name: 'Toyota Corolla 2.0 XEi' }).waitFor();
    await shared.close();

    // Edited: a new price, recorded in the price history.
    await page.getByRole('link', { name: 'Toyota Corolla 2.0 XEi' }).click();
    await page.getByRole('button', { name: 'Editar' }).click();
    await page.getByLabel('Preço de venda (R$)').fill('');
    await page.getByLabel('Preço de venda (R$)').pressSequentially('11990000');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByText('Alterações salvas.', { exact: true }).waitFor();
    await page.getByText(/123\.456,00 → R\$\s119\.900,00/).waitFor();

    // Two sessions edit the same vehicle: the second to save is told, and can reload.
    const other = await newPage();
    await other.page.goto(`${origin}/login`);
    await signIn(other.page, OWNER);
    await other.page.waitForURL(`${origin}/`);
    await page.goto(`${vehicleUrl}/edit`);
    await other.page.goto(`${vehicleUrl}/edit`);
    await other.page.getByLabel('Quilometragem').fill('15000');
    await other.page.getByRole('button', { name: 'Salvar' }).click();
    await other.page.getByText('Alterações salvas.', { exact: true }).waitFor();
    await page.getByLabel('Cor', { exact: true }).fill('Prata');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByText('Outra pessoa alterou este registro').waitFor();
    await expectAccessible(page, 'edit conflict');
    await screenshot(page, 'vehicle-conflict-desktop');
    await page.getByRole('button', { name: 'Recarregar' }).click();
    await expect.poll(() => page.getByLabel('Quilometragem').inputValue()).toBe('15.000');
    await other.context.close();

    // Held for a customer (the sales desk's reservation), with who and until when.
    await fetch(`http://127.0.0.1:${port}/api/v1/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Tenant': TENANT, Authorization: `Bearer ${await ownerToken()}` },
      body: JSON.stringify({ kind: 'person', name: 'João Cliente', storeId, phones: [{ number: '11987651234' }] }),
    });
    await page.goto(vehicleUrl);
    await page.getByRole('button', { name: 'Reservar' }).click();
    const hold = page.getByRole('dialog', { name: 'Reservar o veículo' });
    await hold.getByRole('searchbox', { name: 'Buscar cliente' }).fill('João');
    await hold.getByRole('button', { name: 'Escolher João Cliente' }).click();
    await hold.getByLabel('Observação (opcional)').fill('Cliente João, sinal pago');
    await hold.getByRole('button', { name: 'Reservar' }).click();
    await page.getByText('Veículo reservado para João Cliente.', { exact: true }).waitFor();
    await page.getByText(/^Reservado para João Cliente até/).waitFor();
    await page.getByText('“Cliente João, sinal pago”').first().waitFor();
    await page.getByText('Disponível → Reservado').waitFor();

    // The owner's home and administration screens.
    await page.getByRole('link', { name: 'Início' }).click();
    await page.getByRole('heading', { name: 'Olá, Dona' }).waitFor();
    await page.getByRole('heading', { name: 'Idade do estoque' }).waitFor();
    await expectAccessible(page, 'home');
    await screenshot(page, 'home-desktop');
    await page.getByRole('link', { name: 'Usuários' }).click();
    await page.getByRole('cell', { name: /^Carlos Vendedor/ }).waitFor();
    await expectAccessible(page, 'users');
    await screenshot(page, 'users-desktop');
    await page.getByRole('button', { name: 'Novo usuário' }).click();
    const dialog = page.getByRole('dialog', { name: 'Novo usuário' });
    await dialog.getByLabel('Nome').fill('Paula Gerente');
    await dialog.getByLabel('E-mail').fill('paula@e2e.innexar.test');
    await dialog.getByLabel('Gerente de loja').check();
    await dialog.getByLabel('Todas as lojas').uncheck();
    await dialog.getByLabel('Filial Campinas').check();
    await expectAccessible(page, 'new user dialog');
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    // Without a password the user is invited: the link to send them.
    await page.getByRole('dialog', { name: 'Convite criado' }).getByLabel('Link do convite').waitFor();
    expect(await page.getByLabel('Link do convite').inputValue()).toMatch(/\/accept-invitation\?token=/);
    await page.getByRole('button', { name: 'Concluir' }).click();
    await page.getByRole('cell', { name: /^Paula Gerente/ }).waitFor();
    await page.getByRole('link', { name: 'Lojas' }).click();
    await page.getByRole('heading', { name: 'Lojas', level: 1 }).waitFor();
    await page.getByRole('main').getByRole('listitem').filter({ hasText: 'Filial Campinas' }).waitFor();
    await expectAccessible(page, 'stores');
    await screenshot(page, 'stores-desktop');

    // Signing out ends the session: the inventory asks for login again.
    await page.getByRole('button', { name: /Menu de Dona Maria/ }).click();
    await page.getByRole('menuitem', { name: 'Sair' }).click();
    await page.waitForURL(`${origin}/login`);
    await page.goto(`${origin}/inventory`);
    await page.waitForURL(/\/login\?next=/);
    await context.close();
  });
});

describe('a salesperson on a phone', () => {
  it('sees real numbers and stock, and no admin screens', async () => {
    const { context, page } = await newPage(PHONE);
    await page.goto(`${origin}/`);
    await page.waitForURL(/\/login/);
    await screenshot(page, 'login-phone');
    await signIn(page, SALES);
    await page.getByRole('heading', { name: 'Olá, Carlos' }).waitFor();
    // The home numbers are the API's: the same count of vehicles in stock as the report gives.
    const summary = await fetch(`http://127.0.0.1:${port}/api/v1/reports/inventory-summary`, {
      headers: { 'X-Tenant': TENANT, Authorization: `Bearer ${await ownerToken()}` },
    }).then((r) => r.json() as Promise<{ inStock: number }>);
    expect(summary.inStock).toBeGreaterThanOrEqual(4);
    const inStock = page.getByText('Veículos em estoque').locator('..').locator('..');
    await inStock.getByText(String(summary.inStock), { exact: true }).waitFor();
    await expectAccessible(page, 'home (phone)');
    await screenshot(page, 'home-phone');

    await page.getByRole('button', { name: 'Abrir menu' }).click();
    const nav = page.getByRole('dialog', { name: 'Navegação principal' });
    await nav.getByRole('link', { name: 'Estoque' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Usuários' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Lojas' }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Estoque' }).click();
    await page.getByRole('link', { name: /Volkswagen Polo/ }).waitFor();
    await expectAccessible(page, 'inventory (phone)');
    await screenshot(page, 'inventory-phone');

    await page.goto(`${origin}/admin/users`);
    await page.getByText('Sem acesso').waitFor();
    await page.goto(`${origin}/admin/stores`);
    await page.getByText('Sem acesso').waitFor();
    await context.close();
  });
});

describe('sessions', () => {
  it('refresh silently, and an ended session returns to login and then to where the user was', async () => {
    const { context, page } = await newPage();
    await context.clock.install();
    await page.goto(`${origin}/inventory?q=onix`);
    await signIn(page, SALES);
    await page.waitForURL(`${origin}/inventory?q=onix`);
    await page.getByRole('link', { name: /Chevrolet Onix/ }).waitFor();

    // Past the access token's life: the next call refreshes first, unseen by the user.
    await context.clock.fastForward('16:00');
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh') && r.status() === 200);
    await page.getByRole('button', { name: 'Vendido' }).click();
    await refreshed;
    await page.getByText('Nenhum veículo encontrado').waitFor();
    expect(page.url()).toContain('/inventory');

    // An owner resets the salesperson's password, which ends their sessions.
    const token = await ownerToken();
    const me = await fetch(`http://127.0.0.1:${port}/api/v1/users?q=vendas`, {
      headers: { 'X-Tenant': TENANT, Authorization: `Bearer ${token}` },
    }).then((r) => r.json() as Promise<{ items: Array<{ id: string }> }>);
    const reset = await fetch(`http://127.0.0.1:${port}/api/v1/users/${me.items[0]!.id}/password`, {
      method: 'POST',
      headers: { 'X-Tenant': TENANT, Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ newPassword: 'nova-senha-vendas-2026' }),
    });
    expect(reset.status).toBe(204);

    await context.clock.fastForward('16:00');
    // The next request, the user's or one the app makes itself (the bell's count), finds the
    // session ended; whichever comes first sends her to sign in.
    await page.getByRole('button', { name: 'Vendido' }).click({ timeout: 5_000 }).catch(() => undefined);
    await page.waitForURL(/\/login\?next=/);
    await page.getByText('Sua sessão expirou').waitFor();
    await signIn(page, SALES, 'nova-senha-vendas-2026');
    await page.waitForURL(/\/inventory\?q=onix/);
    await context.close();
  });

  it('asks for the dealership when the host name does not carry it', async () => {
    const { context, page } = await newPage();
    await page.goto(`http://127.0.0.1:${port}/login`);
    const tenant = page.getByLabel('Concessionária');
    await tenant.waitFor();
    await expectAccessible(page, 'login with a tenant field');
    await tenant.fill('nao-existe');
    await signIn(page, OWNER);
    await page.getByText('Concessionária não encontrada.').waitFor();
    await tenant.fill(TENANT);
    await signIn(page, OWNER);
    await page.getByRole('heading', { name: 'Olá, Dona' }).waitFor();
    await context.close();
  });
});
