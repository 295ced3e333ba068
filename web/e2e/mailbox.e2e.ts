// The dev mailbox: the e2e server has no e-mail set up, so every message stays in the tenant's
// mailbox as `kept`, where the Owner reads it. The Owner on a desktop has a user ask for a password
// reset and invites another (a user created without a password), opens Mensagens from the admin
// navigation, filters by e-mail, and opens the reset: the e-mail as sent renders in a sandboxed
// frame (no scripts, no same origin) whose link is the reset link, its plain text is a toggle away
// and "Copiar o link" copies it; closed, the sheet gives the focus back to the row. On a phone the
// same list fits the screen, and so does a message. Axe on every screen, no console errors;
// screenshots in e2e/screenshots/mailbox-*.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, keepFailurePictures, launch, openSignedIn, screenshot } from './browser';
import { as } from './deals';
import { OWNER, PASSWORD, TENANT } from './server';

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const opened: Page[] = [];
/** What the console said that a user's browser must not: uncaught errors, React warnings. */
const consoleFaults: string[] = [];

const RESET = 'rita.reset@e2e.innexar.test';
const INVITED = 'ivo.convite@e2e.innexar.test';

interface ApiMessage {
  id: string;
  kind: string;
  recipient: string;
  status: string;
  body: string;
  html: string | null;
}

