// The sales desk (issue #14): a salesperson on a phone builds a deal with a trade-in appraised
// and photographed on the spot and a financing chosen among the banks, and asks for a discount
// above their limit; a manager on a desktop approves it in the inbox; the salesperson sends it;
// the customer opens the link on a phone, gets the code and accepts; the salesperson makes the
// sale and finds it in the sales and their commissions; the manager cancels it with a reason.
// Then the reservation badge: a hold, another customer's refused, a manager's override, a
// release. Axe on every screen; screenshots in e2e/screenshots/sales-*.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, keepFailurePictures, launch, openSignedIn, png, screenshot } from './browser';
import { as, customer } from './deals';
import { OWNER, PASSWORD } from './server';

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const storeId = inject('storeId');
const opened: Page[] = [];
const SELLER = 'vendas-desk@e2e.innexar.test';
const MANAGER = 'gerente-desk@e2e.innexar.test';

let sellerId = '';
let compassId = '';
let renegadeId = '';

beforeAll(async () => {
  browser = await launch();
  const owner = await as(port);
  const seller = await owner<{ user: { id: string } }>('POST', '/api/v1/users', { email: SELLER, name: 'Bruno Vendas', roles: ['sales'], storeIds: [storeId], password: PASSWORD });
  sellerId = seller.body.user.id;
  await owner('POST', '/api/v1/users', { email: MANAGER, name: 'Helena Gerente', roles: ['store_manager'], storeIds: [storeId], password: PASSWORD });
  // Two banks' tables, as the F&I desk keeps them.
  await owner('POST', '/api/v1/financing/rate-tables', {
    bank: 'Banco Itaú',
    name: 'CDC Seminovos',
    system: 'price',
    rates: [
      { maxInstallments: 48, minDownPayment: '0.2', monthlyRate: '0.0179' },
      { maxInstallments: 60, minDownPayment: '0.3', monthlyRate: '0.0189' },
    ],
    feesCents: { registration: 69_900 },
    financeFees: true,
  });
  await owner('POST', '/api/v1/financing/rate-tables', {
    bank: 'Santander Financiamentos',
    name: 'Auto Usado',
    system: 'price',
    rates: [{ maxInstallments: 48, minDownPayment: '0.2', monthlyRate: '0.0169' }],
    feesCents: { registration: 79_000 },
    financeFees: false,
  });
  // 1 % of the price less the discount for salespeople.
  await owner('POST', '/api/v1/commission-plans', { name: 'Vendedores', role: 'sales', basis: 'price', rate: '0.01' });
  const car = (make: string, model: string, trim: string, priceCents: number) =>
    owner<{ id: string }>('POST', '/api/v1/vehicles', {
      storeId, make, model, trim, year: 2023, modelYear: 2023, mileageKm: 28_000, fuel: 'flex', transmission: 'automatic', condition: 'used', priceCents, costCents: priceCents - 1_500_000,
    });
  compassId = (await car('Jeep', 'Compass', 'Longitude 2.0', 12_000_000)).body.id;
  renegadeId = (await car('Jeep', 'Renegade', 'Sport 1.3 T270', 9_800_000)).body.id;
  // Registered by the salesperson, who sees the customers they registered.
  await customer(port, storeId, 'Camila Rocha', { emails: [{ address: 'camila.rocha@cliente.test' }], phones: [{ number: '11954321876', whatsapp: true }] }, SELLER);
});
afterAll(async () => {
  await browser?.close();
});
keepFailurePictures(opened);

function signedIn(email: string, viewport: { width: number; height: number }, path: string) {
  return openSignedIn(browser, opened, { url: `${origin}${path}`, email, password: PASSWORD, viewport });
}

async function menu(page: Page, name: string | RegExp) {
  if ((page.viewportSize()?.width ?? 1280) < 1024) {
    await page.getByRole('button', { name: 'Abrir menu' }).click();
    await page.getByRole('dialog', { name: 'Navegação principal' }).getByRole('link', { name }).click();
  } else {
    await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name }).click();
  }
}

