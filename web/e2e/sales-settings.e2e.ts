// The sales desk's rules (issue #14, "Screens"): the Owner, the one manager who keeps commission
// plans, on a desktop sets a store's discount limit, creates a commission plan with a tier and a
// bank's rate table (inactive, so the other journeys' comparisons keep their banks), each read
// back through the API; then downloads a quote's PDF from its page. The settings screen on a
// phone, and a store manager who sees only the cards they may use. Axe on every screen;
// screenshots in e2e/screenshots/sales-settings-*.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, keepFailurePictures, launch, openSignedIn, screenshot } from './browser';
import { as, customer } from './deals';
import { OWNER, PASSWORD } from './server';

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const storeId = inject('storeId');
const opened: Page[] = [];
const MANAGER = 'gerente-regras@e2e.innexar.test';

let campinasId = '';
let quoteId = '';
let quoteNumber = '';

beforeAll(async () => {
  browser = await launch();
  const owner = await as(port);
  await owner('POST', '/api/v1/users', { email: MANAGER, name: 'Rita Gerente', roles: ['store_manager'], storeIds: [storeId], password: PASSWORD });
  const stores = await owner<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/stores');
  campinasId = stores.body.items.find((s) => s.name === 'Filial Campinas')!.id;
  // A quote of the journey's own car, to download.
  const car = await owner<{ id: string }>('POST', '/api/v1/vehicles', {
    storeId, make: 'Toyota', model: 'Corolla', trim: 'XEi 2.0', year: 2022, modelYear: 2023, mileageKm: 41_000, fuel: 'flex', transmission: 'cvt', condition: 'used', priceCents: 12_990_000, costCents: 11_500_000,
  });
  const customerId = await customer(port, storeId, 'Renata Albuquerque', { phones: [{ number: '11933445566', whatsapp: true }] });
  const quote = await owner<{ id: string; number: string }>('POST', '/api/v1/quotes', {
    customerId,
    vehicleId: car.body.id,
    payments: [{ method: 'down_payment', amountCents: 12_990_000 }],
    validUntil: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
  });
  quoteId = quote.body.id;
  quoteNumber = quote.body.number;
});
afterAll(async () => {
  await browser?.close();
});
keepFailurePictures(opened);

function signedIn(email: string, viewport: { width: number; height: number }, path: string) {
  return openSignedIn(browser, opened, { url: `${origin}${path}`, email, password: PASSWORD, viewport, acceptDownloads: true });
}

