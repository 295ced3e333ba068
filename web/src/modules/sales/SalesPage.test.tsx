import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CUSTOMER_ID, QUOTE_ID, STORE, VEHICLE_ID, json, renderRoutes, stubServer } from './testing';
import { SalesPage } from './SalesPage';

const SALE = { id: 's1', number: 'PV-00003', month: '2026-12', soldAt: '2026-12-06T15:00:00Z', storeId: STORE, quoteId: QUOTE_ID, quoteVersion: 1, customerId: CUSTOMER_ID, vehicleId: VEHICLE_ID, priceCents: 8_000_000, discountCents: 0, totalCents: 8_000_000 };

describe('the sales of a month', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    localStorage.clear();
  });

  it('hand out each sale’s order and deal jacket as the PDFs the server names', async () => {
    const saved: string[] = [];
    URL.createObjectURL = vi.fn(() => 'blob:pdf');
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    const pdf = (name: string) => new Response(new Blob(['%PDF-1.7']), { status: 200, headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${name}"` } });
    const seen = stubServer(['sales.read'], (r) => {
      if (r.path === '/api/v1/sales') return json(200, { items: [SALE], page: 1, pageSize: 25, total: 1, totalExact: true });
      if (r.path === '/api/v1/sales/s1') return json(200, { ...SALE, commissions: [] });
      if (r.path === '/api/v1/sales/s1/pdf') return pdf('pedido-PV-00003.pdf');
      if (r.path === '/api/v1/sales/s1/jacket') return pdf('pasta-PV-00003.pdf');
      return undefined;
    });
    renderRoutes([{ path: '/sales', element: <SalesPage /> }], '/sales?month=2026-12');
    await userEvent.click(await screen.findByRole('button', { name: 'Baixar o pedido de venda PV-00003 em PDF' }));
    await screen.findByText('pedido-PV-00003.pdf baixado.');
    await userEvent.click(screen.getByRole('button', { name: 'Baixar a pasta do negócio PV-00003 em PDF' }));
    await screen.findByText('pasta-PV-00003.pdf baixado.');
    expect(saved).toEqual(['pedido-PV-00003.pdf', 'pasta-PV-00003.pdf']);
    expect(seen.filter((r) => r.path.startsWith('/api/v1/sales/s1/')).map((r) => [r.path, r.headers.get('authorization')])).toEqual([
      ['/api/v1/sales/s1/pdf', 'Bearer access'],
      ['/api/v1/sales/s1/jacket', 'Bearer access'],
    ]);
  });
});
