import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Vehicle } from '@/modules/vehicles/labels';
import { ReservationPanel } from './ReservationPanel';
import { CUSTOMER_ID, ME, STORE, VEHICLE_ID, json, renderRoutes, stubServer } from './testing';

const CAR = { id: VEHICLE_ID, status: 'available', storeId: STORE } as Vehicle;
const MARIA = { id: CUSTOMER_ID, version: 1, kind: 'person', name: 'Maria Souza', storeId: STORE, phones: [], emails: [], addresses: [], contacts: [], tags: [], createdAt: '', updatedAt: '' };

describe('the reservation in the vehicle page', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('holds an available car for a customer until a time, and then says for whom and until when', async () => {
    let held = false;
    const seen = stubServer(['sales.read', 'sales.reserve', 'customers.read'], (r) => {
      if (r.path === `/api/v1/vehicles/${VEHICLE_ID}/reservations` && r.method === 'GET') {
        return json(200, { items: held ? [{ id: 'r1', vehicleId: VEHICLE_ID, customerId: CUSTOMER_ID, storeId: STORE, status: 'active', reservedAt: '2026-12-06T12:00:00Z', endsAt: '2026-12-09T21:00:00Z', reservedBy: ME, note: 'Sinal pago' }] : [] });
      }
      if (r.path === `/api/v1/vehicles/${VEHICLE_ID}/reservations`) {
        held = true;
        return json(201, { id: 'r1' });
      }
      if (r.path === '/api/v1/customers') return json(200, { items: [MARIA], page: 1, pageSize: 5, total: 1, totalExact: true });
      if (r.path === `/api/v1/customers/${CUSTOMER_ID}`) return json(200, MARIA);
      return undefined;
    });
    renderRoutes([{ path: '/', element: <ReservationPanel vehicle={CAR} /> }], '/');
    await userEvent.click(await screen.findByRole('button', { name: 'Reservar' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reservar o veículo' });
    // Nobody chosen yet: the dialog says so instead of asking the server.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reservar' }));
    expect(within(dialog).getByRole('searchbox', { name: 'Buscar cliente' }).getAttribute('aria-invalid')).toBe('true');
    await userEvent.type(within(dialog).getByRole('searchbox', { name: 'Buscar cliente' }), 'Maria');
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Escolher Maria Souza' }));
    await userEvent.type(within(dialog).getByLabelText('Observação (opcional)'), 'Sinal pago');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reservar' }));
    await screen.findByText(/^Reservado para Maria Souza até \d{2}\/\d{2}\/\d{4}/);
    expect(screen.getByText('“Sinal pago”')).toBeTruthy();
    const body = seen.find((r) => r.method === 'POST' && r.path.endsWith('/reservations'))?.body as Record<string, unknown>;
    expect(body).toMatchObject({ customerId: CUSTOMER_ID, note: 'Sinal pago', overrideReason: null });
    // About three days ahead, as an instant.
    const days = (Date.parse(body.endsAt as string) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThan(3.1);
    // Held by this user: theirs to release; handing it to another customer is a manager's.
    expect(screen.getByRole('button', { name: 'Liberar reserva' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reservar para outro cliente' })).toBeNull();
  });
});
