// The message templates: the Owner on a desktop opens Modelos de mensagem from the admin
// navigation, finds "Proposta enviada" among the messages to customers and opens its SMS in
// Portuguese; the preview shows the default with the server's sample values and how many SMS it
// takes. A variable's chip goes in at the cursor and the preview follows; an unknown variable
// ({{ cpf }}) is refused at the field and said in the preview's live region; leaving then asks
// first. Fixed and saved (If-None-Match: *), the SMS is "Personalizado" in the editor and the list,
// and still so after a reload; "Restaurar padrão" asks, then brings the default back. The e-mail's
// preview is its HTML in a sandboxed frame. On a phone the list and the WhatsApp editor fit the
// screen. Axe on every screen, no console errors; screenshots in e2e/screenshots/templates-*.
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

const SMS_PATH = '/api/v1/messages/templates/quote_sent/sms/pt-BR';

interface KindTemplates {
  kind: string;
  templates: Array<{ channel: string; language: string; body: string; custom: boolean; version: number; defaultBody: string }>;
}

async function quoteSms() {
  const owner = await as(port);
  const kinds = (await owner<KindTemplates[]>('GET', '/api/v1/messages/templates')).body;
  return kinds.find((k) => k.kind === 'quote_sent')!.templates.find((tp) => tp.channel === 'sms' && tp.language === 'pt-BR')!;
}

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  // The default again for the journeys after this one, whatever happened here.
  const sms = await quoteSms().catch(() => null);
  if (sms?.custom) await (await as(port))('DELETE', SMS_PATH, undefined, { 'If-Match': `"${sms.version}"` }).catch(() => undefined);
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

