import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApprovalsPage } from './ApprovalsPage';
import { QUOTE_ID, STORE, json, quote, renderRoutes, stubServer } from './testing';

const REQUEST = {
  id: 'ap1',
  quoteId: QUOTE_ID,
  quoteVersion: 1,
  storeId: STORE,
  status: 'pending',
  requestedAt: '2026-12-06T12:00:00Z',
  requestedBy: 'someone',
  priceCents: 8_000_000,
  discountCents: 400_000,
  comment: 'Cliente fecha hoje com este desconto',
};

describe('the approvals inbox', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('shows the deal and its share, and counter-proposes a smaller discount with a comment', async () => {
    const seen = stubServer(['sales.read', 'sales.approve_discounts', 'customers.read'], (r) => {
      if (r.path === '/api/v1/approvals') return json(200, { items: [REQUEST] });
      if (r.path === `/api/v1/quotes/${QUOTE_ID}`) return json(200, quote(), { ETag: '"2"' });
      if (r.path === '/api/v1/approvals/ap1/decision') return json(200, { ...REQUEST, status: 'countered', approvedDiscountCents: 300_000 });
      return undefined;
    });
    renderRoutes([{ path: '/approvals', element: <ApprovalsPage /> }], '/approvals');
    await screen.findByRole('link', { name: 'Proposta P-00007' });
    expect(screen.getByText('R$ 4.000,00')).toBeTruthy();
    expect(screen.getByText(/5,0\s?%/)).toBeTruthy();
    expect(screen.getByText('“Cliente fecha hoje com este desconto”')).toBeTruthy();
    expect(seen.find((r) => r.path === '/api/v1/approvals')?.search.get('status')).toBe('pending');

    await userEvent.click(screen.getByRole('button', { name: 'Contrapropor desconto na proposta P-00007' }));
    const dialog = await screen.findByRole('dialog', { name: 'Contrapropor na proposta P-00007' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Contrapropor' }));
    expect(within(dialog).getByText('Preencha este campo.')).toBeTruthy();
    expect(within(dialog).getByText('Informe um valor maior que zero.')).toBeTruthy();
    await userEvent.type(within(dialog).getByLabelText('Desconto que você permite (R$)'), '300000');
    await userEvent.type(within(dialog).getByLabelText('Comentário para o vendedor'), 'Até R$ 3.000,00');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Contrapropor' }));
    await screen.findByText('Contraproposta enviada para a proposta P-00007.');
    expect(seen.find((r) => r.path === '/api/v1/approvals/ap1/decision')?.body).toEqual({ decision: 'counter', comment: 'Até R$ 3.000,00', counterDiscountCents: 300_000 });
  });
});
