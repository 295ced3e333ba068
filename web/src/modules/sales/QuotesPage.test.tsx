import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { CUSTOMER_ID, QUOTE_ID, STORE, VEHICLE_ID, json, renderRoutes, stubServer, type Seen } from './testing';
import { QuotesPage } from './QuotesPage';

const ROW = {
  id: QUOTE_ID,
  number: 'P-00007',
  storeId: STORE,
  customerId: CUSTOMER_ID,
  vehicleId: VEHICLE_ID,
  salespersonId: 'u-bruno',
  status: 'sent',
  currentVersion: 1,
  totalCents: 7_600_000,
  discountCents: 400_000,
  validUntil: '2026-12-13',
  createdAt: '2026-12-06T12:00:00Z',
  updatedAt: '2026-12-06T12:00:00Z',
  version: 1,
  customerName: 'Camila Rocha',
  vehicle: { make: 'Fiat', model: 'Strada', trim: 'Volcano 1.3', year: 2024, modelYear: 2025, placa: 'ABC1234', stockNumber: 'E-00012' },
  salespersonName: 'Bruno Vendas',
};
// A quote whose car and salesperson the list could not name (a removed car, a deleted user).
const BARE = { ...ROW, id: 'q2', number: 'P-00008', status: 'draft', customerName: 'Pedro Alves', vehicle: null, salespersonId: null, salespersonName: null };

/** Whether the screen asked for a name by id: a customer, a vehicle or the users behind the salespeople. */
const perRow = (seen: Seen[]) => seen.filter((r) => /^\/api\/v1\/(customers|vehicles|users)(\/|$)/.test(r.path)).map((r) => r.path);

function screenWidth(desktop: boolean) {
  vi.stubGlobal('matchMedia', (query: string) => ({ matches: desktop, media: query, addEventListener: () => undefined, removeEventListener: () => undefined }));
}

describe('the quotes list', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it.each([
    ['a desktop’s table', true],
    ['a phone’s cards', false],
  ])('names each row’s customer, car and salesperson from the list itself in %s, asking for nothing per row', async (_, desktop) => {
    screenWidth(desktop);
    const seen = stubServer(['sales.read', 'quotes.write', 'customers.read', 'users.read'], (r) => {
      if (r.path === '/api/v1/quotes') return json(200, { items: [ROW, BARE], page: 1, pageSize: 25, total: 2, totalExact: true });
      return undefined;
    });
    renderRoutes([{ path: '/quotes', element: <QuotesPage /> }], '/quotes');
    const first = (await screen.findByText('Camila Rocha')).closest(desktop ? 'tr' : 'li') as HTMLElement;
    expect(within(first).getByText('P-00007')).toBeTruthy();
    expect(within(first).getByText(/Fiat Strada Volcano 1\.3 2024/)).toBeTruthy();
    expect(within(first).getByText('ABC-1234 · E-00012')).toBeTruthy();
    expect(within(first).getByText('Bruno Vendas')).toBeTruthy();
    const second = screen.getByText('Pedro Alves').closest(desktop ? 'tr' : 'li') as HTMLElement;
    expect(within(second).getAllByText('—')).toHaveLength(2);
    expect(perRow(seen)).toEqual([]);
  });
});
