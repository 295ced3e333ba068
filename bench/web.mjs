// Web app timings in a real Chromium: how long the inventory list takes to show its first page
// after navigation, on a tenant with N vehicles. Run by bench/web.sh; writes bench/results/web.json.
//
//   node bench/web.mjs <origin> <label>    e.g. http://demo.localhost:3101 demo-300
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [origin, label] = process.argv.slice(2);
const RUNS = Math.min(20, Number(process.env.RUNS ?? 15));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function signedInPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'pt-BR' });
  const page = await context.newPage();
  await page.goto(`${origin}/login`);
  await page.getByLabel('E-mail').fill('dono@demo.innexar.com.br');
  await page.getByLabel('Senha').fill('innexar-demo');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('heading', { name: /Olá/ }).waitFor();
  return { context, page };
}

const firstRow = (page) => page.locator('tbody tr').first().waitFor();
const results = { label, origin, runs: RUNS, at: new Date().toISOString() };

// Full load: a bookmarked /inventory opened in a signed-in browser (cached assets, new document).
{
  const { context, page } = await signedInPage();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = Date.now();
    await page.goto(`${origin}/inventory`);
    await firstRow(page);
    times.push(Date.now() - t0);
  }
  results.reloadToFirstRowMs = { median: quantile(times, 0.5), p95: quantile(times, 0.95), max: Math.max(...times) };
  await context.close();
}

// In-app: from the home screen to the inventory by the menu.
{
  const { context, page } = await signedInPage();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    await page.getByRole('link', { name: 'Início' }).click();
    await page.getByRole('heading', { name: /Olá/ }).waitFor();
    const t0 = Date.now();
    await page.getByRole('link', { name: 'Estoque' }).click();
    await firstRow(page);
    times.push(Date.now() - t0);
    // The query cache would make later runs free; measure the fetch each time.
    await page.evaluate(() => undefined);
    await page.reload();
    await page.getByRole('heading', { name: /Olá|Estoque/ }).first().waitFor();
  }
  results.menuToFirstRowMs = { median: quantile(times, 0.5), p95: quantile(times, 0.95), max: Math.max(...times) };
  await context.close();
}

// A text search typed in the list: from the last keystroke to the filtered first row.
{
  const { context, page } = await signedInPage();
  await page.goto(`${origin}/inventory`);
  await firstRow(page);
  const times = [];
  // Distinct words: a repeated one would come from the client's cache, not the server.
  const words = ['onix', 'polo', 'strada', 'tracker', 'argo', 'hb20', 'compass', 'corolla', 'gol', 'mobi', 'kwid', 'creta', 'renegade', 'hilux', 'civic', 'toro', 'nivus', 'saveiro', 'spin', 'cronos'];
  for (let i = 0; i < RUNS; i++) {
    const q = words[i % words.length];
    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/vehicles?') && r.url().includes(`q=${q}`));
    const t0 = Date.now();
    await page.getByRole('searchbox').fill(q);
    await answered;
    // The list shows the answer: a matching first row, or the empty state.
    await page
      .locator('tbody tr')
      .first()
      .filter({ hasText: new RegExp(q, 'i') })
      .or(page.getByText('Nenhum veículo encontrado'))
      .waitFor();
    times.push(Date.now() - t0);
  }
  results.searchToRowsMs = { median: quantile(times, 0.5), p95: quantile(times, 0.95), max: Math.max(...times), note: 'includes the 300 ms typing pause' };
  await context.close();
}

await browser.close();
const out = new URL('./results/web.json', import.meta.url).pathname;
const all = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
all[label] = results;
writeFileSync(out, `${JSON.stringify(all, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
