// What the sales desk's component tests share: a signed-in user with the permissions a test
// names (a refresh token in storage, answered by a stubbed server), the app's providers around a
// memory router, and a quote as the API answers it.
import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { vi } from 'vitest';
import { AuthProvider } from '@/auth/AuthProvider';
import { StoreScopeProvider } from '@/app/StoreScope';
import { ToastProvider } from '@/ui/Toast';
import type { QuoteView } from './model';

export const ME = '0190a000-0000-7000-8000-00000000000a';
export const STORE = '0190a000-0000-7000-8000-0000000000aa';

export function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export interface Seen {
  method: string;
  path: string;
  search: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Handler = (req: Seen) => Response | Promise<Response> | undefined;

/**
 * Stubs `fetch`: the session's refresh, `/me` with `permissions`, the stores, then `handler`;
 * anything else is a 404. Returns every request seen, bodies parsed.
 */
export function stubServer(permissions: string[], handler: Handler): Seen[] {
  const seen: Seen[] = [];
  localStorage.setItem('innexar.refreshToken', 'refresh-token');
  vi.stubGlobal('fetch', async (input: Request | string, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(new URL(input, 'http://localhost'), init);
    const url = new URL(req.url);
    const text = await req.text();
    // A multipart upload (a photo) is kept as its text.
    const isJson = (req.headers.get('content-type') ?? '').includes('json');
    const s: Seen = { method: req.method, path: url.pathname, search: url.searchParams, headers: req.headers, body: text ? (isJson ? JSON.parse(text) : text) : null };
    seen.push(s);
    if (url.pathname === '/api/v1/auth/refresh') {
      return json(200, { accessToken: 'access', refreshToken: 'refresh-token', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    }
    if (url.pathname === '/api/v1/me') {
      return json(200, { user: { id: ME, name: 'Carlos Vendedor', email: 'carlos@loja.test', roles: ['sales'] }, tenant: { id: 't', slug: 'demo', name: 'Auto Demo' }, permissions });
    }
    if (url.pathname === '/api/v1/stores') {
      return json(200, { items: [{ id: STORE, name: 'Matriz', timeZone: 'America/Sao_Paulo', active: true, address: {}, createdAt: '', updatedAt: '', version: 1 }] });
    }
    return (await handler(s)) ?? json(404, { status: 404, code: 'http.not_found', detail: 'no such route in the test' });
  });
  return seen;
}

export function renderRoutes(routes: RouteObject[], at: string, { signedIn = true }: { signedIn?: boolean } = {}) {
  const router = createMemoryRouter(routes, { initialEntries: [at] });
  const app: ReactNode = signedIn ? (
    <AuthProvider>
      <StoreScopeProvider>
        <RouterProvider router={router} />
      </StoreScopeProvider>
    </AuthProvider>
  ) : (
    <AuthProvider>
      <RouterProvider router={router} />
    </AuthProvider>
  );
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <ToastProvider>{app}</ToastProvider>
    </QueryClientProvider>,
  );
  return router;
}

export const QUOTE_ID = '0190a000-0000-7000-8000-0000000000q1';
export const CUSTOMER_ID = '0190a000-0000-7000-8000-0000000000c1';
export const VEHICLE_ID = '0190a000-0000-7000-8000-0000000000v1';

/** A draft quote of a R$ 80.000,00 Strada with R$ 4.000,00 off, paid by a down payment and an Itaú financing. */
export function quote(patch: Partial<QuoteView> = {}): QuoteView {
  return {
    id: QUOTE_ID,
    number: 'P-00007',
    storeId: STORE,
    customerId: CUSTOMER_ID,
    vehicleId: VEHICLE_ID,
    salespersonId: ME,
    status: 'draft',
    currentVersion: 1,
    totalCents: 7_600_000,
    discountCents: 400_000,
    validUntil: '2026-12-13',
    createdAt: '2026-12-06T12:00:00Z',
    updatedAt: '2026-12-06T12:00:00Z',
    approvals: [],
    content: {
      vehicle: { id: VEHICLE_ID, stockNumber: 'E-00012', make: 'Fiat', model: 'Strada', trim: 'Volcano 1.3', year: 2024, modelYear: 2024, mileageKm: 35_000, condition: 'used', placa: 'RIO2A18' },
      items: [],
      fiProducts: [],
      tradeIn: null,
      payments: [
        { method: 'down_payment', amountCents: 2_600_000 },
        {
          method: 'financing',
          amountCents: 5_000_000,
          financing: {
            rateTableId: 't-itau',
            bank: 'Banco Itaú',
            tableName: 'CDC Seminovos',
            system: 'price',
            monthlyRate: '0.0179',
            installments: 48,
            contractDate: '2026-12-06',
            firstDueDate: '2027-01-05',
            financedCents: 5_000_000,
            tableFeesCents: {},
            financeFees: true,
            installmentCents: 163_311,
            principalCents: 5_200_000,
            iofCents: 120_000,
            feesCents: 104_900,
            upfrontCents: 0,
            totalPaidCents: 7_838_928,
            cetMonthly: '0.021',
            cetYearly: '0.283',
            iof: true,
            company: false,
          },
        },
      ],
      totals: { priceCents: 8_000_000, discountCents: 400_000, itemsCents: 0, fiCents: 0, totalCents: 7_600_000 },
      validUntil: '2026-12-13',
    },
    ...patch,
  } as QuoteView;
}
