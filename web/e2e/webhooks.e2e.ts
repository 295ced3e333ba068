// Webhooks for integrators: the Owner on a desktop opens Webhooks, registers an endpoint for a
// receiver of the test's own (a Node HTTP server on loopback, which the e2e server is allowed to
// reach) with two event types, sees and copies its secret, sends a test and sees it delivered in
// the log, opens the delivery (body, attempt), and pauses the endpoint. The receiver proves the
// request carried `Innexar-Signature` and `Innexar-Event-Id` and that the HMAC verifies with the
// secret the screen showed. On a phone the list, an endpoint with its log and a delivery fit the
// screen. Axe on every screen; screenshots in e2e/screenshots/webhooks-*.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, keepFailurePictures, launch, openSignedIn, screenshot } from './browser';
import { as } from './deals';
import { OWNER, PASSWORD } from './server';

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const opened: Page[] = [];

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}
/** What the receiver was sent, in order. */
const received: Received[] = [];
let receiver: Server;
let hookUrl: string;
/** Endpoints this file made, removed at the end so later journeys' events go nowhere. */
const made: string[] = [];

beforeAll(async () => {
  browser = await launch();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/innexar/hooks`;
});
afterAll(async () => {
  const owner = await as(port);
  for (const id of made) await owner('DELETE', `/api/v1/webhooks/endpoints/${id}`).catch(() => undefined);
  if (receiver?.listening) await new Promise((r) => receiver.close(r));
  await browser?.close();
});
keepFailurePictures(opened);

/** The page is no wider than the phone: nothing scrolls sideways. */
async function fitsWidth(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

/** Every visible button and link of `scope` is a full touch target. */
async function touchTargets(page: Page, selector: string) {
  const small = await page.locator(selector).evaluateAll((els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => ({ name: (el.textContent ?? '').trim() || el.getAttribute('aria-label'), h: el.getBoundingClientRect().height }))
      .filter((b) => b.h < 44),
  );
  expect(small, 'controls under 44 px').toEqual([]);
}

/** Checks a delivery's signature as a receiver would: `t=<s>,v1=<hex>` over `"<t>.<raw body>"`. */
function verify(header: string, secret: string, body: string): { t: number; ok: boolean } {
  const parts = header.split(',').map((p) => p.trim().split('=') as [string, string]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return { t, ok: parts.some(([k, v]) => k === 'v1' && v === expected) };
}

describe('webhooks', () => {
  it('are registered, tested and paused by the Owner, signed as the secret says', async () => {
    const { context, page } = await openSignedIn(browser, opened, { url: `${origin}/`, email: OWNER, password: PASSWORD, viewport: DESKTOP });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL(`${origin}/admin/webhooks`);
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByText('Nenhum endpoint cadastrado', { exact: true }).waitFor();
    await page.getByText(/^Um webhook envia cada evento escolhido/).waitFor();
    await expectAccessible(page, 'webhooks without endpoints');
    await screenshot(page, 'webhooks-empty-desktop');

    // The form: the address, a description and two event types from the checklist by area.
    await page.getByRole('button', { name: 'Novo endpoint' }).first().click();
    const form = page.getByRole('dialog', { name: 'Novo endpoint' });
    await form.getByRole('group', { name: 'Estoque' }).waitFor();
    await form.getByRole('group', { name: 'Clientes e leads' }).waitFor();
    await form.getByRole('group', { name: 'Vendas' }).waitFor();
    await form.getByLabel('Endereço (URL)').fill(hookUrl);
    await form.getByLabel('Descrição (opcional)').fill('Receptor do teste');
    await form.getByRole('checkbox', { name: /^Veículo cadastrado/ }).check();
    await form.getByRole('checkbox', { name: /^Venda concluída/ }).check();
    await expectAccessible(page, 'the new endpoint form');
    await screenshot(page, 'webhooks-form-desktop');
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/webhooks/endpoints'));
    await form.getByRole('button', { name: 'Cadastrar' }).click();
    const answer = await posted;
    expect(answer.status()).toBe(201);
    const saved = (await answer.json()) as { id: string; url: string; description: string; eventTypes: string[] };
    expect(saved).toMatchObject({ url: hookUrl, description: 'Receptor do teste', eventTypes: ['vehicle.created', 'sale.completed'] });
    const id = saved.id;
    made.push(id);

    // The secret, shown this once, copied with the button.
    const shown = page.getByRole('dialog', { name: 'Endpoint cadastrado' });
    await shown.getByText(/não será mostrado de novo\.$/).waitFor();
    await shown.getByText('Innexar-Signature: t=…,v1=…', { exact: true }).waitFor();
    await shown.getByText('Innexar-Event-Id', { exact: true }).waitFor();
    const secret = await shown.getByLabel('Segredo de assinatura').inputValue();
    expect(secret).toMatch(/^whsec_\S{20,}$/);
    await shown.getByRole('button', { name: 'Copiar segredo' }).click();
    await page.getByText('Segredo copiado.', { exact: true }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await expectAccessible(page, 'the secret shown once');
    await screenshot(page, 'webhooks-secret-desktop');
    await shown.getByRole('button', { name: 'Já copiei' }).click();
    await page.waitForURL(`${origin}/admin/webhooks/${id}`);
    await page.getByRole('heading', { name: hookUrl, level: 1 }).waitFor();
    await page.getByText('Ativo', { exact: true }).waitFor();

    // A test, delivered: the log asks again until its attempt is in.
    await page.getByRole('button', { name: 'Enviar teste' }).click();
    await page.getByText('Teste enviado. O resultado aparece no registro.', { exact: true }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: /^Abrir a entrega Teste de webhook de / }) });
    await row.getByText('Entregue', { exact: true }).waitFor({ timeout: 15_000 });
    await page.getByText(/^Teste entregue: HTTP 200 em \d+ ms\.$/).waitFor();
    await row.getByRole('cell', { name: '200', exact: true }).waitFor();
    await page.getByText('1 entrega', { exact: true }).waitFor();

    // The receiver's side: signed with the secret shown, with the event's id to deduplicate.
    expect(received).toHaveLength(1);
    const [hit] = received;
    expect(hit!.path).toBe('/innexar/hooks');
    const event = JSON.parse(hit!.body) as { id: string; type: string };
    expect(event.type).toBe('webhook.test');
    expect(hit!.headers['innexar-event-id']).toBe(event.id);
    const signature = hit!.headers['innexar-signature'];
    expect(typeof signature).toBe('string');
    const check = verify(signature as string, secret, hit!.body);
    expect(check.ok, `signature ${String(signature)}`).toBe(true);
    expect(Math.abs(hit!.at / 1000 - check.t)).toBeLessThan(300);
    expect(verify(signature as string, 'whsec_outro', hit!.body).ok).toBe(false);
    await expectAccessible(page, 'an endpoint with its delivery log');
    await screenshot(page, 'webhooks-endpoint-desktop');

    // The delivery: the body as sent, indented, and its one attempt.
    await row.getByRole('button', { name: /^Abrir a entrega Teste de webhook de / }).click();
    const sheet = page.getByRole('dialog', { name: 'Teste de webhook' });
    const body = sheet.getByRole('region', { name: 'Corpo enviado' });
    await body.getByText(`"id": "${event.id}"`).waitFor();
    expect(await body.textContent()).toContain('"type": "webhook.test"');
    const attempt = sheet.getByRole('listitem', { name: 'Tentativa 1' });
    await attempt.getByText('HTTP 200', { exact: true }).waitFor();
    await attempt.getByText('{"received":true}', { exact: true }).waitFor();
    await expectAccessible(page, 'a delivery');
    await screenshot(page, 'webhooks-delivery-desktop');
    await sheet.getByRole('button', { name: 'Fechar' }).last().click();
    await sheet.waitFor({ state: 'hidden' });

    // Paused: the badge says so and deliveries stop.
    await page.getByRole('button', { name: 'Pausar' }).click();
    await page.getByText('Endpoint pausado.', { exact: true }).waitFor();
    await page.getByText('Pausado', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Reativar' }).waitFor();
    expect(await page.getByRole('button', { name: 'Enviar teste' }).isDisabled()).toBe(true);
    const owner = await as(port);
    expect((await owner<{ active: boolean; disabledReason: string | null }>('GET', `/api/v1/webhooks/endpoints/${id}`)).body).toMatchObject({ active: false, disabledReason: 'manual' });
    await expectAccessible(page, 'a paused endpoint');

    await page.getByRole('link', { name: 'Webhooks' }).last().click();
    await page.waitForURL(`${origin}/admin/webhooks`);
    const item = page.getByRole('list', { name: 'Endpoints' }).getByRole('listitem').filter({ hasText: hookUrl });
    await item.getByText('Pausado', { exact: true }).waitFor();
    await item.getByText('Veículo cadastrado e Venda concluída', { exact: true }).waitFor();
    await expectAccessible(page, 'the endpoints');
    await screenshot(page, 'webhooks-list-desktop');
    await context.close();
  });

  it('fit a phone: the list, an endpoint with its log, and a delivery', async () => {
    // A second endpoint, for every event, with a delivered test, made behind the browser's back.
    const owner = await as(port);
    const { body: e } = await owner<{ id: string }>('POST', '/api/v1/webhooks/endpoints', { url: `${hookUrl}/todos`, description: 'Painel de BI da loja', eventTypes: ['*'] });
    made.push(e.id);
    await owner('POST', `/api/v1/webhooks/endpoints/${e.id}/test`);
    await expect
      .poll(async () => (await owner<{ items: Array<{ status: string }> }>('GET', `/api/v1/webhooks/endpoints/${e.id}/deliveries`)).body.items[0]?.status, { timeout: 15_000 })
      .toBe('succeeded');

    const { context, page } = await openSignedIn(browser, opened, { url: `${origin}/admin/webhooks`, email: OWNER, password: PASSWORD, viewport: PHONE });
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    const list = page.getByRole('list', { name: 'Endpoints' });
    await list.getByRole('listitem').filter({ hasText: 'Painel de BI da loja' }).getByText('Todos os eventos (inclusive futuros)', { exact: true }).waitFor();
    await fitsWidth(page);
    await touchTargets(page, 'main button, main a');
    await expectAccessible(page, 'the endpoints on a phone');
    await screenshot(page, 'webhooks-list-phone');

    await list.getByRole('link', { name: /Painel de BI da loja/ }).click();
    await page.waitForURL(`${origin}/admin/webhooks/${e.id}`);
    await page.getByRole('heading', { name: `${hookUrl}/todos`, level: 1 }).waitFor();
    const card = page.getByRole('list', { name: 'Registro de entregas' }).getByRole('button', { name: /^Abrir a entrega Teste de webhook de / });
    await card.getByText('Entregue', { exact: true }).waitFor();
    await card.getByText(/^HTTP 200 · \d+ ms · 1 tentativa$/).waitFor();
    await fitsWidth(page);
    await touchTargets(page, 'main button, main a, main select, main summary');
    await expectAccessible(page, 'an endpoint on a phone');
    await screenshot(page, 'webhooks-endpoint-phone');

    await card.click();
    const sheet = page.getByRole('dialog', { name: 'Teste de webhook' });
    await sheet.getByRole('listitem', { name: 'Tentativa 1' }).getByText('HTTP 200', { exact: true }).waitFor();
    await fitsWidth(page);
    const box = (await sheet.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    for (const b of await sheet.getByRole('button').all()) expect((await b.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await expectAccessible(page, 'a delivery on a phone');
    await page.screenshot({ path: new URL('./screenshots/webhooks-delivery-phone.png', import.meta.url).pathname });
    await context.close();
  });
});
