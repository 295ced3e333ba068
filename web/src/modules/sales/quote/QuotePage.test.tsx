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
    vi.restoreAllMocks();
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

  it('downloads the quote and one of its versions as PDFs, with the user’s token, named by the server', async () => {
    const saved: string[] = [];
    URL.createObjectURL = vi.fn(() => 'blob:pdf');
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    const pdf = (name: string) => new Response(new Blob(['%PDF-1.7']), { status: 200, headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${name}"` } });
    const seen = stubServer(DESK, (r) => {
      if (r.path === `/api/v1/quotes/${QUOTE_ID}` && r.method === 'GET') return json(200, quote({ currentVersion: 2 }), { ETag: '"3"' });
      if (r.path.endsWith('/versions')) return json(200, { items: [{ quoteId: QUOTE_ID, version: 1, createdAt: '2026-12-05T12:00:00Z', content: quote().content }, { quoteId: QUOTE_ID, version: 2, createdAt: '2026-12-06T12:00:00Z', content: quote().content }] });
      if (r.path === `/api/v1/quotes/${QUOTE_ID}/pdf`) return pdf('proposta-P-00007-v2.pdf');
      if (r.path === `/api/v1/quotes/${QUOTE_ID}/versions/1/pdf`) return pdf('proposta-P-00007-v1.pdf');
      return undefined;
    });
    renderQuote();
    await userEvent.click(await screen.findByRole('button', { name: 'Baixar a proposta P-00007 em PDF' }));
    await screen.findByText('proposta-P-00007-v2.pdf baixado.');
    await userEvent.click(await screen.findByRole('button', { name: 'Baixar a versão 1 em PDF' }));
    await screen.findByText('proposta-P-00007-v1.pdf baixado.');
    expect(saved).toEqual(['proposta-P-00007-v2.pdf', 'proposta-P-00007-v1.pdf']);
    const asked = seen.filter((r) => r.path.endsWith('/pdf'));
    expect(asked.map((r) => [r.path, r.headers.get('authorization')])).toEqual([
      [`/api/v1/quotes/${QUOTE_ID}/pdf`, 'Bearer access'],
      [`/api/v1/quotes/${QUOTE_ID}/versions/1/pdf`, 'Bearer access'],
    ]);
  });

  it('tells a refused download in the app’s words', async () => {
    stubServer(DESK, (r) => {
      if (r.path === `/api/v1/quotes/${QUOTE_ID}` && r.method === 'GET') return json(200, quote(), { ETag: '"3"' });
      if (r.path.endsWith('/versions')) return json(200, { items: [] });
      if (r.path.endsWith('/pdf')) return json(404, { status: 404, code: 'sales.quote_not_found', detail: 'no quote with this id, or not one you may see' });
      return undefined;
    });
    renderQuote();
    await userEvent.click(await screen.findByRole('button', { name: 'Baixar a proposta P-00007 em PDF' }));
    await screen.findByText('Não foi possível baixar o PDF');
    expect(screen.getByText('Proposta não encontrada.')).toBeTruthy();
    expect(screen.queryByText(/not one you may see/)).toBeNull();
  });
});
