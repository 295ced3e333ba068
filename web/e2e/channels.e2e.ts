// The message channels: the Owner on a desktop opens Canais de mensagem from the admin
// navigation, sets up SMS by Zenvia with a token, sees its last characters and the callback URL
// and token to paste at Zenvia (copied by a button), edits it with a token the server refuses and
// sees why at the field, disables and enables it, and sends a test, which the mailbox shows as an
// SMS of kind "Teste do canal" that the server tried to send (Zenvia is out of reach here, so it is
// not kept, and not delivered either). Then WhatsApp by Meta, with its templates to register. On a
// phone the page and the templates fit the screen. An opt-out link that does not exist says so
// (opt-out links are only in marketing messages' bodies, which no screen sends yet: the page's
// other states are unit-tested). Axe on every screen, no console errors; screenshots in
// e2e/screenshots/channels-*. The channels are removed at the end, so later journeys' messages
// are kept in the mailbox as before.
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, keepFailurePictures, launch, openSignedIn, screenshot } from './browser';
import { as } from './deals';
import { OWNER, PASSWORD } from './server';

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const opened: Page[] = [];
/** What the console said that a user's browser must not: uncaught errors, React warnings. */
const consoleFaults: string[] = [];

const TO = '(11) 98765-4321';

interface Settings {
  channel: string;
  enabled: boolean;
  tokenHint: string;
  callbackUrl: string;
  callbackToken: string;
  templates: Array<{ kind: string; name: string }>;
  version: number;
}

interface ApiMessage {
  id: string;
  kind: string;
  channel: string;
  recipient: string;
  status: string;
  attempts: number;
}

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  const owner = await as(port);
  for (const channel of ['sms', 'whatsapp']) {
    const one = await owner('GET', `/api/v1/messages/channels/${channel}`).catch(() => null);
    if (one) await owner('DELETE', `/api/v1/messages/channels/${channel}`, undefined, { 'If-Match': one.etag });
  }
  await browser?.close();
});
keepFailurePictures(opened);
afterEach(() => {
  const faults = consoleFaults.splice(0);
  expect(faults, 'console errors and warnings').toEqual([]);
});

function watchConsole(page: Page) {
  page.on('console', (m: ConsoleMessage) => {
    const text = m.text();
    if ((m.type() === 'error' && !/Failed to load resource/.test(text)) || (m.type() === 'warning' && /React|Router/i.test(text))) {
      consoleFaults.push(`${m.type()}: ${text}`);
    }
  });
  page.on('pageerror', (e) => consoleFaults.push(`pageerror: ${e.message}`));
}

async function signedIn(url: string, viewport: { width: number; height: number }) {
  const opening = await openSignedIn(browser, opened, { url, email: OWNER, password: PASSWORD, viewport });
  watchConsole(opening.page);
  return opening;
}

