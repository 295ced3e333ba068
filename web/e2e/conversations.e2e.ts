// WhatsApp conversations: the Owner sets up the store's WhatsApp through the API, and Meta's
// callback brings a message from Bruno Dias, a number nobody has (a new customer and lead). A
// salesperson on a phone opens Conversas from the menu, sees Bruno's conversation unread with its
// window open, opens it on the lead, answers in free text and sees the bubble; a manager on a
// desktop sees the inbox, read now, and both messages on the lead's panel. (The window closed and
// the refusals are unit-tested.) Axe on every screen; screenshots in e2e/screenshots/conversations-*.
// The channel is removed at the end, so later journeys' messages are kept in the mailbox as before.
import { createHmac } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, keepFailurePictures, launch, openSignedIn, screenshot } from './browser';
import { as } from './deals';
import { PASSWORD, TENANT } from './server';

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const opened: Page[] = [];
const SELLER = 'vendas-conversas@e2e.innexar.test';
const MANAGER = 'gerente-conversas@e2e.innexar.test';
const APP_SECRET = 'segredo-do-app';
const QUESTION = 'Oi! O Compass ainda está à venda?';
const ANSWER = 'Está sim, Bruno! Quer agendar um test drive amanhã?';

interface Conversation {
  id: string;
  customerName: string;
  leadId: string | null;
  storeId: string;
  unread: number;
  lastPreview: string;
}

/** Meta's callback for one text message, signed with the app's secret over the exact bytes sent. */
async function inbound(id: string, text: string) {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '551140028922', phone_number_id: '109876543210987' },
              contacts: [{ profile: { name: 'Bruno Dias' }, wa_id: '5511912345678' }],
              messages: [{ from: '5511912345678', id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
            },
          },
        ],
      },
    ],
  });
  const signature = createHmac('sha256', APP_SECRET).update(body).digest('hex');
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/public/messages/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Tenant': TENANT, 'X-Hub-Signature-256': `sha256=${signature}` },
    body,
  });
  expect(res.status, await res.text()).toBeLessThan(300);
}

async function brunos(): Promise<Conversation | undefined> {
  const owner = await as(port);
  const page = await owner<{ items: Conversation[] }>('GET', '/api/v1/conversations?status=open&pageSize=100');
  return page.body.items.find((c) => c.customerName === 'Bruno Dias');
}

let bruno: Conversation;
beforeAll(async () => {
  browser = await launch();
  const owner = await as(port);
  await owner('PUT', '/api/v1/messages/channels/whatsapp', { provider: 'whatsapp_cloud', enabled: true, phoneNumberId: '109876543210987', token: 'tok', appSecret: APP_SECRET }, { 'If-None-Match': '*' });
  await inbound('wamid.e2e-1', QUESTION);
  for (let tries = 0; (await brunos())?.lastPreview !== QUESTION; tries++) {
    if (tries > 150) throw new Error('Bruno’s message never reached the inbox');
    await new Promise((r) => setTimeout(r, 100));
  }
  bruno = (await brunos())!;
  expect(bruno.leadId).toBeTruthy();
  // The salesperson and the manager work in the store that took the lead, which is the salesperson's.
  const seller = await owner<{ user: { id: string } }>('POST', '/api/v1/users', { email: SELLER, name: 'Rita Vendas', roles: ['sales'], storeIds: [bruno.storeId], password: PASSWORD });
  await owner('POST', '/api/v1/users', { email: MANAGER, name: 'Otávio Gerente', roles: ['store_manager'], storeIds: [bruno.storeId], password: PASSWORD });
  await owner('POST', `/api/v1/leads/${bruno.leadId}/assign`, { ownerId: seller.body.user.id, reason: 'Atende o WhatsApp' });
});
afterAll(async () => {
  const owner = await as(port);
  const one = await owner('GET', '/api/v1/messages/channels/whatsapp').catch(() => null);
  if (one) await owner('DELETE', '/api/v1/messages/channels/whatsapp', undefined, { 'If-Match': one.etag });
  await browser?.close();
});
keepFailurePictures(opened);

function signedIn(email: string, viewport: { width: number; height: number }, path: string) {
  return openSignedIn(browser, opened, { url: `${origin}${path}`, email, password: PASSWORD, viewport });
}

