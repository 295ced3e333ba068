// The sales funnel (issue #13): a salesperson on a phone serves a walk-in, logs a call, moves the
// lead through the board to negotiating with the keyboard menu and reads why it scored what it
// did; a store manager on a desktop drags a card to another column and reassigns a lead with a
// reason. Axe on every screen; screenshots in e2e/screenshots/pipeline-*.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, keepFailurePictures, launch, openSignedIn, screenshot } from './browser';
import { OWNER, PASSWORD, TENANT } from './server';

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const storeId = inject('storeId');
const opened: Page[] = [];
const MANAGER = 'gerente-funil@e2e.innexar.test';
const SELLER = 'vendas-funil@e2e.innexar.test';
const OTHER_SELLER = 'vendas2-funil@e2e.innexar.test';

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

let otherSellerId = '';
beforeAll(async () => {
  browser = await launch();
  await api('POST', '/api/v1/users', { email: MANAGER, name: 'Marta Gerente', roles: ['store_manager'], storeIds: [storeId], password: PASSWORD });
  await api('POST', '/api/v1/users', { email: SELLER, name: 'Paulo Vendas', roles: ['sales'], storeIds: [storeId], password: PASSWORD });
  const other = await api<{ user: { id: string } }>('POST', '/api/v1/users', { email: OTHER_SELLER, name: 'Sofia Vendas', roles: ['sales'], storeIds: [storeId], password: PASSWORD });
  otherSellerId = other.user.id;
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

/** Opens a card's "Mover para…" menu from the keyboard and picks a stage by typing its name. */
async function moveByKeyboard(page: Page, name: string, stage: string) {
  const trigger = page.getByRole('button', { name: `Mover ${name} para outra etapa` });
  await trigger.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu');
  await menu.waitFor();
  await page.keyboard.type(stage.slice(0, 4));
  await expect.poll(() => menu.getByRole('menuitem', { name: stage }).evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.press('Enter');
  await page.getByText(`Lead movido para ${stage}.`, { exact: true }).waitFor();
}

describe('a salesperson on a phone', () => {
  it('serves a walk-in, logs a call, moves the lead to negotiating with the keyboard and reads its score', async () => {
    const { context, page } = await signedIn(SELLER, PHONE, '/');
    await page.getByRole('button', { name: 'Abrir menu' }).click();
    await page.getByRole('dialog', { name: 'Navegação principal' }).getByRole('link', { name: 'Funil' }).click();
    await page.waitForURL(`${origin}/leads`);
    await page.getByRole('heading', { name: 'Funil de vendas', level: 1 }).waitFor();
    await page.getByRole('button', { name: /^Novo\s*0$/ }).waitFor();
    await expectAccessible(page, 'empty board on a phone');

    // The walk-in: not registered yet, so a name and a phone at the door.
    await page.getByRole('button', { name: 'Atendimento na loja' }).click();
    await page.waitForURL(`${origin}/leads/walk-in`);
    await page.getByRole('searchbox', { name: 'Buscar cliente' }).fill('Júlia Martins');
    await page.getByText('Nenhum cliente encontrado.').waitFor();
    await page.getByRole('button', { name: 'Cadastrar novo cliente' }).click();
    await page.getByLabel('Nome completo').fill('Júlia Martins');
    await page.getByLabel('Telefone', { exact: true }).pressSequentially('11976543210');
    expect(await page.getByLabel('Telefone', { exact: true }).inputValue()).toBe('(11) 97654-3210');
    // Paulo works in one store only: the customer and the lead are that store's without asking.
    expect(await page.getByLabel('Loja', { exact: true }).count()).toBe(0);
    await expectAccessible(page, 'walk-in registration on a phone');
    await page.getByRole('button', { name: 'Cadastrar e continuar' }).click();

    // What she wants; the source is the store visit.
    await page.getByText('Atendendo Júlia Martins').waitFor();
    await expect.poll(() => page.getByLabel('Origem').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('Loja (visita)');
    await page.getByLabel('Marca').fill('Chevrolet');
    await page.getByLabel('Modelo').fill('Onix');
    await page.getByLabel('Orçamento (R$)').pressSequentially('8000000');
    expect(await page.getByLabel('Orçamento (R$)').inputValue()).toBe('80.000,00');
    await page.getByLabel('Tem carro para dar na troca').check();
    await page.getByLabel('Carro da troca').fill('Gol 2015');
    await expectAccessible(page, 'walk-in interest on a phone');
    await screenshot(page, 'pipeline-walk-in-phone');
    await page.getByRole('button', { name: 'Criar lead' }).click();
    await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
    const leadId = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: 'Júlia Martins', level: 1 }).waitFor();
    await page.getByText('Chevrolet Onix').waitFor();
    await page.getByText('R$ 80.000,00').waitFor();

    // The call she got back.
    await page.getByRole('button', { name: 'Registrar atividade' }).click();
    const dialog = page.getByRole('dialog', { name: 'Registrar atividade' });
    expect(await dialog.getByLabel('Tipo').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('Ligação');
    await dialog.getByLabel('O que foi conversado ou feito').fill('Quer o Onix prata, financiado em 48x.');
    await expectAccessible(page, 'activity dialog on a phone');
    await screenshot(page, 'pipeline-activity-phone');
    await dialog.getByRole('button', { name: 'Registrar' }).click();
    await page.getByText('Atividade registrada.', { exact: true }).waitFor();
    // A call answers a new lead: it is contacted now.
    await page.getByRole('list').getByText('Quer o Onix prata, financiado em 48x.').waitFor();
    await page.getByText('Movido de Novo para Contatado').waitFor();

    // A test drive in the Onix from the stock: found by its model, the CNH seen, the km noted.
    await page.getByRole('button', { name: 'Registrar atividade' }).click();
    const drive = page.getByRole('dialog', { name: 'Registrar atividade' });
    await drive.getByLabel('Tipo').selectOption({ label: 'Test drive' });
    await drive.getByRole('searchbox', { name: /Buscar no estoque/ }).fill('onix');
    await drive.getByRole('radio', { name: /Chevrolet Onix/ }).check();
    await drive.getByLabel('CNH do motorista conferida e válida').check();
    await drive.getByLabel('Km na saída').fill('35000');
    await drive.getByLabel('Km na volta').fill('35012');
    await expectAccessible(page, 'test drive form on a phone');
    await screenshot(page, 'pipeline-test-drive-phone');
    await drive.getByRole('button', { name: 'Registrar' }).click();
    await page.getByText('35.000 → 35.012 km').waitFor();
    expect(await page.getByRole('link', { name: 'Ver o veículo' }).getAttribute('href')).toMatch(/^\/inventory\/[0-9a-f-]{36}$/);

    // On the board, one stage at a time; the card moves by its menu, from the keyboard.
    await page.getByRole('link', { name: 'Voltar para o funil' }).click();
    await page.waitForURL(`${origin}/leads`);
    await page.getByRole('button', { name: /^Contatado\s*1$/ }).click();
    const card = page.getByRole('article', { name: 'Júlia Martins' });
    await card.getByText('Chevrolet Onix').waitFor();
    await card.getByText('Loja (visita)').waitFor();
    const whatsapp = card.getByRole('link', { name: 'Conversar no WhatsApp com (11) 97654-3210' });
    expect(await whatsapp.getAttribute('href')).toBe('https://wa.me/5511976543210');
    await expectTouchTargets('board controls', [
      whatsapp,
      card.getByRole('button', { name: 'Mover Júlia Martins para outra etapa' }),
      page.getByRole('button', { name: /^Contatado\s*1$/ }),
      page.getByRole('button', { name: 'Só meus' }),
    ]);
    await expectAccessible(page, 'board on a phone');
    await screenshot(page, 'pipeline-board-phone');
    await moveByKeyboard(page, 'Júlia Martins', 'Qualificado');
    await page.getByRole('button', { name: /^Qualificado\s*1$/ }).click();
    await moveByKeyboard(page, 'Júlia Martins', 'Negociando');
    await page.getByRole('button', { name: /^Negociando\s*1$/ }).click();
    await page.getByRole('article', { name: 'Júlia Martins' }).waitFor();
    const lead = await api<{ stage: string }>('GET', `/api/v1/leads/${leadId}`, undefined, SELLER);
    expect(lead.stage).toBe('negotiating');

    // Why this score: each factor's points and the server's explanation.
    await page.getByRole('link', { name: 'Júlia Martins' }).click();
    await page.waitForURL(`${origin}/leads/${leadId}`);
    await page.getByText('Por que esta pontuação?').click();
    await page.getByText('Qualidade da origem').waitFor();
    await page.getByText('Carro na troca', { exact: true }).first().waitFor();
    const score = await api<{ factors: Array<{ detail: string }> }>('GET', `/api/v1/leads/${leadId}/score`, undefined, SELLER);
    await page.getByText(score.factors[0]!.detail).waitFor();
    await page.getByText('Movido de Qualificado para Negociando').waitFor();
    await expectAccessible(page, 'lead page with the score explained on a phone');
    await screenshot(page, 'pipeline-lead-phone');

    // A task due half an hour ago (so already late whatever the time of day, even just after
    // midnight), then done from "Minhas tarefas", which lists today's tasks and the late ones.
    const lateBy = new Date(Date.now() - 30 * 60_000);
    const due = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/Sao_Paulo', dateStyle: 'short', timeStyle: 'short' })
      .format(lateBy)
      .replace(' ', 'T');
    await page.getByRole('button', { name: 'Registrar atividade' }).click();
    const task = page.getByRole('dialog', { name: 'Registrar atividade' });
    await task.getByLabel('Tipo').selectOption({ label: 'Tarefa' });
    await task.getByLabel('Prazo').fill(due);
    await task.getByLabel('O que fazer').fill('Enviar simulação do financiamento');
    await task.getByRole('button', { name: 'Registrar' }).click();
    await page.getByText('Enviar simulação do financiamento').waitFor();
    await page.getByRole('button', { name: 'Abrir menu' }).click();
    await page.getByRole('dialog', { name: 'Navegação principal' }).getByRole('link', { name: 'Minhas tarefas' }).click();
    await page.waitForURL(`${origin}/tasks`);
    const done = page.getByRole('button', { name: 'Concluir a tarefa: Enviar simulação do financiamento' });
    await done.waitFor();
    await page.getByText('Atrasada', { exact: true }).waitFor();
    await expectTouchTargets('task actions', [done]);
    await expectAccessible(page, 'my tasks on a phone');
    await screenshot(page, 'pipeline-tasks-phone');
    await done.click();
    await page.getByText('Tarefa concluída.', { exact: true }).waitFor();
    await page.getByText('Nenhuma tarefa para hoje').waitFor();
    await context.close();
  });
});

describe('a store manager on a desktop', () => {
  it('drags a card to another column and reassigns a lead with a reason', async () => {
    const customer = await api<{ id: string }>('POST', '/api/v1/customers', {
      kind: 'person',
      name: 'Rafael Lima',
      phones: [{ number: '21988776655', whatsapp: true }],
      storeId,
    }, SELLER);
    const created = await api<{ id: string; ownerId: string }>('POST', '/api/v1/leads', { customerId: customer.id, source: 'walk_in', storeId, make: 'Fiat', model: 'Strada' }, SELLER);

    const { context, page } = await signedIn(MANAGER, DESKTOP, '/leads');
    await page.getByRole('heading', { name: 'Funil de vendas', level: 1 }).waitFor();
    const fresh = page.getByRole('region', { name: 'Novo' });
    const contacted = page.getByRole('region', { name: 'Contatado' });
    const card = fresh.getByRole('article', { name: 'Rafael Lima' });
    await card.waitFor();
    await expectAccessible(page, 'board on a desktop');
    await screenshot(page, 'pipeline-board-desktop');

    await card.dragTo(contacted);
    await page.getByText('Lead movido para Contatado.', { exact: true }).waitFor();
    await contacted.getByRole('article', { name: 'Rafael Lima' }).waitFor();
    expect(await fresh.getByRole('article', { name: 'Rafael Lima' }).count()).toBe(0);
    expect((await api<{ stage: string }>('GET', `/api/v1/leads/${created.id}`, undefined, MANAGER)).stage).toBe('contacted');
    await screenshot(page, 'pipeline-board-dragged-desktop');

    // Paulo is away: Sofia takes the lead, and the reason is kept.
    await contacted.getByRole('link', { name: 'Rafael Lima' }).click();
    await page.waitForURL(`${origin}/leads/${created.id}`);
    await page.getByText('Paulo Vendas').waitFor();
    await page.getByRole('button', { name: 'Reatribuir' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reatribuir lead' });
    await dialog.getByLabel('Novo vendedor').selectOption({ label: 'Sofia Vendas' });
    await dialog.getByRole('button', { name: 'Reatribuir' }).click();
    await dialog.getByText('Diga por que o lead muda de vendedor.').waitFor();
    await dialog.getByLabel('Motivo').fill('Paulo de férias até dia 20.');
    await expectAccessible(page, 'reassign dialog');
    await screenshot(page, 'pipeline-reassign-desktop');
    await dialog.getByRole('button', { name: 'Reatribuir' }).click();
    await page.getByText('Lead reatribuído.', { exact: true }).waitFor();
    await page.getByText('Sofia Vendas').waitFor();
    expect((await api<{ ownerId: string }>('GET', `/api/v1/leads/${created.id}`, undefined, MANAGER)).ownerId).toBe(otherSellerId);
    await expectAccessible(page, 'lead page on a desktop');
    await screenshot(page, 'pipeline-lead-desktop');

    // What he wants, made precise: from 2022 on, against the version read.
    await page.getByRole('button', { name: 'Editar interesse' }).click();
    const edit = page.getByRole('dialog', { name: 'Editar interesse' });
    await edit.getByLabel('Ano a partir de').fill('2022');
    await edit.getByLabel('Novo ou usado').selectOption({ label: 'Usado' });
    await edit.getByRole('button', { name: 'Salvar' }).click();
    await page.getByText('Interesse atualizado.', { exact: true }).waitFor();
    await page.getByText('2022–…').waitFor();
    expect(await api<{ yearMin: number; condition: string; make: string }>('GET', `/api/v1/leads/${created.id}`, undefined, MANAGER)).toMatchObject({ yearMin: 2022, condition: 'used', make: 'Fiat' });

    // The customer's 360 view lists the lead.
    await page.getByRole('link', { name: 'Ver cadastro do cliente' }).click();
    await page.waitForURL(`${origin}/customers/${customer.id}`);
    await page.getByRole('link', { name: 'Fiat Strada' }).waitFor();
    await expectAccessible(page, 'customer 360 with leads');
    await screenshot(page, 'pipeline-customer-360-desktop');

    // A second lead from the 360 view, a referral for a Polo; it is lost on price, dragged to "Perdido".
    await page.getByRole('button', { name: 'Novo lead' }).click();
    const create = page.getByRole('dialog', { name: 'Novo lead' });
    await create.getByRole('button', { name: 'Criar lead' }).click();
    await create.getByText('Escolha a origem do lead.').waitFor();
    await create.getByLabel('Origem').selectOption({ label: 'Indicação' });
    await create.getByLabel('Marca').fill('Volkswagen');
    await create.getByLabel('Modelo').fill('Polo');
    await expectAccessible(page, 'new lead dialog');
    await create.getByRole('button', { name: 'Criar lead' }).click();
    await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
    const poloId = page.url().split('/').pop()!;
    await page.getByText('Volkswagen Polo').waitFor();
    await page.getByText('Indicação').waitFor();

    await page.getByRole('link', { name: 'Voltar para o funil' }).click();
    const polo = page.getByRole('region', { name: 'Novo' }).getByRole('article', { name: 'Rafael Lima' });
    await polo.getByText('Volkswagen Polo').waitFor();
    // "Perdido" is off the screen to the right: while the card is dragged it waits at the bottom.
    await polo.hover();
    await page.mouse.down();
    const box = (await polo.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2 + 30, { steps: 5 });
    const dropLost = page.getByText('Soltar em Perdido', { exact: true });
    await dropLost.waitFor();
    await screenshot(page, 'pipeline-dragging-desktop');
    await dropLost.hover();
    await page.mouse.up();
    const why = page.getByRole('dialog', { name: 'Lead perdido' });
    await why.getByLabel('Motivo da perda').selectOption({ label: 'Preço' });
    await why.getByLabel('Observação').fill('Achou o Polo caro; vai pensar.');
    await expectAccessible(page, 'lost reason dialog');
    await screenshot(page, 'pipeline-lost-desktop');
    await why.getByRole('button', { name: 'Marcar como perdido' }).click();
    await page.getByText('Lead movido para Perdido.', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Perdido' }).getByRole('article', { name: 'Rafael Lima' }).waitFor();
    expect(await api<{ stage: string; lostReason: string }>('GET', `/api/v1/leads/${poloId}`, undefined, MANAGER)).toMatchObject({ stage: 'lost', lostReason: 'price' });
    await context.close();
  });
});