/** The page is no wider than the phone: nothing scrolls sideways. */
async function fitsWidth(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

/** Every visible control matching `selector` is a full touch target. */
async function touchTargets(page: Page, selector: string) {
  const small = await page.locator(selector).evaluateAll((els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => ({ name: (el.textContent ?? '').trim() || el.getAttribute('aria-label'), h: el.getBoundingClientRect().height }))
      .filter((b) => b.h < 44),
  );
  expect(small, 'controls under 44 px').toEqual([]);
}

async function settings(channel: string): Promise<Settings> {
  const owner = await as(port);
  return (await owner<Settings>('GET', `/api/v1/messages/channels/${channel}`)).body;
}

describe('the message channels', () => {
  it('are set up, tested, disabled and enabled by the Owner on a desktop', async () => {
    const { context, page } = await signedIn(`${origin}/`, DESKTOP);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Canais de mensagem' }).click();
    await page.waitForURL(`${origin}/admin/channels`);
    await page.getByRole('heading', { name: 'Canais de mensagem', level: 1 }).waitFor();
    await expect.poll(() => page.title()).toBe('Canais de mensagem · Innexar');
    const sms = page.getByRole('region', { name: 'SMS' });
    const whatsapp = page.getByRole('region', { name: 'WhatsApp' });
    await sms.getByText('Não configurado', { exact: true }).waitFor();
    await whatsapp.getByText('Não configurado', { exact: true }).waitFor();
    await sms.getByText('por Zenvia', { exact: true }).waitFor();
    await whatsapp.getByText('por Meta (WhatsApp Cloud API)', { exact: true }).waitFor();
    await expectAccessible(page, 'the channels, none set up');
    await screenshot(page, 'channels-empty-desktop');

    // SMS by Zenvia: the sender and the API token.
    await sms.getByRole('button', { name: 'Configurar SMS' }).click();
    let form = page.getByRole('dialog', { name: 'Configurar SMS' });
    await form.getByText('Provedor: Zenvia').waitFor();
    await form.getByLabel('Remetente (sender id)').fill('AutoE2E');
    await form.getByLabel('Token de API (X-API-TOKEN)').fill('zenvia-e2e-token-7788');
    await expectAccessible(page, 'the SMS form');
    await screenshot(page, 'channels-sms-form-desktop');
    const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/api/v1/messages/channels/sms'));
    await form.getByRole('button', { name: 'Salvar e conectar' }).click();
    const answer = await saved;
    expect(answer.status()).toBe(200);
    expect(answer.request().headers()['if-none-match']).toBe('*');
    await page.getByText('SMS salvo.', { exact: true }).waitFor();
    await form.waitFor({ state: 'hidden' });
    // The button that opened the form is gone: the focus stays on this channel, at its title.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName + ' ' + document.activeElement?.textContent)).toBe('H2 SMS');

    // Its token's last characters, never the token; what to paste at Zenvia, copied by a button.
    await sms.getByText('Ativo', { exact: true }).waitFor();
    await sms.getByText('terminado em 7788', { exact: true }).waitFor();
    await sms.getByText('AutoE2E', { exact: true }).waitFor();
    expect(await page.content()).not.toContain('zenvia-e2e-token-7788');
    const smsSettings = await settings('sms');
    expect(smsSettings).toMatchObject({ enabled: true, tokenHint: '7788' });
    expect(smsSettings.callbackUrl).toMatch(/\/api\/v1\/public\/messages\/zenvia$/);
    expect(smsSettings.callbackToken.length).toBeGreaterThan(20);
    expect(await sms.getByRole('textbox', { name: 'URL de retorno' }).inputValue()).toBe(smsSettings.callbackUrl);
    expect(await sms.getByRole('textbox', { name: 'Valor do cabeçalho X-Innexar-Token' }).inputValue()).toBe(smsSettings.callbackToken);
    await sms.getByRole('button', { name: 'Copiar Valor do cabeçalho X-Innexar-Token' }).click();
    await page.getByText('Copiado: Valor do cabeçalho X-Innexar-Token.', { exact: true }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(smsSettings.callbackToken);
    await expectAccessible(page, 'SMS set up');
    await screenshot(page, 'channels-sms-desktop');

    // An edit keeps the token unless one is typed; one the server refuses shows at its field.
    await sms.getByRole('button', { name: 'Editar' }).click();
    form = page.getByRole('dialog', { name: 'Editar SMS' });
    await form.getByText('…7788 em uso; deixe em branco para manter.', { exact: true }).waitFor();
    expect(await form.getByLabel('Remetente (sender id)').inputValue()).toBe('AutoE2E');
    const token = form.getByLabel('Token de API (X-API-TOKEN)');
    expect(await token.inputValue()).toBe('');
    await token.fill('token com espaço');
    const refused = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/api/v1/messages/channels/sms'));
    await form.getByRole('button', { name: 'Salvar' }).click();
    expect((await refused).status()).toBe(422);
    await form.getByText('Cole o token sem espaços (até 4096 caracteres).', { exact: true }).waitFor();
    expect(await token.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => token.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(page, 'a token refused at its field');
    await screenshot(page, 'channels-sms-field-error-desktop');
    await form.getByRole('button', { name: 'Cancelar' }).click();
    await form.waitFor({ state: 'hidden' });
    expect((await settings('sms')).version).toBe(smsSettings.version);

    // Disabled: its messages are kept again, and no test goes; enabled again.
    await sms.getByRole('button', { name: 'Desativar' }).click();
    await page.getByText('SMS desativado.', { exact: true }).waitFor();
    await sms.getByText('Desativado', { exact: true }).waitFor();
    await sms.getByText(/^Desativado: as mensagens por SMS ficam guardadas em Mensagens/).waitFor();
    expect(await sms.getByRole('button', { name: 'Enviar teste' }).isDisabled()).toBe(true);
    expect((await settings('sms')).enabled).toBe(false);
    await expectAccessible(page, 'SMS disabled');
    await screenshot(page, 'channels-sms-disabled-desktop');
    await sms.getByRole('button', { name: 'Ativar' }).click();
    await page.getByText('SMS ativado.', { exact: true }).waitFor();
    await sms.getByText('Ativo', { exact: true }).waitFor();
    expect(await settings('sms')).toMatchObject({ enabled: true, tokenHint: '7788' });

    // A test to the Owner's number: queued, and found in the mailbox among the SMS.
    await sms.getByRole('button', { name: 'Enviar teste' }).click();
    const test = page.getByRole('dialog', { name: 'Enviar teste por SMS' });
    await test.getByLabel('Celular').fill(TO);
    await expectAccessible(page, 'the test form');
    const sent = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/messages/channels/sms/test'));
    await test.getByRole('button', { name: 'Enviar teste' }).click();
    const queued = (await (await sent).json()) as ApiMessage;
    expect(queued).toMatchObject({ kind: 'channel_test', channel: 'sms', recipient: '+5511987654321' });
    await test.getByText('Teste na fila para +5511987654321.', { exact: true }).waitFor();
    await expectAccessible(page, 'a test queued');
    await screenshot(page, 'channels-sms-test-desktop');
    await test.getByRole('link', { name: 'Ver em Mensagens' }).click();
    await page.waitForURL(`${origin}/admin/messages?channel=sms&message=${queued.id}`);
    const sheet = page.getByRole('dialog', { name: 'Teste do canal' });
    await sheet.getByText(/^Para \+5511987654321 · SMS · /).waitFor();
    await sheet.getByText(/^Auto Center E2E: teste de envio de SMS pelo Innexar\./).waitFor();
    await sheet.getByRole('button', { name: 'Fechar' }).last().click();
    await sheet.waitFor({ state: 'hidden' });
    const row = page.getByRole('table', { name: 'Mensagens' }).getByRole('row').filter({ hasText: '+5511987654321' });
    await row.getByRole('cell', { name: 'Teste do canal', exact: true }).waitFor();
    await row.getByRole('cell', { name: 'SMS', exact: true }).waitFor();
    // With the channel enabled the sender tries Zenvia (out of reach here) instead of keeping it.
    const owner = await as(port);
    await expect
      .poll(async () => {
        const m = (await owner<ApiMessage>('GET', `/api/v1/messages/${queued.id}`)).body;
        return m.status === 'kept' ? 'kept' : m.attempts > 0 || m.status === 'failed' ? 'tried' : 'waiting';
      }, { timeout: 30_000 })
      .toBe('tried');
    await expectAccessible(page, 'the mailbox with the test');
    await screenshot(page, 'channels-mailbox-desktop');

    // WhatsApp by Meta: the number's id, the access token and the app secret; then the templates.
    await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Canais de mensagem' }).click();
    await page.waitForURL(`${origin}/admin/channels`);
    await whatsapp.getByRole('button', { name: 'Configurar WhatsApp' }).click();
    form = page.getByRole('dialog', { name: 'Configurar WhatsApp' });
    await form.getByLabel('ID do número de telefone').fill('106540352242922');
    await form.getByLabel('ID da conta do WhatsApp Business (opcional)').fill('102290129340398');
    await form.getByLabel('Token de acesso').fill('EAAG-e2e-access-token-WA12');
    await form.getByLabel('Chave secreta do app').fill('meta-app-secret-e2e');
    await expectAccessible(page, 'the WhatsApp form');
    await screenshot(page, 'channels-whatsapp-form-desktop');
    await form.getByRole('button', { name: 'Salvar e conectar' }).click();
    await page.getByText('WhatsApp salvo.', { exact: true }).waitFor();
    await whatsapp.getByText('Ativo', { exact: true }).waitFor();
    await whatsapp.getByText('terminado em WA12', { exact: true }).waitFor();
    const wa = await settings('whatsapp');
    expect(wa.callbackUrl).toMatch(/\/api\/v1\/public\/messages\/whatsapp$/);
    expect(await whatsapp.getByRole('textbox', { name: 'Token de verificação' }).inputValue()).toBe(wa.callbackToken);
    expect(wa.templates.length).toBeGreaterThan(1);
    await whatsapp.getByText(`Modelos para registrar na Meta (${wa.templates.length})`, { exact: true }).click();
    const templates = whatsapp.getByRole('list', { name: 'Modelos do WhatsApp' });
    const quote = templates.getByRole('listitem', { name: 'Proposta enviada' });
    await quote.getByText('innexar_quote_sent', { exact: true }).waitFor();
    await quote.getByText('pt_BR', { exact: true }).waitFor();
    await quote.getByText(/^Olá, \{\{1\}\}! Sua proposta \{\{2\}\}/).waitFor();
    await quote.getByRole('listitem').filter({ hasText: '{{1}}' }).getByText('Nome do cliente', { exact: true }).waitFor();
    await templates.getByRole('listitem', { name: 'Teste do canal' }).getByText('innexar_channel_test', { exact: true }).waitFor();
    expect(await templates.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 4 }) }).count()).toBe(wa.templates.length);
    await expectAccessible(page, 'WhatsApp with its templates');
    await screenshot(page, 'channels-whatsapp-desktop');
    await context.close();
  });

  it('fit a phone, the templates too', async () => {
    const { page } = await signedIn(`${origin}/admin/channels`, PHONE);
    await page.getByRole('heading', { name: 'Canais de mensagem', level: 1 }).waitFor();
    const sms = page.getByRole('region', { name: 'SMS' });
    const whatsapp = page.getByRole('region', { name: 'WhatsApp' });
    await sms.getByText('Ativo', { exact: true }).waitFor();
    await whatsapp.getByText('Ativo', { exact: true }).waitFor();
    await fitsWidth(page);
    await touchTargets(page, 'main button, main a, main input, main summary');
    await expectAccessible(page, 'the channels on a phone');
    await screenshot(page, 'channels-phone');

    await whatsapp.getByText(/^Modelos para registrar na Meta/).click();
    await whatsapp.getByRole('list', { name: 'Modelos do WhatsApp' }).getByRole('listitem', { name: 'Proposta enviada' }).waitFor();
    await fitsWidth(page);
    await touchTargets(page, 'main button, main a, main input, main summary');
    await expectAccessible(page, 'the templates on a phone');
    await screenshot(page, 'channels-templates-phone');

    await sms.getByRole('button', { name: 'Editar' }).click();
    const form = page.getByRole('dialog', { name: 'Editar SMS' });
    await form.getByLabel('Remetente (sender id)').waitFor();
    await fitsWidth(page);
    const box = (await form.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'the SMS form on a phone');
    await page.screenshot({ path: new URL('./screenshots/channels-form-phone.png', import.meta.url).pathname });
  });

  it('send a person with a link that does not exist to a page that says so', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
    const page = await context.newPage();
    opened.push(page);
    watchConsole(page);
    await page.goto(`${origin}/opt-out/nao-existe-e2e-123`);
    await page.getByRole('heading', { name: 'Link não encontrado', level: 1 }).waitFor();
    await page.getByText('Este link não existe ou está incompleto. Confira o endereço na mensagem que você recebeu.', { exact: true }).waitFor();
    await expect.poll(() => page.title()).toBe('Não receber mais mensagens · Innexar');
    expect(page.url()).toBe(`${origin}/opt-out/nao-existe-e2e-123`);
    await fitsWidth(page);
    await expectAccessible(page, 'an unknown opt-out link');
    await screenshot(page, 'channels-opt-out-not-found-phone');
    await page.getByRole('button', { name: 'Idioma: English' }).click();
    await page.getByRole('heading', { name: 'Link not found', level: 1 }).waitFor();
    await context.close();
  });
});
