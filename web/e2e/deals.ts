// Deals arranged through the API for journeys that need a sold or reserved car: since ADR 0025 a
// vehicle is reserved only by a reservation and sold only by a sale (the status change refuses
// both), so a journey sells the way the desk does: customer, quote, send, the customer's yes at
// the desk, the sale.
import { OWNER, PASSWORD, TENANT } from './server';

export interface Answer<T = Record<string, unknown>> {
  body: T;
  etag: string;
}

/** Calls the API as `email` (the Owner unless told), throwing on an error with its body. */
export async function as(port: number, email = OWNER) {
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Tenant': TENANT },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  return async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'X-Tenant': TENANT, Authorization: `Bearer ${accessToken}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return { body: json as T, etag: res.headers.get('ETag') ?? '' };
  };
}

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

/**
 * A customer of the store, for a deal arranged behind the browser's back, registered by `by`
 * (a salesperson sees only the customers they registered).
 */
export async function customer(port: number, storeId: string, name: string, extra: object = {}, by = OWNER): Promise<string> {
  const call = await as(port, by);
  const c = await call<{ id: string }>('POST', '/api/v1/customers', { kind: 'person', name, storeId, ...extra });
  return c.body.id;
}

/** Holds the car for a new customer of the store; returns the customer's id. */
export async function reserve(port: number, storeId: string, vehicleId: string, name = 'Cliente da Reserva'): Promise<string> {
  const call = await as(port);
  const customerId = await customer(port, storeId, name);
  await call('POST', `/api/v1/vehicles/${vehicleId}/reservations`, { customerId, endsAt: inDays(2) });
  return customerId;
}

/**
 * Sells the car at its asking price, paid down in full, through the desk. With `reserveFirst` the
 * car is held for the buyer first, so its history reads "Reservado → Vendido".
 */
export async function sell(port: number, storeId: string, vehicleId: string, { reserveFirst = false } = {}): Promise<void> {
  const call = await as(port);
  const customerId = reserveFirst ? await reserve(port, storeId, vehicleId, 'Cliente da Venda') : await customer(port, storeId, 'Cliente da Venda');
  const vehicle = await call<{ priceCents: number }>('GET', `/api/v1/vehicles/${vehicleId}`);
  const quote = await call<{ id: string }>('POST', '/api/v1/quotes', {
    customerId,
    vehicleId,
    payments: [{ method: 'down_payment', amountCents: vehicle.body.priceCents }],
    validUntil: inDays(7).slice(0, 10),
  });
  const sent = await call('POST', `/api/v1/quotes/${quote.body.id}/send`, undefined, { 'If-Match': quote.etag });
  await call('POST', `/api/v1/quotes/${quote.body.id}/answer`, { decision: 'accepted' }, { 'If-Match': sent.etag });
  await call('POST', `/api/v1/quotes/${quote.body.id}/sale`);
}
