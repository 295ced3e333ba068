import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QUOTE_ID, json, quote, renderRoutes, stubServer } from '../testing';
import { QuotePage } from './QuotePage';

const DESK = ['sales.read', 'quotes.write', 'sales.sell', 'customers.read'];

function renderQuote() {
  return renderRoutes([{ path: '/quotes/:id', element: <QuotePage /> }], `/quotes/${QUOTE_ID}`);
}

describe('a quote at the desk', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('asks a manager, with the salesperson’s reason, when the discount is above the limit', async () => {
    const seen = stubServer(DESK, (r) => {
      if (r.path === `/api/v1/quotes/${QUOTE_ID}` && r.method === 'GET') return json(200, quote(), { ETag: '"3"' });
      if (r.path.endsWith('/send')) {
        return json(409, { status: 409, code: 'sales.approval_required', title: 'Conflict', detail: 'the discount of R$ 4.000,00 is above your limit of R$ 2.400,00' });
      }
      if (r.path.endsWith('/approval-requests')) {
        return json(201, { id: 'a1', quoteId: QUOTE_ID, quoteVersion: 1, storeId: 's', status: 'pending', requestedAt: '2026-12-06T12:00:00Z', priceCents: 8_000_000, discountCents: 400_000, comment: 'Cobrir a oferta da concorrência' });
      }
      if (r.path.endsWith('/versions')) return json(200, { items: [] });
      return undefined;
    });
    renderQuote();
    await userEvent.click(await screen.findByRole('button', { name: 'Enviar ao cliente' }));
    // The send carried the version the desk read.
    expect(seen.find((r) => r.path.endsWith('/send'))?.headers.get('if-match')).toBe('"3"');
    const dialog = await screen.findByRole('dialog', { name: 'Pedir aprovação do desconto' });
    expect(screen.queryByText(/above your limit/)).toBeNull();
    await userEvent.type(within(dialog).getByLabelText(/Por que o cliente/), 'Cobrir a oferta da concorrência');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Pedir aprovação' }));
    await screen.findByText('Pedido enviado ao gerente.');
    expect(seen.find((r) => r.path.endsWith('/approval-requests'))?.body).toEqual({ comment: 'Cobrir a oferta da concorrência' });
  });

  it('shows the link to copy once it is sent, and the financing as the customer reads it', async () => {
    let sent = false;
    stubServer(DESK, (r) => {
      if (r.path === `/api/v1/quotes/${QUOTE_ID}` && r.method === 'GET') return json(200, quote({ status: sent ? 'sent' : 'draft' }), { ETag: sent ? '"4"' : '"3"' });
      if (r.path.endsWith('/send')) {
        sent = true;
        return json(200, { ...quote({ status: 'sent' }), link: { url: '/p/tok-123', token: 'tok-123', expiresAt: '2026-12-14T04:59:59Z' } }, { ETag: '"4"' });
      }
      if (r.path.endsWith('/versions')) return json(200, { items: [] });
      return undefined;
    });
    renderQuote();
    await screen.findByText('Banco Itaú · CDC Seminovos');
    expect(screen.getByText(/48x de R\$\s1\.633,11/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Enviar ao cliente' }));
    const link = await screen.findByLabelText('Link da proposta para o cliente');
    expect((link as HTMLInputElement).value).toBe(`${window.location.origin}/p/tok-123`);
    expect(screen.getByRole('button', { name: 'Copiar link' })).toBeTruthy();
    // Sent: the answers at the desk are offered, sending again is not.
    await screen.findByRole('button', { name: 'Cliente aceitou na loja' });
    expect(screen.queryByRole('button', { name: 'Enviar ao cliente' })).toBeNull();
  });
});
