// The notification bell (issue #14): a salesperson on a phone asks for a discount above their
// limit; the store manager on a desktop sees the bell's number, opens the panel, follows the
// notification to the approvals and approves; the salesperson's bell then tells the answer and
// leads to the quote, and the full list has it read. Axe with each panel open; screenshots in
// e2e/screenshots/notifications-*.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, keepFailurePictures, launch, openSignedIn, screenshot } from './browser';
import { as, customer } from './deals';
import { PASSWORD } from './server';

let browser: Browser;
const origin = inject('origin');
const port = inject('port');
const storeId = inject('storeId');
const opened: Page[] = [];
const SELLER = 'vendas-sino@e2e.innexar.test';
const MANAGER = 'gerente-sino@e2e.innexar.test';

beforeAll(async () => {
  browser = await launch();
  const owner = await as(port);
  await owner('POST', '/api/v1/users', { email: SELLER, name: 'Rita Vendas', roles: ['sales'], storeIds: [storeId], password: PASSWORD });
  await owner('POST', '/api/v1/users', { email: MANAGER, name: 'Paulo Gerente', roles: ['store_manager'], storeIds: [storeId], password: PASSWORD });
  await owner('POST', '/api/v1/vehicles', {
    storeId, make: 'Toyota', model: 'Corolla', trim: 'XEi 2.0 Sino', year: 2023, modelYear: 2023, mileageKm: 21_000, fuel: 'flex', transmission: 'automatic', condition: 'used', priceCents: 13_000_000, costCents: 11_500_000,
  });
  // Registered by the salesperson, who sees the customers they registered.
  await customer(port, storeId, 'Lúcia Tavares', { phones: [{ number: '11987651234', whatsapp: true }] }, SELLER);
});
afterAll(async () => {
  await browser?.close();
});
keepFailurePictures(opened);

function signedIn(email: string, viewport: { width: number; height: number }, path: string) {
  return openSignedIn(browser, opened, { url: `${origin}${path}`, email, password: PASSWORD, viewport });
}

describe('the notification bell', () => {
  it('takes a discount request to the manager and the answer back to the salesperson', async () => {
    // (a) The salesperson, on a phone, builds a quote with 5 % off (their limit is 3 %) and asks.
    const seller = await signedIn(SELLER, PHONE, '/quotes/new');
    const page = seller.page;
    await page.getByRole('button', { name: 'Notificações, nenhuma não lida' }).waitFor();
    await page.getByRole('searchbox', { name: 'Buscar cliente' }).fill('Lúcia');
    await page.getByRole('button', { name: 'Escolher Lúcia Tavares' }).click();
    await page.getByRole('searchbox', { name: 'Buscar no estoque disponível' }).fill('Sino');
    await page.getByRole('button', { name: 'Escolher Toyota Corolla XEi 2.0 Sino 2023' }).click();
    await page.getByText('preço R$ 130.000,00').waitFor();
    await page.getByLabel('Desconto (R$)').pressSequentially('650000');
    await page.getByLabel('Valor do pagamento 1 (R$)').pressSequentially('12350000');
    await page.getByText('Os pagamentos fecham o total.').waitFor();
    await page.getByRole('button', { name: 'Salvar proposta' }).click();
    await page.waitForURL(/\/quotes\/[0-9a-f-]{36}$/);
    const quoteUrl = page.url();
    const created = page.getByText(/^Proposta P-\d+ criada\.$/);
    await created.waitFor();
    const number = (await created.innerText()).replace(/^Proposta (P-\d+) criada\.$/, '$1');
    await page.getByRole('button', { name: 'Enviar ao cliente' }).click();
    const ask = page.getByRole('dialog', { name: 'Pedir aprovação do desconto' });
    await ask.getByLabel(/Por que o cliente/).fill('Cliente fecha hoje à vista.');
    await ask.getByRole('button', { name: 'Pedir aprovação' }).click();
    await page.getByText('Pedido enviado ao gerente.', { exact: true }).waitFor();

    // (b) The manager, on a desktop, sees the bell's number and follows the notification.
    const manager = await signedIn(MANAGER, DESKTOP, '/');
    const mpage = manager.page;
    await mpage.getByRole('button', { name: 'Notificações, 1 não lida' }).click();
    const panel = mpage.getByRole('dialog', { name: 'Notificações' });
    const asked = panel.getByRole('link', { name: new RegExp(`^Não lida: Rita Vendas pede R\\$\\s6\\.500,00 de desconto na proposta ${number}`) });
    await asked.waitFor();
    await panel.getByText('agora').first().waitFor();
    await panel.getByRole('button', { name: 'Marcar todas como lidas' }).waitFor();
    await expectAccessible(mpage, 'notification panel on a desktop');
    await screenshot(mpage, 'notifications-panel-desktop');
    await asked.click();
    await mpage.waitForURL(`${origin}/approvals`);
    expect(await panel.count()).toBe(0);
    await mpage.getByRole('button', { name: 'Notificações, nenhuma não lida' }).waitFor();
    const request = mpage.getByRole('listitem').filter({ hasText: `Proposta ${number}` });
    await request.getByRole('button', { name: `Aprovar o desconto da proposta ${number}` }).click();
    const approve = mpage.getByRole('dialog', { name: `Aprovar o desconto da proposta ${number}` });
    await approve.getByRole('button', { name: 'Aprovar' }).click();
    await mpage.getByText(`Desconto da proposta ${number} aprovado.`, { exact: true }).waitFor();

    // (c) The salesperson's bell tells the answer (it asks every minute; the journey reloads
    // rather than wait) and leads to the quote.
    await page.reload();
    await page.getByRole('button', { name: 'Notificações, 1 não lida' }).click();
    const mine = page.getByRole('dialog', { name: 'Notificações' });
    const answer = mine.getByRole('link', { name: new RegExp(`^Não lida: Paulo Gerente aprovou o desconto de R\\$\\s6\\.500,00 na proposta ${number}`) });
    await answer.waitFor();
    const box = await mine.boundingBox();
    expect(box, 'the panel on screen').not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'notification panel on a phone');
    await screenshot(page, 'notifications-panel-phone');
    await answer.click();
    await page.waitForURL(quoteUrl);
    await page.getByText('Desconto de R$ 6.500,00 aprovado pelo gerente. A proposta já pode ser enviada.').waitFor();
    await page.getByRole('button', { name: 'Notificações, nenhuma não lida' }).waitFor();

    // The full list has it, read; none is left unread.
    await page.getByRole('button', { name: 'Notificações, nenhuma não lida' }).click();
    await mine.getByRole('link', { name: 'Ver todas as notificações' }).click();
    await page.waitForURL(`${origin}/notifications`);
    const list = page.getByRole('list', { name: 'Notificações' });
    await list.getByRole('link', { name: new RegExp(`^Paulo Gerente aprovou o desconto de R\\$\\s6\\.500,00 na proposta ${number}`) }).waitFor();
    await expectAccessible(page, 'notifications page on a phone');
    await screenshot(page, 'notifications-page-phone');
    await page.getByRole('button', { name: 'Não lidas' }).click();
    await page.getByText('Nenhuma notificação não lida').waitFor();
    await manager.context.close();
    await seller.context.close();
  });
});
