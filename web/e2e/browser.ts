import { mkdirSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterEach, expect, type TestContext } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = new URL('./screenshots/', import.meta.url).pathname;

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // This machine has no network beyond loopback: keep Chromium from trying.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/**
 * A new page in pt-BR and São Paulo's time, signed in through the login form at `url` (which
 * sends the user back there), and kept in `opened` for the failure pictures.
 */
export async function openSignedIn(
  browser: Browser,
  opened: Page[],
  { url, email, password, viewport, acceptDownloads = false }: { url: string; email: string; password: string; viewport: { width: number; height: number }; acceptDownloads?: boolean },
) {
  const context = await browser.newContext({ viewport, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', acceptDownloads });
  const page = await context.newPage();
  opened.push(page);
  await page.goto(url);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL(url);
  return { context, page };
}

/**
 * No serious or critical accessibility violations on what the page shows now. A frame sandboxed
 * without scripts (an e-mail as sent, in the mailbox) is left out: axe cannot run inside it, and
 * trying hangs the analysis; a journey that shows one checks its document on its own.
 */
export async function expectAccessible(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).exclude('iframe[sandbox]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(report, `accessibility of ${what}`).toEqual([]);
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

/** After a failed journey, a picture of each page it left open (web/e2e/screenshots/failed-*). */
export async function pictureFailures(ctx: TestContext, opened: Page[]) {
  if (ctx.task.result?.state === 'fail') {
    for (const [i, p] of opened.entries()) {
      if (!p.isClosed()) await screenshot(p, `failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}-${i}`).catch(() => undefined);
    }
  }
  opened.length = 0;
}

/** Registers [`pictureFailures`] after each journey of the file. */
export function keepFailurePictures(opened: Page[]) {
  afterEach((ctx) => pictureFailures(ctx, opened));
}

/** A solid-colour PNG, built by hand: a photo to upload without fixture files. */
export function png(w: number, h: number, [r, g, b]: [number, number, number]): Buffer {
  return rgbaPng(w, h, () => [r, g, b, 255]);
}

/** A PNG of `w` x `h` 8-bit RGBA pixels, each from `pixel` (a logo with transparency, a photo). */
export function rgbaPng(w: number, h: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  // Each row starts with its filter byte (0, none).
  const rows = Array.from({ length: h }, (_, y) => {
    const row = Buffer.alloc(1 + w * 4);
    for (let x = 0; x < w; x++) row.set(pixel(x, y), 1 + x * 4);
    return row;
  });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