describe('the sales settings', () => {
  it('let the Owner set a discount limit, a commission plan and a rate table, and download a quote', async () => {
    const { context, page } = await signedIn(OWNER, DESKTOP, '/');
    await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Configurações de vendas' }).click();
    await page.waitForURL(`${origin}/admin/sales`);
    await page.getByRole('heading', { name: 'Configurações de vendas', level: 1 }).waitFor();

    // (a) The branch's salespeople give up to 2 % and R$ 2.000,00 without asking.
    const limits = page.getByRole('region', { name: 'Limites de desconto' });
    await limits.getByLabel('Loja', { exact: true }).selectOption({ label: 'Filial Campinas' });
    const sales = limits.getByRole('group', { name: 'Vendas' });
    // The defaults, as the store has set none.
    expect(await sales.getByLabel('Até (% do preço)').inputValue()).toBe('3');
    expect(await sales.getByLabel('Até (R$)').inputValue()).toBe('3.000,00');
    await expectAccessible(page, 'sales settings');
    await screenshot(page, 'sales-settings-desktop');
    await sales.getByLabel('Até (% do preço)').fill('2');
    await sales.getByLabel('Até (R$)').fill('');
    await sales.getByLabel('Até (R$)').pressSequentially('200000');
    await sales.getByText('Pede aprovação acima de 2 % do preço ou de R$ 2.000,00.').waitFor();
    await limits.getByRole('button', { name: 'Salvar limites' }).click();
    await page.getByText('Limites de desconto de Filial Campinas salvos.', { exact: true }).waitFor();
    const owner = await as(port);
    const saved = await owner<{ items: Array<{ role: string; maxPercent: string | null; maxCents: number | null; isDefault: boolean }> }>('GET', `/api/v1/stores/${campinasId}/discount-limits`);
    expect(saved.body.items.find((l) => l.role === 'sales')).toEqual({ role: 'sales', maxPercent: '0.02', maxCents: 200_000, isDefault: false });

    // (b) The branch's managers earn 8 % of the margin, 10 % from the tenth sale, R$ 500,00 a car.
    const plans = page.getByRole('region', { name: 'Planos de comissão' });
    await plans.getByRole('button', { name: 'Novo plano' }).click();
    await plans.getByLabel('Nome do plano').fill('Gerentes Campinas');
    await plans.getByLabel('Perfil que recebe').selectOption({ label: 'Gerente de loja' });
    await plans.getByLabel('Loja', { exact: true }).selectOption({ label: 'Filial Campinas' });
    await plans.getByLabel('Base da comissão').selectOption({ label: 'Margem bruta' });
    await plans.getByLabel('Taxa (%)').fill('8');
    await plans.getByLabel('Bônus por veículo (R$)').pressSequentially('50000');
    expect(await plans.getByLabel('Bônus por veículo (R$)').inputValue()).toBe('500,00');
    await plans.getByLabel('Parte do retorno de F&I (%)').fill('2,5');
    await plans.getByRole('button', { name: 'Adicionar faixa' }).click();
    await plans.getByLabel('Vendas, faixa 1').fill('10');
    await plans.getByLabel('Taxa %, faixa 1').fill('10');
    await expectAccessible(page, 'commission plan form');
    await screenshot(page, 'sales-settings-plan-desktop');
    await plans.getByRole('button', { name: 'Salvar plano' }).click();
    await page.getByText('Plano Gerentes Campinas criado.', { exact: true }).waitFor();
    await plans.getByRole('listitem', { name: 'Gerentes Campinas' }).getByText('8 % da margem · 10 % a partir de 10 vendas · bônus de R$ 500,00 por veículo · 2,5 % do F&I').waitFor();
    const plan = (await owner<{ items: Array<Record<string, unknown>> }>('GET', '/api/v1/commission-plans')).body.items.find((p) => p.name === 'Gerentes Campinas');
    expect(plan).toMatchObject({ storeId: campinasId, role: 'store_manager', basis: 'gross_margin', rate: '0.08', tiers: [{ minSales: 10, rate: '0.1' }], bonusPerVehicleCents: 50_000, fiShare: '0.025', active: true });

    // (c) A bank's table, kept inactive until the bank confirms it.
    const tables = page.getByRole('region', { name: 'Tabelas de taxas dos bancos' });
    await tables.getByRole('button', { name: 'Nova tabela' }).click();
    await tables.getByLabel('Banco', { exact: true }).fill('Banco Safra');
    await tables.getByLabel('Nome da tabela').fill('Seminovos Campinas');
    await tables.getByLabel('Até (parcelas) (linha 1)').fill('48');
    await tables.getByLabel('Entrada mínima (%) (linha 1)').fill('20');
    await tables.getByLabel('Taxa ao mês (%) (linha 1)').fill('1,69');
    await tables.getByRole('button', { name: 'Adicionar taxa' }).click();
    await tables.getByLabel('Até (parcelas) (linha 2)').fill('60');
    await tables.getByLabel('Entrada mínima (%) (linha 2)').fill('30');
    await tables.getByLabel('Taxa ao mês (%) (linha 2)').fill('1,79');
    await tables.getByRole('button', { name: 'Adicionar tarifa' }).click();
    await tables.getByLabel('Tarifa 1', { exact: true }).fill('Cadastro');
    await tables.getByLabel('Valor 1 (R$)').pressSequentially('80000');
    await tables.getByLabel(/^Tabela ativa/).uncheck();
    await expectAccessible(page, 'rate table form');
    await screenshot(page, 'sales-settings-table-desktop');
    await tables.getByRole('button', { name: 'Salvar tabela' }).click();
    await page.getByText('Tabela Banco Safra · Seminovos Campinas criada.', { exact: true }).waitFor();
    await tables.getByRole('listitem', { name: 'Banco Safra · Seminovos Campinas' }).getByText('Inativo').waitFor();
    const table = (await owner<{ items: Array<Record<string, unknown>> }>('GET', '/api/v1/financing/rate-tables')).body.items.find((x) => x.name === 'Seminovos Campinas');
    expect(table).toMatchObject({
      bank: 'Banco Safra',
      system: 'price',
      rates: [
        { maxInstallments: 48, minDownPayment: '0.2', monthlyRate: '0.0169' },
        { maxInstallments: 60, minDownPayment: '0.3', monthlyRate: '0.0179' },
      ],
      feesCents: { Cadastro: 80_000 },
      financeFees: true,
      active: false,
      version: 1,
    });
    // A refusal lands on its field in the app's words: 12 % a month is out of range.
    await tables.getByRole('button', { name: 'Editar a tabela Banco Safra · Seminovos Campinas' }).click();
    await tables.getByLabel('Taxa ao mês (%) (linha 1)').fill('12');
    await tables.getByRole('button', { name: 'Salvar tabela' }).click();
    await tables.getByText('A taxa mensal vai de 0 a 10 % ao mês.').waitFor();
    expect(await tables.getByLabel('Taxa ao mês (%) (linha 1)').getAttribute('aria-invalid')).toBe('true');
    await tables.getByRole('button', { name: 'Cancelar' }).click();
    await screenshot(page, 'sales-settings-saved-desktop');

    // (d) The quote's PDF, fetched with the session's token and saved as a file.
    await page.goto(`${origin}/quotes/${quoteId}`);
    await page.getByRole('heading', { name: `Proposta ${quoteNumber}`, level: 1 }).waitFor();
    const response = page.waitForResponse((r) => r.url().endsWith(`/api/v1/quotes/${quoteId}/pdf`));
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: `Baixar a proposta ${quoteNumber} em PDF` }).click();
    const answered = await response;
    expect(answered.status()).toBe(200);
    expect(answered.headers()['content-type']).toBe('application/pdf');
    const file = await download;
    expect(file.suggestedFilename()).toBe(`proposta-${quoteNumber}-v1.pdf`);
    expect(readFileSync((await file.path()) as string).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.getByText(`proposta-${quoteNumber}-v1.pdf baixado.`, { exact: true }).waitFor();
    await expectAccessible(page, 'quote page with its PDF');
    await context.close();
  });

  it('fit a phone, and show a store manager only the cards they may use', async () => {
    const { context, page } = await signedIn(MANAGER, PHONE, '/admin/sales');
    await page.getByRole('heading', { name: 'Configurações de vendas', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Limites de desconto' }).getByRole('group', { name: 'Vendas' }).waitFor();
    await page.getByRole('region', { name: 'Tabelas de taxas dos bancos' }).waitFor();
    await page.getByRole('region', { name: 'IOF do financiamento' }).getByLabel('IOF adicional (% sobre o valor)').waitFor();
    // Commission plans are the Owner's.
    expect(await page.getByRole('region', { name: 'Planos de comissão' }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'sales settings on a phone');
    await screenshot(page, 'sales-settings-phone');
    await page.getByRole('region', { name: 'Tabelas de taxas dos bancos' }).getByRole('button', { name: 'Nova tabela' }).click();
    await page.getByLabel('Taxa ao mês (%) (linha 1)').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'rate table form on a phone');
    await screenshot(page, 'sales-settings-table-phone');
    await context.close();
  });
});
