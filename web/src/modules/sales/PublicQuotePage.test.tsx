import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PublicQuotePage } from './PublicQuotePage';
import { json, quote, renderRoutes, type Seen } from './testing';

const SHA = 'a'.repeat(64);

function publicQuote(answer: unknown = null) {
  const q = quote({ status: 'sent' });
  return { status: 'sent', document: { number: q.number, version: 2, storeName: 'Auto Center Demo', customerName: 'Júlia Martins', content: q.content }, documentSha256: SHA, expiresAt: '2026-12-14T04:59:59Z', codeTo: 'j***@gmail.com', answer };
}

/** The customer's phone: no session, only the public endpoints. */
function stubPublic(handler: (r: Seen) => Response | undefined): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal('fetch', async (req: Request) => {
    const url = new URL(req.url);
    const text = await req.text();
    const s = { method: req.method, path: url.pathname, search: url.searchParams, headers: req.headers, body: text ? JSON.parse(text) : null };
    seen.push(s);
    return handler(s) ?? json(404, { status: 404, code: 'http.not_found' });
  });
  return seen;
}

const open = () => renderRoutes([{ path: '/p/:token', element: <PublicQuotePage /> }], '/p/tok-123', { signedIn: false });

describe('the customer’s page', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('says plainly that the dealer revised the quote, in the app’s words', async () => {
    stubPublic(() => json(410, { status: 410, code: 'sales.link_superseded', title: 'Quote revised', detail: 'the dealer revised this quote; the new version comes with a new link' }));
    open();
    await screen.findByRole('heading', { name: 'Proposta atualizada' });
    expect(screen.getByText('A loja revisou esta proposta; a nova versão vem com um novo link.')).toBeTruthy();
    expect(screen.queryByText(/the dealer revised/)).toBeNull();
  });

  it('sends a code, refuses a short one, explains a wrong one and accepts with the document’s hash', async () => {
    let answered = false;
    let tries = 0;
    const seen = stubPublic((r) => {
      if (r.path === '/api/v1/public/quotes/tok-123' && r.method === 'GET') {
        return json(200, publicQuote(answered ? { id: 'x', quoteId: 'q', quoteVersion: 2, decision: 'accepted', channel: 'link', documentSha256: SHA, decidedAt: '2026-12-06T15:00:00Z' } : null));
      }
      if (r.path.endsWith('/confirmation-code')) return json(202, { sentTo: 'j***@gmail.com', expiresAt: '2026-12-06T15:10:00Z' });
      if (r.path.endsWith('/acceptance')) {
        tries += 1;
        if (tries === 1) return json(422, { status: 422, code: 'validation.failed', errors: [{ pointer: '/code', code: 'sales.invalid_code', message: 'the code is wrong or expired; ask for a new one' }] });
        answered = true;
        return json(200, { id: 'x' });
      }
      return undefined;
    });
    open();
    await screen.findByRole('heading', { name: 'Proposta P-00007' });
    expect(screen.getByText('Para Júlia Martins · versão 2')).toBeTruthy();
    // The PDF to keep, through the link's own address (no login here).
    expect(screen.getByRole('link', { name: 'Baixar a proposta em PDF' }).getAttribute('href')).toBe('/api/v1/public/quotes/tok-123/pdf');
    expect(screen.getByText('Banco Itaú · CDC Seminovos')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Receber código' }));
    await screen.findByText('Enviamos um código para j***@gmail.com. Ele vale por 10 minutos.');
    const code = screen.getByLabelText('Código de 6 dígitos');
    await userEvent.type(code, '12a345');
    await userEvent.click(screen.getByRole('button', { name: 'Aceitar proposta' }));
    await screen.findByText('Digite os 6 números do código.');
    expect(seen.some((r) => r.path.endsWith('/acceptance'))).toBe(false);

    await userEvent.type(code, '9');
    await userEvent.click(screen.getByRole('button', { name: 'Aceitar proposta' }));
    await screen.findByText('O código está errado ou expirou; peça outro.');
    await userEvent.click(screen.getByRole('button', { name: 'Aceitar proposta' }));
    await screen.findByText(/Você aceitou esta proposta em/);
    expect(seen.filter((r) => r.path.endsWith('/acceptance')).at(-1)?.body).toEqual({ code: '123459', documentSha256: SHA });
  });
});