describe('the message templates', () => {
  it('are rewritten, previewed, saved and restored by the Owner on a desktop', async () => {
    const { page } = await signedIn(`${origin}/`, DESKTOP);
    const nav = page.getByRole('navigation', { name: 'Navegação principal' });
    await nav.getByRole('link', { name: 'Modelos de mensagem' }).click();
    await page.waitForURL(`${origin}/admin/templates`);
    await page.getByRole('heading', { name: 'Modelos de mensagem', level: 1 }).waitFor();
    await expect.poll(() => page.title()).toBe('Modelos de mensagem · Innexar');
    const customers = page.getByRole('region', { name: 'Para clientes' });
    const quote = customers.getByRole('listitem', { name: 'Proposta enviada' });
    await quote.getByText('Leva ao cliente o link para ler e aceitar a proposta (no e-mail, com o PDF anexo).', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Para a equipe' }).getByRole('listitem', { name: 'Redefinição de senha' }).waitFor();
    // The server's English description is for developers, never shown in Portuguese.
    expect(await page.getByRole('main').textContent()).not.toContain('A quote was sent');
    await expectAccessible(page, 'the templates');
    await screenshot(page, 'templates-list-desktop');

    // The SMS in Portuguese: the default, previewed with the server's sample values.
    await quote.getByRole('link', { name: /^SMS · Português/ }).click();
    await page.waitForURL(`${origin}/admin/templates/quote_sent/sms/pt-BR`);
    const heading = page.getByRole('heading', { name: 'Proposta enviada', level: 1 });
    await heading.waitFor();
    await expect.poll(() => heading.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByText('Em uso: o texto padrão do Innexar.', { exact: true }).waitFor();
    const bubble = page.getByRole('figure', { name: 'Prévia do SMS' });
    await bubble.getByText(/^Matriz: Carlos Lima, sua proposta PR-00012 está disponível/).waitFor();
    await page.getByText(/^\d+ caracteres · \d+ SMS$/).waitFor();
    await expectAccessible(page, 'the SMS editor');
    await screenshot(page, 'templates-sms-desktop');

    // A variable's chip goes in where the cursor is, and the preview follows.
    const body = page.getByRole('textbox', { name: 'Texto' });
    await body.fill('Olá, ! Sua proposta {{ quote_number }} está aqui: {{ link }}');
    await body.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(5, 5));
    await page.getByRole('group', { name: 'Inserir campo' }).getByRole('button', { name: /^Nome do cliente/ }).click();
    expect(await body.inputValue()).toBe('Olá, {{ customer_name }}! Sua proposta {{ quote_number }} está aqui: {{ link }}');
    await expect.poll(() => body.evaluate((el: HTMLTextAreaElement) => [el === document.activeElement, el.selectionStart])).toEqual([true, 24]);
    await bubble.getByText('Olá, Carlos Lima! Sua proposta PR-00012 está aqui: https://exemplo.innexar.app/p/3kq9-exemplo', { exact: true }).waitFor();
    await page.getByText('93 caracteres · 2 SMS', { exact: true }).waitFor();

    // A variable this message does not have: at the field, and said by the preview's live region.
    await body.press('Control+End');
    await page.keyboard.type(' CPF: {{ cpf }}');
    const fault = page.getByText('O texto usa {{ cpf }}, que esta mensagem não tem. Use só os campos listados.', { exact: true });
    await fault.waitFor();
    expect(await body.getAttribute('aria-invalid')).toBe('true');
    expect((await body.getAttribute('aria-describedby'))?.split(' ')).toContain(await fault.getAttribute('id'));
    await page.getByRole('status').filter({ hasText: 'Sem prévia até o texto ser corrigido' }).waitFor();
    await expectAccessible(page, 'an unknown variable at its field');
    await screenshot(page, 'templates-sms-fault-desktop');

    // Leaving with unsaved words asks first.
    await page.getByRole('main').getByRole('link', { name: 'Modelos de mensagem' }).click();
    const ask = page.getByRole('dialog', { name: 'Sair sem salvar?' });
    await ask.getByRole('button', { name: 'Continuar editando' }).click();
    await ask.waitFor({ state: 'hidden' });
    expect(page.url()).toBe(`${origin}/admin/templates/quote_sent/sms/pt-BR`);

    // Fixed and saved, as the store's own words for the first time.
    const fixed = 'Olá, {{ customer_name }}! Sua proposta {{ quote_number }} está aqui: {{ link }}';
    await body.fill(fixed);
    await fault.waitFor({ state: 'detached' });
    await expect.poll(() => body.getAttribute('aria-invalid')).toBeNull();
    const saving = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(SMS_PATH));
    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    const saved = await saving;
    expect(saved.status()).toBe(200);
    expect(saved.request().headers()['if-none-match']).toBe('*');
    await page.getByText('Modelo salvo: as próximas mensagens usam este texto.', { exact: true }).waitFor();
    await page.getByRole('main').getByText('Personalizado', { exact: true }).waitFor();
    expect(await quoteSms()).toMatchObject({ custom: true, version: 1, body: fixed });
    await expectAccessible(page, 'the SMS saved');
    await screenshot(page, 'templates-sms-saved-desktop');

    // Kept after a reload, and marked in the list.
    await page.reload();
    await heading.waitFor();
    await page.getByRole('main').getByText('Personalizado', { exact: true }).waitFor();
    expect(await body.inputValue()).toBe(fixed);
    await page.getByText(/^Texto da loja, alterado em /).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Modelos de mensagem' }).click();
    await page.waitForURL(`${origin}/admin/templates`);
    await quote.getByRole('link', { name: 'SMS · Português Personalizado' }).waitFor();
    await quote.getByText('1 personalizado', { exact: true }).waitFor();

    // Back to the default, after asking.
    await quote.getByRole('link', { name: /^SMS · Português/ }).click();
    await heading.waitFor();
    const defaults = page.getByRole('region', { name: 'Texto padrão do Innexar' });
    await defaults.getByText('Marcado: o que você tirou do padrão e o que incluiu.', { exact: true }).waitFor();
    expect(await defaults.locator('ins').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Restaurar padrão' }).click();
    const confirm = page.getByRole('dialog', { name: 'Restaurar o texto padrão?' });
    await confirm.getByText('O texto da loja para “Proposta enviada” por SMS em Português é apagado, e o padrão do Innexar volta a valer.', { exact: true }).waitFor();
    await expectAccessible(page, 'restoring the default');
    await screenshot(page, 'templates-restore-desktop');
    const removing = page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().endsWith(SMS_PATH));
    await confirm.getByRole('button', { name: 'Restaurar padrão' }).click();
    const removed = await removing;
    expect(removed.status()).toBe(204);
    expect(removed.request().headers()['if-match']).toBe('"1"');
    await page.getByText('Texto padrão restaurado.', { exact: true }).waitFor();
    await page.getByText('Em uso: o texto padrão do Innexar.', { exact: true }).waitFor();
    const sms = await quoteSms();
    expect(sms).toMatchObject({ custom: false, version: 0 });
    expect(await body.inputValue()).toBe(sms.defaultBody);
    await defaults.getByText('O texto é igual ao padrão.', { exact: true }).waitFor();
    await expect.poll(() => heading.evaluate((el) => el === document.activeElement)).toBe(true);

    // The e-mail's preview: its HTML part in a frame that runs nothing.
    await page.getByRole('navigation', { name: 'Outras versões desta mensagem' }).getByRole('link', { name: 'E-mail · Português' }).click();
    await page.waitForURL(`${origin}/admin/templates/quote_sent/email/pt-BR`);
    await page.getByRole('textbox', { name: 'Assunto' }).waitFor();
    const frame = page.locator('iframe');
    await frame.waitFor();
    expect(await frame.getAttribute('title')).toBe('Prévia do e-mail “Sua proposta PR-00012 — Matriz”');
    expect(await frame.getAttribute('sandbox')).toBe('');
    await frame.contentFrame().getByText(/Carlos Lima/).first().waitFor();
    await expectAccessible(page, 'the e-mail editor');
    await screenshot(page, 'templates-email-desktop');
  });

  it('fit a phone, the list and the WhatsApp editor', async () => {
    const { page } = await signedIn(`${origin}/admin/templates`, PHONE);
    await page.getByRole('heading', { name: 'Modelos de mensagem', level: 1 }).waitFor();
    const quote = page.getByRole('region', { name: 'Para clientes' }).getByRole('listitem', { name: 'Proposta enviada' });
    await quote.getByRole('link', { name: /^WhatsApp · Português/ }).waitFor();
    await fitsWidth(page);
    await touchTargets(page, 'main button, main a');
    await expectAccessible(page, 'the templates on a phone');
    await screenshot(page, 'templates-list-phone');

    await quote.getByRole('link', { name: /^WhatsApp · Português/ }).click();
    await page.waitForURL(`${origin}/admin/templates/quote_sent/whatsapp/pt-BR`);
    await page.getByRole('heading', { name: 'Proposta enviada', level: 1 }).waitFor();
    await page.getByRole('figure', { name: 'Prévia do WhatsApp' }).getByText(/^Olá, Carlos Lima!/).waitFor();
    await page.getByText(/^Olá, \{\{1\}\}! Sua proposta \{\{2\}\}/).waitFor();
    await page.getByRole('list', { name: 'Variáveis' }).getByRole('listitem').filter({ hasText: '{{1}}' }).getByText('Nome do cliente', { exact: true }).waitFor();
    await fitsWidth(page);
    await touchTargets(page, 'main button:not(:disabled), main a, main summary, main input');
    await expectAccessible(page, 'the WhatsApp editor on a phone');
    await screenshot(page, 'templates-whatsapp-phone');
  });
});
