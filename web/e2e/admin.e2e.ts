// The Owner's screens and the app's edges: the audit log finds the change just made; "Alterar
// senha" keeps this session and the new password signs in; the roles screen grants a salesperson
// price changes (the API then lets them) and restores the defaults; the import names the column,
// the value and the vehicle of a bad row and hands back the rejected rows as XLSX; an unknown
// address says "not found" once with the way back. No React Router warning reaches the console.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { PHONE, expectAccessible, launch, pictureFailures, screenshot } from './browser';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
/** What the screen shows now (a dialog, a phone's first screenful), not the whole page. */
async function viewShot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}${name}.png` });
}
import { OWNER, PASSWORD, TENANT } from './server';

/** The desktop the issue names: a manager's 1366x768. */
const DESKTOP = { width: 1366, height: 768 };

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const opened: Page[] = [];
/** What the console said that a user's browser must not: router warnings, uncaught errors. */
const consoleFaults: string[] = [];

// Users of this file's own: the journeys change their passwords and their role's grants.
const ADMIN = 'olga.dona@e2e.innexar.test';
const SELLER = 'sara.vendas@e2e.innexar.test';
const NEW_PASSWORD = 'olga-trocou-a-senha-2026';
/** Two new cars; the second's year is words, not a number. */
const BAD_CSV = [
  'placa;chassi;marca;modelo;ano;combustível;câmbio;condição;preço;loja',
  'QAZ1E23;;Renault;Kwid;2022;flex;manual;usado;59.990,00;Matriz Pinheiros',
  'WSX2R34;;Renault;Sandero;dois mil;flex;manual;usado;62.000,00;Matriz Pinheiros',
].join('\n');

beforeAll(async () => {
  browser = await launch();
  const token = await apiToken(OWNER);
  for (const [email, name, roles] of [
    [ADMIN, 'Olga Dona', ['owner']],
    [SELLER, 'Sara Vendas', ['sales']],
  ] as const) {
    await api('/api/v1/users', token, { method: 'POST', body: JSON.stringify({ email, name, roles, password: PASSWORD }) });
  }
});
afterAll(async () => {
  // Whatever happened, Sales leaves with its default grants for the other journeys.
  await api('/api/v1/roles/sales', await apiToken(OWNER), { method: 'DELETE' }).catch(() => undefined);
  await browser?.close();
});
afterEach(async (ctx) => {
  await pictureFailures(ctx, opened);
  const faults = consoleFaults.splice(0);
  expect(faults, 'console warnings and errors').toEqual([]);
});

async function api(path: string, token: string | null, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('X-Tenant', TENANT);
  if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers });
}

async function apiToken(email: string, password = PASSWORD): Promise<string> {
  const res = await api('/api/v1/auth/login', null, { method: 'POST', body: JSON.stringify({ email, password }) });
  expect(res.status, `sign-in of ${email}`).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

function watchConsole(page: Page) {
  page.on('console', (m: ConsoleMessage) => {
    const text = m.text();
    // The router's warning is the one the issue names; any error or React warning is a fault too.
    if (/HydrateFallback/.test(text) || (m.type() === 'error' && !/Failed to load resource/.test(text)) || (m.type() === 'warning' && /React|Router/i.test(text))) {
      consoleFaults.push(`${m.type()}: ${text}`);
    }
  });
  page.on('pageerror', (e) => consoleFaults.push(`pageerror: ${e.message}`));
}

async function newPage(viewport = DESKTOP) {
  const phone = viewport === PHONE;
  const context = await browser.newContext({
    viewport,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    acceptDownloads: true,
    ...(phone ? { hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  watchConsole(page);
  opened.push(page);
  return { context, page };
}

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
}

/** Olga's password now: the first journey changes it, a later one may run alone. */
async function adminPassword(): Promise<string> {
  const res = await api('/api/v1/auth/login', null, { method: 'POST', body: JSON.stringify({ email: ADMIN, password: NEW_PASSWORD }) });
  return res.status === 200 ? NEW_PASSWORD : PASSWORD;
}

async function signedIn(page: Page, email: string, password = PASSWORD) {
  await signIn(page, email, password);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** The main menu's link, opened from the drawer on a phone. */
async function menu(page: Page, name: string) {
  const burger = page.getByRole('button', { name: 'Abrir menu' });
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  await burger.or(nav).first().waitFor();
  if (await burger.isVisible()) {
    await burger.click();
    await page.getByRole('dialog', { name: 'Navegação principal' }).getByRole('link', { name }).click();
  } else {
    await nav.getByRole('link', { name }).click();
  }
}

describe('an owner on a desktop', () => {
  it('signs in, edits a store, finds the change in the audit log, and changes the password', async () => {
    const { context, page } = await newPage();
    await page.goto(`${origin}/admin/audit`);
    await page.waitForURL(/\/login\?next=/);
    await expect.poll(() => page.title()).toBe('Entrar · Innexar');

    // A failed sign-in's message goes away when the user tries again.
    await signIn(page, ADMIN, 'senha-errada-1234');
    const wrong = page.getByText('E-mail ou senha incorretos.');
    await wrong.waitFor();
    await page.getByLabel('E-mail').fill('');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByText('Preencha este campo.').first().waitFor();
    expect(await wrong.count()).toBe(0);
    await page.getByLabel('E-mail').fill(ADMIN);
    await page.getByLabel('Senha', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(`${origin}/admin/audit`);
    await page.getByRole('heading', { name: 'Auditoria', level: 1 }).waitFor();
    await expect.poll(() => page.title()).toBe('Auditoria · Innexar');

    // A change of its own: a store moves to Cuiabá's time zone, named with its accent.
    await menu(page, 'Lojas');
    await expect.poll(() => page.title()).toBe('Lojas · Innexar');
    await page.getByRole('button', { name: 'Editar Filial Campinas' }).click();
    const dialog = page.getByRole('dialog', { name: 'Editar Filial Campinas' });
    const zone = dialog.getByLabel('Fuso horário');
    expect(await zone.locator('option:checked').textContent()).toBe('São Paulo (UTC−3)');
    const zones = await zone.locator('option').allTextContents();
    expect(zones).toContain('Cuiabá (UTC−4)');
    expect(zones).toContain('Belém (UTC−3)');
    expect(zones.join()).not.toContain('_');
    await zone.selectOption({ label: 'Cuiabá (UTC−4)' });
    // Half-edited, a stray Escape asks before throwing the change away.
    await page.keyboard.press('Escape');
    const leave = page.getByRole('dialog', { name: 'Sair sem salvar?' });
    await leave.waitFor();
    await expectAccessible(page, 'store dialog asking before closing');
    await leave.getByRole('button', { name: 'Continuar editando' }).click();
    expect(await zone.inputValue()).toBe('America/Cuiaba');
    await expectAccessible(page, 'store dialog');
    await viewShot(page, 'admin-store-dialog-desktop');
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await page.getByText('Loja salva.', { exact: true }).waitFor();

    // The audit log finds it: who, what in words, which store, the zone before and after.
    await menu(page, 'Auditoria');
    const entry = page.getByRole('listitem').filter({ hasText: 'Alterou a loja' }).first();
    await entry.waitFor();
    await entry.getByText('Olga Dona').waitFor();
    await entry.getByRole('link', { name: 'Filial Campinas' }).waitFor();
    await entry.getByText('Fuso horário').waitFor();
    expect(await entry.locator('del').first().textContent()).toBe('São Paulo (UTC−3)');
    expect(await entry.locator('ins').first().textContent()).toBe('Cuiabá (UTC−4)');
    // The time, in the user's locale.
    expect(await entry.locator('time').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4},? \d{2}:\d{2}$/);
    await expectAccessible(page, 'audit log');
    await screenshot(page, 'admin-audit-desktop');

    // Filters narrow the list and live in the address.
    await page.getByLabel('Registro', { exact: true }).selectOption({ label: 'Loja' });
    await page.waitForURL(/type=store/);
    await page.getByLabel('Ação', { exact: true }).selectOption({ label: 'Alterou a loja' });
    await page.waitForURL(/action=stores\.updated/);
    await entry.waitFor();
    await expect.poll(() => page.getByRole('listitem').filter({ hasText: 'Cadastrou o usuário' }).count()).toBe(0);
    await page.getByLabel('Ação', { exact: true }).selectOption({ label: 'Excluiu o veículo' });
    await page.getByText('Nenhuma alteração encontrada').waitFor();
    await page.getByRole('button', { name: 'Limpar filtros' }).click();
    await entry.waitFor();

    // "Alterar senha" from the user menu: the server's refusal lands on its field.
    await page.getByRole('button', { name: /Menu de Olga Dona/ }).click();
    await page.getByRole('menuitem', { name: 'Alterar senha' }).click();
    const pw = page.getByRole('dialog', { name: 'Alterar senha' });
    await pw.getByText('De 8 a 128 caracteres. Não use o seu e-mail nem uma senha comum.').waitFor();
    await pw.getByLabel('Senha atual').fill('nao-e-esta-1234');
    await pw.getByLabel('Nova senha', { exact: true }).fill(NEW_PASSWORD);
    await pw.getByLabel('Repita a nova senha').fill(NEW_PASSWORD);
    await pw.getByRole('button', { name: 'Alterar senha' }).click();
    await pw.getByText('A senha atual está incorreta.').waitFor();
    expect(await pw.getByLabel('Senha atual').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'change password dialog with an error');
    await viewShot(page, 'admin-password-desktop');
    await pw.getByLabel('Senha atual').fill(PASSWORD);
    await pw.getByRole('button', { name: 'Alterar senha' }).click();
    await page.getByText('Senha alterada.', { exact: true }).waitFor();
    await pw.waitFor({ state: 'detached' });

    // This session goes on with the replacing tokens: the next screens still load.
    await menu(page, 'Usuários');
    await page.getByRole('cell', { name: /^Olga Dona/ }).waitFor();
    await menu(page, 'Auditoria');
    await page.getByRole('listitem').filter({ hasText: 'Trocou a senha' }).first().waitFor();
    // The old password no longer signs in; the new one does.
    const old = await api('/api/v1/auth/login', null, { method: 'POST', body: JSON.stringify({ email: ADMIN, password: PASSWORD }) });
    expect(old.status).toBe(401);
    await page.getByRole('button', { name: /Menu de Olga Dona/ }).click();
    await page.getByRole('menuitem', { name: 'Sair' }).click();
    await page.waitForURL(`${origin}/login`);
    await signedIn(page, ADMIN, await adminPassword());
    await page.getByRole('heading', { name: 'Olá, Olga' }).waitFor();
    await context.close();
  });

  it('grants Sales price changes, which the API then allows a salesperson, and restores the defaults', async () => {
    const { context, page } = await newPage();
    await page.goto(`${origin}/login`);
    await signedIn(page, ADMIN, await adminPassword());
    const seller = await apiToken(SELLER);
    const onix = (await (await api('/api/v1/vehicles?q=onix', seller)).json()) as { items: Array<{ id: string; version: number; priceCents: number }> };
    const car = onix.items[0]!;
    const reprice = async () => {
      const current = (await (await api(`/api/v1/vehicles/${car.id}`, seller)).json()) as { version: number; priceCents: number };
      return api(`/api/v1/vehicles/${car.id}`, seller, {
        method: 'PATCH',
        headers: { 'If-Match': `"${current.version}"` },
        body: JSON.stringify({ priceCents: current.priceCents - 10_000 }),
      });
    };
    // By default a salesperson may not change a price.
    expect((await reprice()).status).toBe(403);

    await menu(page, 'Perfis e permissões');
    await page.getByRole('heading', { name: 'Perfis e permissões', level: 1 }).waitFor();
    await expect.poll(() => page.title()).toBe('Perfis e permissões · Innexar');
    const grant = page.getByRole('checkbox', { name: 'Vendas: Alterar o preço de venda' });
    expect(await grant.isChecked()).toBe(false);
    // The Owner's column is fixed.
    expect(await page.getByRole('checkbox', { name: 'Proprietário: Alterar o preço de venda' }).isDisabled()).toBe(true);
    await expectAccessible(page, 'roles');
    await grant.check();
    await page.getByText('1 alteração não salva').waitFor();

    // Leaving with the tick unsaved asks first.
    await menu(page, 'Auditoria');
    const leave = page.getByRole('dialog', { name: 'Sair sem salvar?' });
    await leave.waitFor();
    await leave.getByRole('button', { name: 'Continuar editando' }).click();
    expect(page.url()).toBe(`${origin}/admin/roles`);
    await screenshot(page, 'admin-roles-desktop');

    await page.getByRole('button', { name: 'Salvar alterações' }).click();
    await page.getByText('Permissões de Vendas salvas.', { exact: true }).waitFor();
    await page.getByRole('columnheader', { name: /Vendas/ }).getByText('Personalizado').waitFor();
    expect(await grant.isChecked()).toBe(true);

    // The salesperson's next request follows the new grants.
    await expect.poll(async () => (await reprice()).status, { timeout: 10_000 }).toBe(200);
    const me = (await (await api('/api/v1/me', await apiToken(SELLER))).json()) as { permissions: string[] };
    expect(me.permissions).toContain('vehicles.change_price');

    // Restoring the defaults, after a confirmation.
    await page.getByRole('button', { name: 'Restaurar o padrão de Vendas' }).click();
    const confirm = page.getByRole('dialog', { name: 'Restaurar o padrão de Vendas?' });
    await expectAccessible(page, 'restore defaults dialog');
    await confirm.getByRole('button', { name: 'Restaurar padrão' }).click();
    await page.getByText('Permissões de Vendas restauradas.', { exact: true }).waitFor();
    expect(await grant.isChecked()).toBe(false);
    await page.getByRole('columnheader', { name: /Vendas/ }).getByText('Padrão').waitFor();
    await expect.poll(async () => (await reprice()).status, { timeout: 10_000 }).toBe(403);

    // Both changes are in the log, in the roles screen's words.
    await menu(page, 'Auditoria');
    await page.getByLabel('Ação', { exact: true }).selectOption({ label: 'Alterou as permissões de um perfil' });
    const changes = page.getByRole('listitem').filter({ hasText: 'Alterou as permissões de um perfil' });
    await expect.poll(() => changes.count()).toBe(2);
    await changes.nth(1).getByText('Permissões concedidas').waitFor();
    await changes.nth(1).getByText('Alterar o preço de venda').waitFor();
    await changes.nth(0).getByText('Permissões retiradas').waitFor();
    await context.close();
  });

  it('imports a spreadsheet with a bad row: its column, value and vehicle, and the rejected rows as XLSX', async () => {
    const { context, page } = await newPage();
    await page.goto(`${origin}/inventory/import`);
    await signedIn(page, ADMIN, await adminPassword());
    await expect.poll(() => page.title()).toBe('Importar veículos · Estoque · Innexar');
    await page.getByLabel('Planilha (CSV ou XLSX)').setInputFiles({ name: 'estoque.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV, 'utf8') });
    await page.getByRole('button', { name: 'Validar' }).click();
    await page.getByRole('heading', { name: 'Resultado da validação (nada foi gravado)' }).waitFor();

    const table = page.getByRole('table', { name: 'Linhas com erro' });
    const row = table.getByRole('row').filter({ hasText: 'Ano inválido' });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[0]).toBe('3');
    expect(cells[1]).toBe('WSX2R34');
    expect(cells[2]).toBe('ano');
    expect(cells[3]).toBe('dois mil');
    expect(cells[4]).toBe('Ano inválido (use 2023 ou 2023/2024).');
    await expectAccessible(page, 'import with a bad row');
    await screenshot(page, 'admin-import-desktop');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Baixar linhas rejeitadas' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const path = join(mkdtempSync(join(tmpdir(), 'innexar-rejected-')), file.suggestedFilename());
    await file.saveAs(path);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    // The sheet holds the bad row (and not the good one), to fix and import again.
    const sheet = [
      execFileSync('unzip', ['-p', path, 'xl/sharedStrings.xml']).toString('utf8').replace(/\s+/g, ' '),
      execFileSync('unzip', ['-p', path, 'xl/worksheets/sheet1.xml']).toString('utf8'),
    ].join('\n');
    expect(sheet).toContain('WSX2R34');
    expect(sheet).toContain('dois mil');
    expect(sheet).not.toContain('QAZ1E23');
    await context.close();
  });

  it('meets an unknown vehicle and an unknown address as "not found", once, with the way back', async () => {
    const { context, page } = await newPage();
    await page.goto(`${origin}/inventory/xyz`);
    await signedIn(page, ADMIN, await adminPassword());
    await page.getByText('Veículo não encontrado').waitFor();
    const main = page.getByRole('main');
    expect(await main.getByText(/não encontrad/i).count()).toBe(1);
    expect(await main.textContent()).not.toMatch(/Invalid URL|Cannot parse|http\.|not found/);
    await expect.poll(() => page.title()).toBe('Veículo não encontrado · Estoque · Innexar');
    await expectAccessible(page, 'vehicle not found');
    await screenshot(page, 'admin-vehicle-not-found-desktop');
    await main.getByRole('link', { name: 'Voltar ao estoque' }).click();
    await page.waitForURL(`${origin}/inventory`);

    await page.goto(`${origin}/nada-por-aqui`);
    await page.getByText('Página não encontrada').waitFor();
    await expect.poll(() => page.title()).toBe('Página não encontrada · Innexar');
    await expectAccessible(page, 'page not found');
    await page.getByRole('main').getByRole('link', { name: 'Voltar ao início' }).click();
    await page.waitForURL(`${origin}/`);
    await context.close();
  });
});

describe('a salesperson who forgot the password, on a phone', () => {
  it('asks for a link, which the Owner finds in the messages, and sets a new password with it', async () => {
    const NEW = 'sara-lembrou-agora-2026';
    const { context, page } = await newPage(PHONE);
    await page.goto(`${origin}/login`);
    await page.getByLabel('E-mail').fill(SELLER);
    await screenshot(page, 'admin-login-phone');
    const forgot = await page.getByRole('link', { name: 'Esqueci minha senha' }).boundingBox();
    expect(forgot?.height).toBeGreaterThanOrEqual(44);
    await page.getByRole('link', { name: 'Esqueci minha senha' }).click();
    await page.waitForURL(/\/forgot-password/);
    await expect.poll(() => page.title()).toBe('Recuperar a senha · Innexar');
    expect(await page.getByLabel('E-mail').inputValue()).toBe(SELLER);
    await expectAccessible(page, 'forgot password');
    await screenshot(page, 'admin-forgot-phone');
    await page.getByRole('button', { name: 'Enviar link' }).click();
    await page.getByRole('heading', { name: 'Confira seu e-mail' }).waitFor();
    await page.getByText(`Se houver um usuário com o e-mail ${SELLER}`).waitFor();
    await expectAccessible(page, 'reset link sent');
    await screenshot(page, 'admin-forgot-sent-phone');
    // An address nobody has gets the same answer from the server.
    const unknown = await api('/api/v1/auth/password-reset', null, { method: 'POST', body: JSON.stringify({ email: 'ninguem@e2e.innexar.test' }) });
    expect(unknown.status).toBe(202);

    // Until e-mail is set up, the Owner reads the link in the messages and passes it on.
    const owner = await newPage();
    await owner.page.goto(`${origin}/login`);
    await signedIn(owner.page, ADMIN, await adminPassword());
    // No e-mail is set up: the message is kept in the mailbox (web/e2e/mailbox.e2e.ts has more).
    await menu(owner.page, 'Mensagens');
    const message = owner.page.getByRole('table', { name: 'Mensagens' }).getByRole('row').filter({ hasText: SELLER }).first();
    await message.getByRole('cell', { name: 'Redefinição de senha', exact: true }).waitFor();
    await message.getByText('Guardada', { exact: true }).waitFor({ timeout: 15_000 });
    await expectAccessible(owner.page, 'messages');
    await screenshot(owner.page, 'admin-messages-desktop');
    await message.getByRole('button', { name: /^Redefinição de senha — / }).click();
    const sheet = owner.page.getByRole('dialog', { name: /^Redefinição de senha — / });
    await sheet.getByRole('group', { name: 'Exibir o e-mail' }).getByRole('button', { name: 'Texto simples' }).click();
    const href = await sheet.getByRole('link', { name: /reset-password\?token=/ }).getAttribute('href');
    await sheet.getByRole('button', { name: 'Fechar' }).last().click();
    const reset = new URL(href ?? '');
    expect(reset.pathname).toBe('/reset-password');
    await menu(owner.page, 'Auditoria');
    await owner.page.getByRole('listitem').filter({ hasText: 'Pediu um link para redefinir a senha' }).filter({ hasText: 'Sara Vendas' }).first().waitFor();
    await owner.context.close();

    // The link leads to a new password, checked as the server checks it.
    await page.goto(`${origin}${reset.pathname}${reset.search}`);
    await expect.poll(() => page.title()).toBe('Crie uma nova senha · Innexar');
    await page.getByLabel('Nova senha', { exact: true }).fill('curta');
    await page.getByLabel('Repita a nova senha').fill('outra');
    await page.getByRole('button', { name: 'Salvar a nova senha' }).click();
    await page.getByText('A senha precisa de ao menos 8 caracteres.').waitFor();
    await page.getByText('As senhas não conferem.').waitFor();
    await expectAccessible(page, 'reset password with errors');
    await screenshot(page, 'admin-reset-phone');
    await page.getByLabel('Nova senha', { exact: true }).fill(NEW);
    await page.getByLabel('Repita a nova senha').fill(NEW);
    await page.getByRole('button', { name: 'Salvar a nova senha' }).click();
    await page.getByText('Senha alterada. Agora é só entrar com a nova senha.').waitFor();
    await page.getByRole('link', { name: 'Entrar' }).click();
    await page.waitForURL(`${origin}/login`);
    await signedIn(page, SELLER, NEW);
    await page.getByRole('heading', { name: 'Olá, Sara' }).waitFor();

    // A link works once; a link without its token says what to do.
    const used = await context.newPage();
    watchConsole(used);
    await used.goto(`${origin}${reset.pathname}${reset.search}`);
    await used.getByLabel('Nova senha', { exact: true }).fill('mais-uma-senha-2026');
    await used.getByLabel('Repita a nova senha').fill('mais-uma-senha-2026');
    await used.getByRole('button', { name: 'Salvar a nova senha' }).click();
    await used.getByText('Este link de redefinição é inválido, já foi usado ou expirou. Peça um novo.').waitFor();
    await used.getByRole('link', { name: 'Pedir um novo link' }).waitFor();
    await used.goto(`${origin}/reset-password`);
    await used.getByText('Este link está incompleto ou não vale mais. Peça um novo link.').waitFor();
    await context.close();
  });
});

describe('an owner on a phone', () => {
  it('reads the audit log and the roles one role at a time', async () => {
    const { context, page } = await newPage(PHONE);
    await page.goto(`${origin}/login`);
    await signedIn(page, ADMIN, await adminPassword());
    await menu(page, 'Auditoria');
    await page.getByRole('listitem').filter({ hasText: 'Alterou a loja' }).first().waitFor();
    await expectAccessible(page, 'audit log (phone)');
    await screenshot(page, 'admin-audit-phone');
    await viewShot(page, 'admin-audit-phone-top');

    await menu(page, 'Perfis e permissões');
    await page.getByLabel('Perfil', { exact: true }).selectOption({ label: 'Vendas' });
    await page.getByRole('checkbox', { name: 'Vendas: Ver o estoque' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Gerente de loja: Ver o estoque' }).isVisible()).toBe(false);
    const box = await page.getByRole('checkbox', { name: 'Vendas: Ver o estoque' }).locator('..').boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);
    await expectAccessible(page, 'roles (phone)');
    await screenshot(page, 'admin-roles-phone');

    // The import's problems as cards, each with its row, vehicle, column and value.
    await page.goto(`${origin}/inventory/import`);
    await page.getByLabel('Planilha (CSV ou XLSX)').setInputFiles({ name: 'estoque.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV, 'utf8') });
    await page.getByRole('button', { name: 'Validar' }).click();
    const card = page.getByRole('listitem').filter({ hasText: 'Ano inválido' });
    await card.waitFor();
    const term = (name: string) => card.locator('dt', { hasText: name }).locator('xpath=following-sibling::dd[1]').textContent();
    expect(await term('Linha')).toBe('3');
    expect(await term('Veículo')).toBe('WSX2R34');
    expect(await term('Coluna')).toBe('ano');
    expect(await term('Valor na planilha')).toBe('dois mil');
    await page.getByRole('button', { name: 'Baixar linhas rejeitadas' }).waitFor();
    await expectAccessible(page, 'import with a bad row (phone)');
    await screenshot(page, 'admin-import-phone');
    await context.close();
  });
});