beforeAll(async () => {
  browser = await launch();
  const owner = await as(port);
  await owner('POST', '/api/v1/users', { email: RESET, name: 'Rita Reset', roles: ['sales'], password: PASSWORD });
});
afterAll(async () => {
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

/** Serious or critical accessibility faults of an e-mail's document (the server's layout). */
async function emailFaults(doc: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: doc }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** The newest message of `kind` to `recipient`, once the worker has taken it. */
async function kept(kind: string, recipient: string): Promise<ApiMessage> {
  const owner = await as(port);
  let found: ApiMessage | undefined;
  await expect
    .poll(
      async () => {
        const q = new URLSearchParams({ kind, recipient });
        found = (await owner<{ items: ApiMessage[] }>('GET', `/api/v1/messages?${q}`)).body.items[0];
        return found?.status;
      },
      { timeout: 15_000 },
    )
    .toBe('kept');
  return found!;
}

describe('the mailbox', () => {
  it('keeps every message for the Owner, who reads a reset e-mail as it was sent', async () => {
    // A reset asked for as the sign-in page asks (no session, the tenant by header), and an
    // invitation: a user created without a password.
    const asked = await fetch(`http://127.0.0.1:${port}/api/v1/auth/password-reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Tenant': TENANT },
      body: JSON.stringify({ email: RESET }),
    });
    expect(asked.status).toBe(202);
    const owner = await as(port);
    await owner('POST', '/api/v1/users', { email: INVITED, name: 'Ivo Convidado', roles: ['sales'] });

    const { context, page } = await signedIn(`${origin}/`, DESKTOP);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Mensagens' }).click();
    await page.waitForURL(`${origin}/admin/messages`);
    await page.getByRole('heading', { name: 'Mensagens', level: 1 }).waitFor();
    await expect.poll(() => page.title()).toBe('Mensagens · Innexar');

    // E-mails only: the filter is kept in the address.
    await page.getByRole('group', { name: 'Canal' }).getByRole('button', { name: 'E-mail' }).click();
    await page.waitForURL(`${origin}/admin/messages?channel=email`);
    const table = page.getByRole('table', { name: 'Mensagens' });
    const resetRow = table.getByRole('row').filter({ hasText: RESET });
    const inviteRow = table.getByRole('row').filter({ hasText: INVITED });
    // Queued a moment ago, kept once the worker has taken it: the list asks again until then.
    await resetRow.getByText('Guardada', { exact: true }).waitFor({ timeout: 15_000 });
    await inviteRow.getByText('Guardada', { exact: true }).waitFor({ timeout: 15_000 });
    await resetRow.getByRole('cell', { name: 'Redefinição de senha', exact: true }).waitFor();
    await inviteRow.getByRole('cell', { name: 'Convite de usuário', exact: true }).waitFor();
    await inviteRow.getByRole('button', { name: 'Convite para o Innexar — Auto Center E2E' }).waitFor();
    await resetRow.getByRole('cell', { name: 'E-mail' }).waitFor();
    const note = page.getByRole('note', { name: 'Mensagens guardadas aqui' });
    await note.getByText(/ainda não está configurado, então as mensagens ficam nesta caixa/).waitFor();
    await expectAccessible(page, 'the mailbox');
    await screenshot(page, 'mailbox-list-desktop');

    // The reset as sent: the e-mail in a frame that runs nothing and is not the app's origin.
    const reset = await kept('password_reset', RESET);
    const resetLink = /https?:\/\/\S+\/reset-password\?token=[\w-]+/.exec(reset.body)?.[0];
    expect(resetLink, 'a reset link in the text').toBeTruthy();
    await resetRow.getByRole('button', { name: 'Redefinição de senha — Auto Center E2E' }).click();
    await page.waitForURL(`${origin}/admin/messages?channel=email&message=${reset.id}`);
    const sheet = page.getByRole('dialog', { name: 'Redefinição de senha — Auto Center E2E' });
    await sheet.getByText(new RegExp(`^Para ${RESET.replace(/\./g, '\\.')} · E-mail · `)).waitFor();
    await sheet.getByText('Guardada porque o envio por e-mail não está configurado: a pessoa não recebeu esta mensagem.').waitFor();
    const frame = sheet.locator('iframe');
    expect(await frame.getAttribute('title')).toBe('E-mail “Redefinição de senha — Auto Center E2E” como enviado');
    expect(await frame.getAttribute('sandbox')).toBe('');
    const email = frame.contentFrame();
    const link = email.getByRole('link', { name: resetLink! });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(resetLink);
    await email.getByText('Olá, Rita Reset.').waitFor();
    // Sandboxed without allow-same-origin: the frame cannot reach the app's storage or session.
    expect(await frame.evaluate((f: HTMLIFrameElement) => f.contentDocument)).toBeNull();
    const box = (await frame.boundingBox())!;
    expect(box.width).toBeGreaterThan(500);
    await sheet.getByRole('region', { name: 'Andamento' }).getByText('Criada').waitFor();
    await expectAccessible(page, 'a reset e-mail as sent');
    await screenshot(page, 'mailbox-email-desktop');
    // Axe cannot run inside a frame without scripts: the e-mail's document is checked on its own.
    const doc = await context.newPage();
    await doc.setContent(reset.html!);
    expect(await emailFaults(doc), 'accessibility of the reset e-mail’s document').toEqual([]);
    await doc.close();

    // Its plain text, with the link to open or copy.
    await sheet.getByRole('group', { name: 'Exibir o e-mail' }).getByRole('button', { name: 'Texto simples' }).click();
    await frame.waitFor({ state: 'detached' });
    expect(await sheet.getByRole('link', { name: resetLink! }).getAttribute('href')).toBe(resetLink);
    await sheet.getByText(/^Olá, Rita Reset\.\s+Para criar uma nova senha no Innexar/).waitFor();
    await sheet.getByRole('button', { name: 'Copiar o link' }).click();
    await page.getByText('Link copiado.', { exact: true }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(resetLink);
    await expectAccessible(page, 'a reset e-mail’s plain text');
    await screenshot(page, 'mailbox-text-desktop');
    // Its steps and details, further down the sheet.
    const details = sheet.getByRole('region', { name: 'Detalhes' });
    await details.scrollIntoViewIfNeeded();
    await details.getByText('Tentativas').waitFor();
    await sheet.getByRole('region', { name: 'Andamento' }).getByRole('listitem').filter({ hasText: 'Enviada' }).getByText('—').waitFor();
    await screenshot(page, 'mailbox-details-desktop');

    // Closed, back to the list with the focus on the message it opened.
    await sheet.getByRole('button', { name: 'Fechar' }).last().click();
    await sheet.waitFor({ state: 'hidden' });
    await page.waitForURL(`${origin}/admin/messages?channel=email`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-message-id'))).toBe(reset.id);
    await context.close();
  });

  it('fits a phone: the list as cards, and a message', async () => {
    const invite = await kept('user_invitation', INVITED);
    const { page } = await signedIn(`${origin}/admin/messages`, PHONE);
    await page.getByRole('heading', { name: 'Mensagens', level: 1 }).waitFor();
    const list = page.getByRole('list', { name: 'Mensagens' });
    const card = list.getByRole('button', { name: new RegExp(`^Abrir a mensagem Convite de usuário para ${INVITED.replace(/\./g, '\\.')} de .+, Guardada$`) });
    await card.getByText('Guardada', { exact: true }).waitFor();
    await card.getByText('Convite para o Innexar — Auto Center E2E', { exact: true }).waitFor();
    await list.getByRole('button', { name: /^Abrir a mensagem Redefinição de senha para rita\.reset@/ }).first().waitFor();
    await page.getByRole('note', { name: 'Mensagens guardadas aqui' }).waitFor();
    await fitsWidth(page);
    await touchTargets(page, 'main button, main a, main select');
    await expectAccessible(page, 'the mailbox on a phone');
    await screenshot(page, 'mailbox-list-phone');

    await card.click();
    await page.waitForURL(`${origin}/admin/messages?message=${invite.id}`);
    const sheet = page.getByRole('dialog', { name: 'Convite para o Innexar — Auto Center E2E' });
    await sheet.locator('iframe').contentFrame().getByRole('link', { name: /\/accept-invitation\?token=/ }).waitFor();
    await fitsWidth(page);
    const box = (await sheet.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    for (const b of await sheet.getByRole('button').all()) expect((await b.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await expectAccessible(page, 'an invitation on a phone');
    await page.screenshot({ path: new URL('./screenshots/mailbox-email-phone.png', import.meta.url).pathname });
  });
});
