// Data-subject rights and the CRM's settings (issue #13): the Owner on a desktop registers an
// access request from a customer's 360 view, downloads the person's data, anonymises them (the
// name typed to confirm), sees the pseudonym and closes the request on /admin/privacy; then makes
// an intake key on /admin/crm, posts a lead with it through the API as a website would, and sees
// the lead on the pipeline. A store manager on a phone sets their store's response time and reads
// the lists, which only the Owner changes. Axe on every screen; screenshots in
// e2e/screenshots/privacy-*.
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, keepFailurePictures, launch, screenshot } from './browser';
import { OWNER, PASSWORD, TENANT } from './server';

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const storeId = inject('storeId');
const opened: Page[] = [];
const MANAGER = 'gerente-privacidade@e2e.innexar.test';

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
  await api('POST', '/api/v1/users', { email: MANAGER, name: 'Renata Gerente', roles: ['store_manager'], storeIds: [storeId], password: PASSWORD });
});
afterAll(async () => {
  await browser?.close();
});
keepFailurePictures(opened);

async function signedIn(email: string, viewport: { width: number; height: number }, path: string) {
  const context = await browser.newContext({ viewport, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  opened.push(page);
  await page.goto(`${origin}${path}`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL(`${origin}${path}`);
  return { context, page };
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

describe('the Owner on a desktop', () => {
  it('registers an access request, downloads the data, anonymises the customer and closes the request', async () => {
    const customer = await api<{ id: string }>('POST', '/api/v1/customers', {
      kind: 'person',
      name: 'Helena Duarte Prado',
      cpf: '390.533.447-05',
      phones: [{ number: '11987651234', whatsapp: true }],
      emails: [{ address: 'helena.prado@example.com' }],
      notes: 'Mora na Rua das Acácias, 120.',
      storeId,
    });
    const { context, page } = await signedIn(OWNER, DESKTOP, `/customers/${customer.id}`);
    await page.getByRole('heading', { name: 'Helena Duarte Prado', level: 1 }).waitFor();

    // The request, from the 360 view's "Privacidade" menu.
    await page.getByRole('button', { name: 'Privacidade' }).click();
    await page.getByRole('menuitem', { name: 'Registrar solicitação do titular' }).click();
    const dialog = page.getByRole('dialog', { name: 'Solicitação do titular' });
    await dialog.getByLabel('O que o titular pediu').selectOption({ label: 'Acesso aos dados' });
    await dialog.getByLabel('Como chegou').fill('e-mail');
    await dialog.getByLabel('Detalhes do pedido').fill('Pediu uma cópia de tudo o que a loja guarda.');
    await expectAccessible(page, 'data request dialog');
    await screenshot(page, 'privacy-request-dialog-desktop');
    await dialog.getByRole('button', { name: 'Registrar solicitação' }).click();
    await page.getByText(/^Solicitação registrada: responder até \d{2}\/\d{2}\/\d{4}\.$/).waitFor();

    // The person's data, as a file.
    await page.getByRole('button', { name: 'Privacidade' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Baixar os dados do titular' }).click()]);
    expect(download.suggestedFilename()).toBe(`titular-${customer.id}.json`);
    const doc = JSON.parse(readFileSync(await download.path(), 'utf8')) as { customer: { name: string }; dataRequests: Array<{ kind: string }> };
    expect(doc.customer.name).toBe('Helena Duarte Prado');
    expect(doc.dataRequests).toEqual([expect.objectContaining({ kind: 'access' })]);
    await page.getByText(`Dados de Helena Duarte Prado baixados (titular-${customer.id}.json).`, { exact: true }).waitFor();

    // Anonymisation: what goes and what stays, then the name typed to confirm.
    await page.getByRole('button', { name: 'Privacidade' }).click();
    await page.getByRole('menuitem', { name: 'Anonimizar o titular' }).click();
    const anonymize = page.getByRole('dialog', { name: 'Anonimizar Helena Duarte Prado' });
    await anonymize.getByText('O que é apagado').waitFor();
    await anonymize.getByText('O que fica').waitFor();
    const confirmName = anonymize.getByLabel('Para confirmar, digite o nome do titular: Helena Duarte Prado');
    await confirmName.fill('Helena Prado');
    await anonymize.getByRole('button', { name: 'Anonimizar definitivamente' }).click();
    await anonymize.getByText('O nome digitado não confere.').waitFor();
    await confirmName.fill('helena duarte prado');
    await expectAccessible(page, 'anonymise dialog');
    await screenshot(page, 'privacy-anonymize-desktop');
    await anonymize.getByRole('button', { name: 'Anonimizar definitivamente' }).click();
    await page.getByText('Titular anonimizado.', { exact: true }).waitFor();
    const pseudonym = `Titular anonimizado ${customer.id.slice(0, 8)}`;
    await page.getByRole('heading', { name: pseudonym, level: 1 }).waitFor();
    expect(await page.getByText('helena.prado@example.com').count()).toBe(0);
    expect(await page.getByText('Mora na Rua das Acácias').count()).toBe(0);
    // Done once: the menu no longer offers it.
    await page.getByRole('button', { name: 'Privacidade' }).click();
    await page.getByRole('menuitem', { name: 'Baixar os dados do titular' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Anonimizar o titular' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await expectAccessible(page, 'anonymised customer 360');
    await screenshot(page, 'privacy-anonymized-360-desktop');

    // The request on /admin/privacy, closed with its answer.
    await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Privacidade (LGPD)' }).click();
    await page.waitForURL(`${origin}/admin/privacy`);
    await page.getByRole('heading', { name: 'Privacidade (LGPD)', level: 1 }).waitFor();
    const open = page.getByRole('tabpanel', { name: /Em aberto/ });
    await open.getByText('Acesso aos dados').waitFor();
    await open.getByText('Prazo:').waitFor();
    await expectAccessible(page, 'open data requests');
    await screenshot(page, 'privacy-requests-desktop');
    await open.getByRole('button', { name: /^Encerrar a solicitação de Acesso aos dados recebida em/ }).click();
    const close = page.getByRole('dialog', { name: 'Encerrar solicitação' });
    await close.getByLabel('Atendida').check();
    await close.getByLabel('Resposta dada ao titular').fill('Cópia enviada por e-mail e dados anonimizados a pedido.');
    await expectAccessible(page, 'close request dialog');
    await close.getByRole('button', { name: 'Encerrar solicitação' }).click();
    await page.getByText('Solicitação encerrada.', { exact: true }).waitFor();
    await page.getByText('Nenhuma solicitação em aberto').waitFor();
    await page.getByRole('tab', { name: 'Encerradas' }).click();
    const closed = page.getByRole('tabpanel', { name: 'Encerradas' });
    await closed.getByText('Atendida', { exact: true }).waitFor();
    await closed.getByText('Cópia enviada por e-mail e dados anonimizados a pedido.').waitFor();
    await expectAccessible(page, 'closed data requests');
    await screenshot(page, 'privacy-requests-closed-desktop');

    // The server agrees.
    const requests = await api<{ items: Array<{ status: string; answer: string }> }>('GET', `/api/v1/crm/data-requests?customerId=${customer.id}`);
    expect(requests.items).toEqual([expect.objectContaining({ status: 'completed', answer: 'Cópia enviada por e-mail e dados anonimizados a pedido.' })]);
    await context.close();
  });

  it('makes an intake key, posts a lead with it and sees the lead on the pipeline', async () => {
    const { context, page } = await signedIn(OWNER, DESKTOP, '/admin/crm');
    await page.getByRole('heading', { name: 'Configurações do CRM', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Atendimento por loja' }).getByLabel('Prazo de primeira resposta (minutos)').waitFor();
    await page.getByText('Nenhuma chave de integração').waitFor();
    await expectAccessible(page, 'CRM settings');

    // The store's first-response time, saved.
    const settings = page.getByRole('region', { name: 'Atendimento por loja' });
    await settings.getByLabel('Loja').selectOption({ label: 'Matriz Pinheiros' });
    await settings.getByLabel('Prazo de primeira resposta (minutos)').fill('20');
    await settings.getByLabel('Distribuição de novos leads').selectOption({ label: 'Vendedor por origem (rodízio para as demais)' });
    await settings.getByLabel('Vendedor dos leads de Site da loja').selectOption({ label: 'Dona Maria' });
    await settings.getByRole('button', { name: 'Salvar atendimento' }).click();
    await page.getByText('Atendimento de Matriz Pinheiros salvo.', { exact: true }).waitFor();
    const saved = await api<{ firstResponseMinutes: number; assignment: string; sourceOwners: Record<string, string> }>('GET', `/api/v1/crm/stores/${storeId}/lead-settings`);
    expect(saved).toEqual(expect.objectContaining({ firstResponseMinutes: 20, assignment: 'by_source', sourceOwners: { website: expect.any(String) } }));

    // The key, shown once.
    await page.getByRole('button', { name: 'Nova chave' }).click();
    const make = page.getByRole('dialog', { name: 'Nova chave de integração' });
    await make.getByLabel('Nome da chave').fill('Formulário do site');
    await make.getByLabel('Origem dos leads').selectOption({ label: 'Site da loja' });
    await make.getByLabel('Loja').selectOption({ label: 'Matriz Pinheiros' });
    await expectAccessible(page, 'new intake key dialog');
    await make.getByRole('button', { name: 'Criar chave' }).click();
    const shown = page.getByRole('dialog', { name: 'Chave criada' });
    await shown.getByText('Copie a chave agora: ela não será mostrada de novo.', { exact: false }).waitFor();
    const key = await shown.getByLabel('Chave de integração').inputValue();
    expect(key.length).toBeGreaterThan(20);
    await shown.getByRole('button', { name: 'Copiar chave' }).click();
    await page.getByText('Chave copiada.', { exact: true }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await expectAccessible(page, 'intake key shown once');
    await screenshot(page, 'privacy-intake-key-desktop');
    await shown.getByRole('button', { name: 'Já copiei a chave' }).click();
    const row = page.getByRole('listitem', { name: 'Formulário do site' });
    await row.getByText('Nunca usada').waitFor();
    expect(await page.getByText(key).count()).toBe(0);

    // A website posts a lead with it, as the "Como enviar um lead" example shows.
    const posted = await fetch(`http://127.0.0.1:${port}/api/v1/intake/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Tenant': TENANT, 'X-Api-Key': key },
      body: JSON.stringify({
        externalId: 'site-e2e-0001',
        name: 'Otávio Site',
        phone: '(11) 96543-2109',
        email: 'otavio@example.com',
        message: 'Quero o HB20. Aceitam troca?',
        marketingConsent: { granted: true, textShown: 'Aceito receber ofertas.', textVersion: '2026-12' },
        website: '',
      }),
    });
    expect(posted.status).toBe(201);
    await page.reload();
    await page.getByRole('listitem', { name: 'Formulário do site' }).getByText(/Último uso: \d{2}\/\d{2}\/\d{4}/).waitFor();
    await page.getByText('Como enviar um lead').click();
    await page.getByText(/X-Api-Key: <chave>/).waitFor();
    await expectAccessible(page, 'intake keys with the example');
    await screenshot(page, 'privacy-crm-admin-desktop');

    // On the pipeline, from the website, with the store's salesperson for that source.
    await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Funil' }).click();
    await page.waitForURL(`${origin}/leads`);
    const card = page.getByRole('region', { name: 'Novo' }).getByRole('article', { name: 'Otávio Site' });
    await card.getByText('Site da loja').waitFor();
    await screenshot(page, 'privacy-intake-lead-board-desktop');

    // Revoked: the next post is refused.
    await page.goto(`${origin}/admin/crm`);
    await page.getByRole('button', { name: 'Revogar a chave Formulário do site' }).click();
    const revoke = page.getByRole('dialog', { name: 'Revogar Formulário do site?' });
    await expectAccessible(page, 'revoke dialog');
    await revoke.getByRole('button', { name: 'Revogar chave' }).click();
    await page.getByText('Chave revogada.', { exact: true }).waitFor();
    await page.getByRole('listitem', { name: 'Formulário do site' }).getByText(/^Revogada em/).waitFor();
    const refused = await fetch(`http://127.0.0.1:${port}/api/v1/intake/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Tenant': TENANT, 'X-Api-Key': key },
      body: JSON.stringify({ externalId: 'site-e2e-0002', name: 'Outro Lead', phone: '11965430000', website: '' }),
    });
    expect(refused.status).toBe(401);
    await context.close();
  });
});

describe('a store manager on a phone', () => {
  it("sets the store's first-response time and reads the lists only the Owner changes", async () => {
    const { context, page } = await signedIn(MANAGER, PHONE, '/');
    await page.getByRole('button', { name: 'Abrir menu' }).click();
    const menu = page.getByRole('dialog', { name: 'Navegação principal' });
    await menu.getByRole('link', { name: 'CRM' }).waitFor();
    // Data-subject rights are the Owner's.
    expect(await menu.getByRole('link', { name: 'Privacidade (LGPD)' }).count()).toBe(0);
    await menu.getByRole('link', { name: 'CRM' }).click();
    await page.waitForURL(`${origin}/admin/crm`);
    await page.getByRole('heading', { name: 'Configurações do CRM', level: 1 }).waitFor();

    const settings = page.getByRole('region', { name: 'Atendimento por loja' });
    const minutes = settings.getByLabel('Prazo de primeira resposta (minutos)');
    await minutes.waitFor();
    await minutes.fill('0');
    await settings.getByRole('button', { name: 'Salvar atendimento' }).click();
    await settings.getByText('O prazo de primeira resposta vai de 1 minuto a 7 dias.').waitFor();
    await minutes.fill('15');
    await settings.getByLabel('Distribuição de novos leads').selectOption({ label: 'Manual: o gerente distribui' });
    const save = settings.getByRole('button', { name: 'Salvar atendimento' });
    await expectTouchTargets('settings controls', [minutes, settings.getByLabel('Distribuição de novos leads'), save]);
    await save.click();
    await page.getByText('Atendimento de Matriz Pinheiros salvo.', { exact: true }).waitFor();
    const saved = await api<{ firstResponseMinutes: number; assignment: string }>('GET', `/api/v1/crm/stores/${storeId}/lead-settings`, undefined, MANAGER);
    expect(saved).toEqual(expect.objectContaining({ firstResponseMinutes: 15, assignment: 'manual' }));

    // The lists, read-only; no intake keys.
    const lists = page.getByRole('region', { name: 'Listas do funil' });
    await lists.getByText('Somente o proprietário altera as listas.').waitFor();
    await lists.getByText('Site da loja').waitFor();
    expect(await lists.getByRole('button', { name: 'Salvar lista' }).count()).toBe(0);
    await lists.getByRole('tab', { name: 'Motivos de perda' }).click();
    await lists.getByText('Financiamento negado').waitFor();
    await expectTouchTargets('list tabs', [lists.getByRole('tab', { name: 'Motivos de perda' })]);
    expect(await page.getByRole('heading', { name: 'Chaves de integração' }).count()).toBe(0);
    await expectAccessible(page, 'CRM settings on a phone');
    await screenshot(page, 'privacy-crm-admin-phone');

    // The privacy screen answers that it is not theirs.
    await page.goto(`${origin}/admin/privacy`);
    await page.getByText('Seu perfil não permite abrir esta página.').waitFor();
    await context.close();
  });

  it('lets the Owner on a phone work the requests with a finger', async () => {
    const customer = await api<{ id: string }>('POST', '/api/v1/customers', { kind: 'person', name: 'Igor Telefone', phones: [{ number: '11955554444' }], storeId });
    await api('POST', `/api/v1/customers/${customer.id}/data-requests`, { kind: 'correction', channel: 'balcão', details: 'O e-mail mudou.' });
    // A letter that arrived 20 days ago: past its 15 days.
    const late = new Date(Date.now() - 20 * 86_400_000).toISOString();
    await api('POST', `/api/v1/customers/${customer.id}/data-requests`, { kind: 'portability', channel: 'carta', receivedAt: late });
    const { context, page } = await signedIn(OWNER, PHONE, '/admin/privacy');
    const open = page.getByRole('tabpanel', { name: /Em aberto/ });
    await open.getByText('Correção').waitFor();
    // Soonest due first: the overdue one leads, marked.
    const items = open.getByRole('listitem');
    await expect.poll(() => items.count()).toBe(2);
    await items.first().getByText('Portabilidade').waitFor();
    await items.first().getByText('Atrasada').waitFor();
    expect(await items.nth(1).getByText('Atrasada').count()).toBe(0);
    await expectTouchTargets('request controls', [
      page.getByRole('tab', { name: /Em aberto/ }),
      page.getByRole('tab', { name: 'Encerradas' }),
      open.getByRole('button', { name: /^Encerrar a solicitação de Correção/ }),
      open.getByRole('link', { name: /^Abrir o cadastro do titular da solicitação de Correção/ }),
    ]);
    await expectAccessible(page, 'data requests on a phone');
    await screenshot(page, 'privacy-requests-phone');
    await open.getByRole('link', { name: /^Abrir o cadastro do titular da solicitação de Correção/ }).click();
    await page.getByRole('heading', { name: 'Igor Telefone', level: 1 }).waitFor();
    await expectTouchTargets('privacy menu', [page.getByRole('button', { name: 'Privacidade' })]);
    await context.close();
  });
});