/** The confirmation code the customer was sent, read from the dev mailbox as the Owner. */
async function confirmationCode(): Promise<string> {
  const owner = await as(port, OWNER);
  const messages = await owner<{ items: Array<{ kind: string; body: string; recipient: string }> }>('GET', '/api/v1/messages?pageSize=20');
  const message = messages.body.items.find((m) => m.kind === 'quote_confirmation_code' && m.recipient === 'camila.rocha@cliente.test');
  const code = /\b(\d{6})\b/.exec(message?.body ?? '')?.[1];
  expect(code, 'a code in the mailbox').toBeTruthy();
  return code!;
}

describe('a deal from the first offer to the commission', () => {
  it('is built on a phone, approved on a desktop, accepted by the customer and sold', async () => {
    // (a) The salesperson builds it on a phone.
    const seller = await signedIn(SELLER, PHONE, '/quotes');
    const page = seller.page;
    await page.getByRole('heading', { name: 'Propostas', level: 1 }).waitFor();
    await expectAccessible(page, 'quotes list on a phone');
    await page.getByRole('button', { name: 'Nova proposta' }).click();
    await page.waitForURL(`${origin}/quotes/new`);
    await page.getByRole('searchbox', { name: 'Buscar cliente' }).fill('Camila');
    await page.getByRole('button', { name: 'Escolher Camila Rocha' }).click();
    await page.getByRole('searchbox', { name: 'Buscar no estoque disponível' }).fill('Compass');
    await page.getByRole('button', { name: 'Escolher Jeep Compass Longitude 2.0 2023' }).click();
    await page.getByText('preço R$ 120.000,00').waitFor();
    // 5 % off: above the salesperson's 3 % (and R$ 3.000,00).
    await page.getByLabel('Desconto (R$)').pressSequentially('600000');
    await page.getByText(/5,0\s?% do preço/).waitFor();

    // The trade-in, appraised here: a Gol with a loan still owed on it.
    await page.getByRole('button', { name: 'Avaliar o carro do cliente' }).click();
    await page.getByLabel('Placa').fill('gol1a23');
    expect(await page.getByLabel('Placa').inputValue()).toBe('GOL1A23');
    await page.getByLabel('Marca').fill('Volkswagen');
    await page.getByLabel('Modelo', { exact: true }).fill('Gol');
    await page.getByLabel('Ano', { exact: true }).fill('2015');
    await page.getByLabel('Quilometragem (km)').fill('98000');
    await page.getByLabel('Estado do item 1').selectOption({ label: 'Atenção' });
    await page.getByLabel('Observação do item 1').fill('Pneus dianteiros na metade');
    await page.getByLabel('Reparo do item 1 (R$)').pressSequentially('80000');
    await page.getByLabel('Valor avaliado (R$)').pressSequentially('3000000');
    await page.getByLabel('Quitação do financiamento (R$)').pressSequentially('500000');
    await page.getByLabel('Banco da quitação').fill('Banco Pan');
    await expectAccessible(page, 'trade-in appraisal on a phone');
    await screenshot(page, 'sales-appraisal-phone');
    await page.getByRole('button', { name: 'Salvar avaliação' }).click();
    await page.getByText('O usado paga R$ 25.000,00 da proposta.').waitFor();
    // Its photos, taken on the lot, are the appraised car's own.
    const tradeInPhotos = page.getByRole('region', { name: 'Fotos do usado' });
    await tradeInPhotos.getByLabel('Escolher fotos').setInputFiles([{ name: 'gol-frente.png', mimeType: 'image/png', buffer: png(320, 240, [30, 120, 60]) }]);
    await tradeInPhotos.getByRole('button', { name: 'Abrir foto 1 (capa)' }).waitFor();

    // R$ 20.000,00 down; the financing takes the rest, priced by every bank side by side.
    await page.getByLabel('Valor do pagamento 1 (R$)').pressSequentially('2000000');
    await page.getByText('Falta R$ 69.000,00 para fechar o total.').waitFor();
    await page.getByRole('button', { name: 'Adicionar financiamento' }).click();
    expect(await page.getByLabel('Valor do pagamento 2 (R$)').inputValue()).toBe('69.000,00');
    const offers = page.getByRole('radiogroup', { name: /Financiamento em cada banco/ });
    await offers.getByRole('radio').first().waitFor();
    expect(await offers.getByRole('radio').count()).toBe(2);
    await offers.getByText('Menor CET').waitFor();
    await offers.getByRole('radio').first().check();
    await page.getByText('Os pagamentos fecham o total.').waitFor();
    await expectAccessible(page, 'deal builder on a phone');
    await screenshot(page, 'sales-deal-phone');
    await page.getByRole('button', { name: 'Salvar proposta' }).click();
    await page.waitForURL(/\/quotes\/[0-9a-f-]{36}$/);
    const quoteUrl = page.url();
    const quoteId = quoteUrl.split('/').pop()!;
    // The number from the toast: the page's heading may still be the builder's for a moment.
    const toast = page.getByText(/^Proposta P-\d+ criada\.$/);
    await toast.waitFor();
    const number = (await toast.innerText()).replace(/^Proposta (P-\d+) criada\.$/, '$1');
    await page.getByText(/48x de R\$/).first().waitFor();

    // Sending asks for the manager first; the salesperson says why.
    await page.getByRole('button', { name: 'Enviar ao cliente' }).click();
    const ask = page.getByRole('dialog', { name: 'Pedir aprovação do desconto' });
    await ask.getByLabel(/Por que o cliente/).fill('Cobre a oferta da concessionária vizinha.');
    await expectAccessible(page, 'approval request on a phone');
    await screenshot(page, 'sales-ask-approval-phone');
    await ask.getByRole('button', { name: 'Pedir aprovação' }).click();
    await page.getByText('Pedido enviado ao gerente.', { exact: true }).waitFor();
    await page.getByText('Desconto de R$ 6.000,00 aguardando a aprovação do gerente.').waitFor();
    await expectAccessible(page, 'quote waiting for approval on a phone');
    await screenshot(page, 'sales-quote-waiting-phone');

    // (b) The manager approves it in the inbox, which the menu counts.
    const manager = await signedIn(MANAGER, DESKTOP, '/approvals');
    await manager.page.getByRole('link', { name: /Aprovações\s*1 pendente/ }).waitFor();
    const request = manager.page.getByRole('listitem').filter({ hasText: `Proposta ${number}` });
    await request.getByText('“Cobre a oferta da concessionária vizinha.”').waitFor();
    await request.getByText(/5,0\s?%/).waitFor();
    await expectAccessible(manager.page, 'approvals inbox');
    await screenshot(manager.page, 'sales-approvals-desktop');
    await request.getByRole('button', { name: `Aprovar o desconto da proposta ${number}` }).click();
    const approve = manager.page.getByRole('dialog', { name: `Aprovar o desconto da proposta ${number}` });
    await approve.getByLabel(/Comentário para o vendedor/).fill('Pode fechar.');
    await expectAccessible(manager.page, 'approval dialog');
    await approve.getByRole('button', { name: 'Aprovar' }).click();
    await manager.page.getByText(`Desconto da proposta ${number} aprovado.`, { exact: true }).waitFor();
    await manager.page.getByText('Nenhum pedido esperando decisão.').waitFor();
    // The store's quotes, and this one with its margin, which only a manager sees.
    await menu(manager.page, 'Propostas');
    const row = manager.page.getByRole('row', { name: new RegExp(number) });
    await row.getByText('Rascunho').waitFor();
    await row.getByText('Camila Rocha').waitFor();
    await row.getByText('Bruno Vendas').waitFor();
    await expectAccessible(manager.page, 'quotes list');
    await screenshot(manager.page, 'sales-quotes-desktop');
    await row.getByRole('link', { name: number }).click();
    await manager.page.getByRole('heading', { name: 'Margem bruta', exact: true }).waitFor();
    await manager.page.getByRole('heading', { name: 'Versões' }).waitFor();
    await expectAccessible(manager.page, 'quote page on a desktop');
    await screenshot(manager.page, 'sales-quote-desktop');

    // (c) The salesperson sends it and copies the link.
    await page.reload();
    await page.getByText('Desconto de R$ 6.000,00 aprovado pelo gerente. A proposta já pode ser enviada.').waitFor();
    await page.getByRole('button', { name: 'Enviar ao cliente' }).click();
    const linkBox = page.getByLabel('Link da proposta para o cliente');
    await linkBox.waitFor();
    const link = await linkBox.inputValue();
    expect(link).toMatch(new RegExp(`^${origin}/p/[A-Za-z0-9_-]+$`));
    await page.getByRole('button', { name: 'Copiar link' }).waitFor();
    await expectAccessible(page, 'sent quote with its link on a phone');
    await screenshot(page, 'sales-quote-sent-phone');

    // (d) The customer, on her phone and signed in nowhere, reads it and accepts with the code.
    const phone = await browser.newContext({ viewport: PHONE, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
    const customerPage = await phone.newPage();
    opened.push(customerPage);
    await customerPage.goto(link);
    await customerPage.getByRole('heading', { name: `Proposta ${number}`, level: 1 }).waitFor();
    await customerPage.getByText('Para Camila Rocha · versão 1').waitFor();
    await customerPage.getByText('Volkswagen Gol 2015').first().waitFor();
    await expectAccessible(customerPage, 'customer quote page');
    await screenshot(customerPage, 'sales-customer-quote-phone');
    await customerPage.getByRole('button', { name: 'Receber código' }).click();
    await customerPage.getByText(/Enviamos um código para c\*+@cliente\.test/).waitFor();
    await customerPage.getByLabel('Código de 6 dígitos').fill(await confirmationCode());
    await expectAccessible(customerPage, 'customer entering the code');
    await customerPage.getByRole('button', { name: 'Aceitar proposta' }).click();
    await customerPage.getByText(/Você aceitou esta proposta em/).waitFor();
    await expectAccessible(customerPage, 'customer after accepting');
    await screenshot(customerPage, 'sales-customer-accepted-phone');
    // The link answers once: opened again, it says so.
    await customerPage.reload();
    await customerPage.getByText(/Você aceitou esta proposta em/).waitFor();
    await phone.close();

    // (e) The salesperson makes the sale and finds it in the sales and in the commissions.
    await page.goto(quoteUrl);
    await page.getByText('Aceita', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Concluir venda' }).click();
    const sell = page.getByRole('dialog', { name: `Concluir a venda da proposta ${number}?` });
    await expectAccessible(page, 'sale dialog on a phone');
    await sell.getByRole('button', { name: 'Concluir venda' }).click();
    const sold = page.getByText(/^Venda PV-\d+ concluída\.$/);
    await sold.waitFor();
    const saleNumber = (await sold.innerText()).replace(/^Venda (PV-\d+) concluída\.$/, '$1');
    await page.waitForURL(/\/sales\?month=\d{4}-\d{2}$/);
    const month = new URL(page.url()).searchParams.get('month')!;
    await page.getByRole('link', { name: saleNumber }).waitFor();
    await page.getByText('Camila Rocha').first().waitFor();
    await expectAccessible(page, 'sales on a phone');
    await screenshot(page, 'sales-list-phone');
    const mine = await (await as(port, SELLER))<{ totalCents: number }>('GET', `/api/v1/commissions?month=${month}&userId=${sellerId}`);
    expect(mine.body.totalCents).toBe(114_000); // 1 % of R$ 114.000,00
    await menu(page, 'Minhas comissões');
    await page.waitForURL(`${origin}/commissions`);
    await page.getByText('R$ 1.140,00').first().waitFor();
    await page.getByRole('link', { name: saleNumber }).waitFor();
    await expectAccessible(page, 'my commissions on a phone');
    await screenshot(page, 'sales-commissions-phone');
    const quote = await (await as(port, SELLER))<{ status: string }>('GET', `/api/v1/quotes/${quoteId}`);
    expect(quote.body.status).toBe('accepted');

    // The manager undoes it with a reason: a cancelled sale stays on record.
    await manager.page.goto(`${origin}/sales?month=${month}`);
    await manager.page.getByRole('button', { name: `Cancelar a venda ${saleNumber}` }).click();
    const cancel = manager.page.getByRole('dialog', { name: `Cancelar a venda ${saleNumber}?` });
    await cancel.getByRole('button', { name: 'Cancelar a venda' }).click();
    await cancel.getByText('Preencha este campo.').waitFor();
    await cancel.getByLabel('Motivo do cancelamento').fill('Financiamento negado pelo banco.');
    await expectAccessible(manager.page, 'cancel sale dialog');
    await cancel.getByRole('button', { name: 'Cancelar a venda' }).click();
    await manager.page.getByText(`Venda ${saleNumber} cancelada.`, { exact: true }).waitFor();
    await manager.page.getByRole('row', { name: new RegExp(saleNumber) }).getByText('Cancelada').waitFor();
    await expectAccessible(manager.page, 'sales with a cancelled one');
    await screenshot(manager.page, 'sales-list-cancelled-desktop');
    const car = await (await as(port))<{ status: string }>('GET', `/api/v1/vehicles/${compassId}`);
    expect(car.body.status).toBe('available');
    await manager.context.close();
    await seller.context.close();
  });
});

describe('a car held for a customer', () => {
  it('shows who holds it until when, and a manager hands it to another customer with a reason', async () => {
    const other = await customer(port, storeId, 'Otávio Prado', { phones: [{ number: '21977665544', whatsapp: true }] }, SELLER);
    expect(other).toBeTruthy();
    const seller = await signedIn(SELLER, PHONE, `/inventory/${renegadeId}`);
    const page = seller.page;
    await page.getByRole('heading', { name: 'Jeep Renegade Sport 1.3 T270' }).waitFor();
    await page.getByRole('button', { name: 'Reservar' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reservar o veículo' });
    await dialog.getByRole('searchbox', { name: 'Buscar cliente' }).fill('Camila');
    await dialog.getByRole('button', { name: 'Escolher Camila Rocha' }).click();
    await dialog.getByLabel('Observação (opcional)').fill('Volta sábado com a esposa.');
    await expectAccessible(page, 'reservation dialog on a phone');
    await screenshot(page, 'sales-reserve-phone');
    await dialog.getByRole('button', { name: 'Reservar' }).click();
    await page.getByText('Veículo reservado para Camila Rocha.', { exact: true }).waitFor();
    await page.getByText(/^Reservado para Camila Rocha até \d{2}\/\d{2}\/\d{4}/).waitFor();
    await page.getByText('Reservado', { exact: true }).first().waitFor();
    await expectAccessible(page, 'reserved vehicle on a phone');
    await screenshot(page, 'sales-reserved-phone');
    // The salesperson cannot hand it to someone else.
    expect(await page.getByRole('button', { name: 'Reservar para outro cliente' }).count()).toBe(0);
    await seller.context.close();

    const manager = await signedIn(MANAGER, DESKTOP, `/inventory/${renegadeId}`);
    await manager.page.getByText(/^Reservado para Camila Rocha até/).waitFor();
    await manager.page.getByRole('button', { name: 'Reservar para outro cliente' }).click();
    const override = manager.page.getByRole('dialog', { name: 'Reservar para outro cliente' });
    await override.getByRole('searchbox', { name: 'Buscar cliente' }).fill('Otávio');
    await override.getByRole('button', { name: 'Escolher Otávio Prado' }).click();
    await override.getByRole('button', { name: 'Reservar' }).click();
    await override.getByText('Preencha este campo.').waitFor();
    await override.getByLabel('Motivo da troca de reserva').fill('Camila desistiu por telefone; Otávio deu sinal.');
    await expectAccessible(manager.page, 'reservation override');
    await override.getByRole('button', { name: 'Reservar' }).click();
    await manager.page.getByText(/^Reservado para Otávio Prado até/).waitFor();
    await manager.page.getByRole('button', { name: 'Liberar reserva' }).click();
    const release = manager.page.getByRole('dialog', { name: 'Liberar a reserva' });
    // The manager's own hold now: a reason is welcome, not required.
    await release.getByLabel('Motivo (opcional)').fill('Sinal devolvido.');
    await release.getByRole('button', { name: 'Liberar reserva' }).click();
    await manager.page.getByText('Reserva liberada.', { exact: true }).waitFor();
    await manager.page.getByRole('button', { name: 'Reservar', exact: true }).waitFor();
    expect(await manager.page.getByText(/^Reservado para/).count()).toBe(0);
    await screenshot(manager.page, 'sales-released-desktop');
    await manager.context.close();
  });
});
