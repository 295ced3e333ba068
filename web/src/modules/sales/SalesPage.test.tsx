import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CUSTOMER_ID, QUOTE_ID, STORE, VEHICLE_ID, json, renderRoutes, stubServer, type Seen } from './testing';
import { SalesPage } from './SalesPage';

const SALE = {
  id: 's1',
  number: 'PV-00003',
  month: '2026-12',
  soldAt: '2026-12-06T15:00:00Z',
  storeId: STORE,
  quoteId: QUOTE_ID,
  quoteVersion: 1,
  customerId: CUSTOMER_ID,
  vehicleId: VEHICLE_ID,
  salespersonId: 'u-bruno',
  priceCents: 8_000_000,
  discountCents: 0,
  totalCents: 8_000_000,
  customerName: 'Camila Rocha',
  vehicle: { make: 'Fiat', model: 'Strada', trim: 'Volcano 1.3', year: 2024, modelYear: 2024, placa: 'RIO2A18', stockNumber: 'E-00012' },
  salespersonName: 'Bruno Vendas',
  cancelled: false,
};
// Undone after the financing was refused: it stays on the month's list, as its record.
const UNDONE = {
  ...SALE,
  id: 's2',
  number: 'PV-00004',
  customerName: 'Pedro Alves',
  vehicle: { make: 'Jeep', model: 'Compass', trim: null, year: 2022, modelYear: 2023, placa: null, stockNumber: 'E-00020' },
  salespersonId: null,
  salespersonName: null,
  totalCents: 11_400_000,
  cancelled: true,
};

/** What the screen asked for by id, row by row: a customer, a vehicle, the users, a sale's detail. */
const perRow = (seen: Seen[]) => seen.filter((r) => /^\/api\/v1\/(customers|vehicles|users)(\/|$)|^\/api\/v1\/sales\/[^/]+$/.test(r.path)).map((r) => r.path);

function screenWidth(desktop: boolean) {
  vi.stubGlobal('matchMedia', (query: string) => ({ matches: desktop, media: query, addEventListener: () => undefined, removeEventListener: () => undefined }));
}

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

  it.each([
    ['a desktop’s table', true],
    ['a phone’s cards', false],
  ])('names each sale’s customer, car and salesperson from the list and marks a cancelled one in words, in %s', async (_, desktop) => {
    screenWidth(desktop);
    const seen = stubServer(['sales.read', 'vehicles.undo_sale', 'customers.read', 'users.read'], (r) => {
      if (r.path === '/api/v1/sales') return json(200, { items: [SALE, UNDONE], page: 1, pageSize: 25, total: 2, totalExact: true });
      return undefined;
    });
    renderRoutes([{ path: '/sales', element: <SalesPage /> }], '/sales?month=2026-12');
    const row = desktop ? 'tr' : 'li';
    const sold = (await screen.findByText('Camila Rocha')).closest(row) as HTMLElement;
    expect(within(sold).getByText(/Fiat Strada Volcano 1\.3 2024/)).toBeTruthy();
    expect(within(sold).getByText('RIO2A18 · E-00012')).toBeTruthy();
    expect(within(sold).getByText('Bruno Vendas')).toBeTruthy();
    expect(within(sold).queryByText('Cancelada')).toBeNull();
    expect(within(sold).getByText('R$ 80.000,00').tagName).not.toBe('S');
    expect(within(sold).getByRole('button', { name: 'Cancelar a venda PV-00003' })).toBeTruthy();

    const undone = screen.getByText('Pedro Alves').closest(row) as HTMLElement;
    expect(within(undone).getByText(/Jeep Compass 2022/)).toBeTruthy();
    expect(within(undone).getByText('E-00020')).toBeTruthy();
    expect(within(undone).getByText('Cancelada')).toBeTruthy();
    // Struck through: what was sold and then undone, not money the month made.
    expect(within(undone).getByText('R$ 114.000,00').tagName).toBe('S');
    expect(within(undone).getByText('—')).toBeTruthy();
    expect(within(undone).queryByRole('button', { name: 'Cancelar a venda PV-00004' })).toBeNull();
    expect(perRow(seen)).toEqual([]);
  });
});