/** The page is no wider than the phone: nothing scrolls sideways. */
async function fitsWidth(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

describe('WhatsApp conversations', () => {
  it('a salesperson on a phone opens Bruno’s unread conversation from Conversas and answers it', async () => {
    const { context, page } = await signedIn(SELLER, PHONE, '/');
    await page.getByRole('button', { name: 'Abrir menu' }).click();
    const menu = page.getByRole('dialog', { name: 'Navegação principal' });
    // The menu counts the conversations waiting to be read.
    const entry = menu.getByRole('link', { name: /^Conversas/ });
    await entry.getByText('1 conversa não lida', { exact: true }).waitFor();
    await entry.click();
    await page.waitForURL(`${origin}/conversations`);
    await page.getByRole('heading', { name: 'Conversas', level: 1 }).waitFor();
    await expect.poll(() => page.title()).toBe('Conversas · Innexar');
    const row = page.getByRole('list', { name: 'Conversas de WhatsApp' }).getByRole('listitem').filter({ hasText: 'Bruno Dias' });
    await row.getByText(QUESTION, { exact: true }).waitFor();
    await row.getByText('(11) 91234-5678', { exact: true }).waitFor();
    await row.getByText('1 mensagem não lida', { exact: true }).waitFor();
    await row.getByText(/^Janela aberta até \d{2}:\d{2}$/).waitFor();
    await fitsWidth(page);
    expect(Math.round((await row.getByRole('link').boundingBox())!.height)).toBeGreaterThanOrEqual(44);
    await expectAccessible(page, 'the inbox on a phone');
    await screenshot(page, 'conversations-inbox-phone');

    // Opened on the lead: the thread, read now that it is on screen.
    await row.getByRole('link').click();
    await page.waitForURL(`${origin}/leads/${bruno.leadId}#whatsapp`);
    const panel = page.locator('#whatsapp');
    await panel.getByRole('heading', { name: 'Conversa no WhatsApp' }).waitFor();
    const log = panel.getByRole('log', { name: 'Mensagens de WhatsApp' });
    await log.getByText(QUESTION, { exact: true }).waitFor();
    await expect.poll(async () => (await brunos())?.unread).toBe(0);
    await panel.getByText(/^Texto livre até \d{2}:\d{2}/).waitFor();
    await fitsWidth(page);
    await expectAccessible(page, 'the conversation on a phone');
    await screenshot(page, 'conversations-lead-phone');

    // Free text, sent with the button; the bubble shows and the box is ready for the next one.
    const box = panel.getByLabel('Mensagem');
    await box.fill(ANSWER);
    const sent = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/v1/leads/${bruno.leadId}/conversation/messages`));
    await panel.getByRole('button', { name: 'Enviar' }).click();
    expect((await sent).status()).toBe(201);
    await log.getByText(ANSWER, { exact: true }).waitFor();
    expect(await box.inputValue()).toBe('');
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    const owner = await as(port);
    const timeline = await owner<{ activities: Array<{ kind: string; direction: string; body: string }> }>('GET', `/api/v1/leads/${bruno.leadId}/timeline`);
    expect(timeline.body.activities.filter((a) => a.kind === 'whatsapp').map((a) => `${a.direction}: ${a.body}`)).toEqual([`outbound: ${ANSWER}`, `inbound: ${QUESTION}`]);
    await fitsWidth(page);
    await expectAccessible(page, 'the conversation answered on a phone');
    await screenshot(page, 'conversations-answered-phone');
    await context.close();
  });

  it('a manager on a desktop sees the inbox and both messages on the lead', async () => {
    const { context, page } = await signedIn(MANAGER, DESKTOP, '/');
    await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: /^Conversas/ }).click();
    await page.waitForURL(`${origin}/conversations`);
    const row = page.getByRole('list', { name: 'Conversas de WhatsApp' }).getByRole('listitem').filter({ hasText: 'Bruno Dias' });
    await row.getByText(ANSWER, { exact: true }).waitFor();
    expect(await row.getByText(/não lidas?$/).count()).toBe(0);
    await expectAccessible(page, 'the inbox on a desktop');
    await screenshot(page, 'conversations-inbox-desktop');

    await page.getByRole('button', { name: 'Encerradas' }).click();
    await page.getByText('Nenhuma conversa encerrada', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Abertas' }).click();
    await row.getByRole('link').click();
    await page.waitForURL(`${origin}/leads/${bruno.leadId}#whatsapp`);
    await page.getByRole('heading', { name: 'Bruno Dias', level: 1 }).waitFor();
    const log = page.getByRole('log', { name: 'Mensagens de WhatsApp' });
    await log.getByText(QUESTION, { exact: true }).waitFor();
    await log.getByText(ANSWER, { exact: true }).waitFor();
    await page.getByText('Enter envia; Shift+Enter quebra a linha.', { exact: true }).waitFor();
    await expectAccessible(page, 'the conversation on a desktop');
    await screenshot(page, 'conversations-lead-desktop');
    await context.close();
  });
});
