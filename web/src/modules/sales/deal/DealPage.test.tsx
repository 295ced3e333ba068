import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useParams } from 'react-router';
import { CUSTOMER_ID, QUOTE_ID, STORE, VEHICLE_ID, json, quote, renderRoutes, stubServer } from '../testing';
import { DealPage } from './DealPage';

const CUSTOMER = { id: CUSTOMER_ID, version: 1, kind: 'person', name: 'Júlia Martins', storeId: STORE, phones: [{ number: '+5511976543210', whatsapp: true }], emails: [], addresses: [], contacts: [], tags: [], createdAt: '', updatedAt: '' };
const STRADA = { id: VEHICLE_ID, version: 1, storeId: STORE, stockNumber: 'E-00012', make: 'Fiat', model: 'Strada', trim: 'Volcano 1.3', year: 2024, modelYear: 2024, mileageKm: 35_000, status: 'available', condition: 'used', origin: 'purchase', fuel: 'flex', transmission: 'manual', priceCents: 8_000_000, costCents: 7_100_000, options: [], nextStatuses: [], inStock: true, daysInStock: 10, createdAt: '', updatedAt: '', statusChangedAt: '' };

function offer(id: string, bank: string, name: string, installment: number, cet: string) {
  return {
    rateTableId: id,
    bank,
    name,
    simulation: {
      system: 'price', financedCents: 5_700_000, principalCents: 5_900_000, monthlyRate: '0.0179', iofCents: 150_000, feesCents: 104_900, upfrontCents: 0,
      totalInterestCents: 1, totalPaidCents: installment * 48, cetMonthly: cet, cetYearly: '0.28',
      schedule: [{ number: 1, dueDate: '2027-01-05', paymentCents: installment, interestCents: 1, amortizationCents: 1, balanceCents: 1 }],
    },
  };
}

function Arrived() {
  return <p>{`arrived at ${useParams().id}`}</p>;
}

describe('the deal builder', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('closes the payments with a financing chosen among the banks, and puts the server’s objection on the payments', async () => {
    let saves = 0;
    const seen = stubServer(['sales.read', 'quotes.write', 'customers.read', 'vehicles.view_cost', 'financing.simulate'], (r) => {
      if (r.path === `/api/v1/customers/${CUSTOMER_ID}`) return json(200, CUSTOMER);
      if (r.path === `/api/v1/vehicles/${VEHICLE_ID}`) return json(200, STRADA);
      if (r.path === '/api/v1/appraisals') return json(200, { items: [] });
      if (r.path === '/api/v1/financing/comparisons') {
        return json(200, { financedCents: 5_700_000, downPaymentShare: '0.26', offers: [offer('t-santander', 'Santander Financiamentos', 'Auto Usado', 172_000, '0.0201'), offer('t-itau', 'Banco Itaú', 'CDC Seminovos', 175_000, '0.0209')], unavailable: [{ rateTableId: 't-bb', bank: 'Banco do Brasil', name: 'BB Crédito Veículo' }] });
      }
      if (r.path === '/api/v1/quotes' && r.method === 'POST') {
        saves += 1;
        if (saves === 1) {
          return json(422, { status: 422, code: 'validation.failed', errors: [{ pointer: '/payments', code: 'sales.payments_do_not_add_up', message: 'the payments add up to R$ 1,00, the total is R$ 2,00' }] });
        }
        return json(201, quote(), { ETag: '"1"' });
      }
      return undefined;
    });
    renderRoutes(
      [
        { path: '/quotes/new', element: <DealPage /> },
        { path: '/quotes/:id', element: <Arrived /> },
      ],
      `/quotes/new?customerId=${CUSTOMER_ID}&vehicleId=${VEHICLE_ID}`,
    );
    await screen.findByText('Júlia Martins');
    await screen.findByText('Fiat Strada Volcano 1.3 2024/2024');
    await userEvent.type(screen.getByLabelText('Desconto (R$)'), '300000');
    await userEvent.type(screen.getByLabelText('Valor do pagamento 1 (R$)'), '2000000');
    await screen.findByText('Falta R$ 57.000,00 para fechar o total.');

    // The financing takes what is missing; each bank's offer for it, the lowest CET first.
    await userEvent.click(screen.getByRole('button', { name: 'Adicionar financiamento' }));
    expect((screen.getByLabelText('Valor do pagamento 2 (R$)') as HTMLInputElement).value).toBe('57.000,00');
    const santander = await screen.findByRole('radio', { name: 'Escolher Santander Financiamentos – Auto Usado' }, { timeout: 3000 });
    expect(screen.getByText('Menor CET')).toBeTruthy();
    expect(screen.getByText('Sem taxa para estas condições: Banco do Brasil.')).toBeTruthy();
    const asked = seen.find((r) => r.path === '/api/v1/financing/comparisons')?.body;
    expect(asked).toMatchObject({ priceCents: 7_700_000, downPaymentCents: 2_000_000, installments: 48, iof: true, financeIof: true });
    await userEvent.click(santander);
    expect(screen.getByText('Os pagamentos fecham o total.')).toBeTruthy();
    // The margin for who sees costs: 80.000 - 3.000 - 71.000.
    expect(screen.getByText('R$ 6.000,00')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Salvar proposta' }));
    await screen.findByText('Os pagamentos e o usado precisam somar o total da proposta.');
    expect(screen.queryByText(/add up to/)).toBeNull();
    const body = seen.find((r) => r.path === '/api/v1/quotes' && r.method === 'POST')?.body;
    expect(body).toMatchObject({
      customerId: CUSTOMER_ID,
      vehicleId: VEHICLE_ID,
      discountCents: 300_000,
      tradeIn: null,
      payments: [
        { method: 'down_payment', amountCents: 2_000_000, description: null },
        { method: 'financing', amountCents: 5_700_000, rateTableId: 't-santander', installments: 48, firstDueDate: null },
      ],
    });

    await userEvent.click(screen.getByRole('button', { name: 'Salvar proposta' }));
    await screen.findByText(`arrived at ${QUOTE_ID}`);
  });

  it('says what is missing before sending anything', async () => {
    const seen = stubServer(['sales.read', 'quotes.write', 'customers.read'], () => undefined);
    renderRoutes([{ path: '/quotes/new', element: <DealPage /> }], '/quotes/new');
    await userEvent.click(await screen.findByRole('button', { name: 'Salvar proposta' }));
    const customer = screen.getByRole('searchbox', { name: 'Buscar cliente' });
    expect(customer.getAttribute('aria-invalid')).toBe('true');
    const payment = screen.getByLabelText('Valor do pagamento 1 (R$)');
    expect(within(payment.parentElement!).getByText('Informe um valor maior que zero.')).toBeTruthy();
    expect(seen.some((r) => r.path === '/api/v1/quotes')).toBe(false);
  });

  it('takes a trade-in from the customer’s appraisals and keeps its photos with the appraised car', async () => {
    const GOL = 'v-gol';
    const photos: unknown[] = [];
    const seen = stubServer(['sales.read', 'quotes.write', 'customers.read', 'vehicles.manage_photos'], (r) => {
      if (r.path === `/api/v1/customers/${CUSTOMER_ID}`) return json(200, CUSTOMER);
      if (r.path === `/api/v1/vehicles/${VEHICLE_ID}`) return json(200, STRADA);
      if (r.path === `/api/v1/vehicles/${GOL}`) return json(200, { ...STRADA, id: GOL, make: 'Volkswagen', model: 'Gol', trim: null, year: 2015, placa: 'GOL1A23', status: 'customer_owned' });
      if (r.path === '/api/v1/appraisals') {
        return json(200, { items: [{ id: 'a1', customerId: CUSTOMER_ID, storeId: STORE, vehicleId: GOL, mileageKm: 98_000, checklist: [], appraisedValueCents: 3_000_000, payoffCents: 0, validUntil: '2999-12-31', createdAt: '', updatedAt: '' }] });
      }
      if (r.path === `/api/v1/vehicles/${GOL}/photos` && r.method === 'GET') return json(200, { items: photos });
      if (r.path === `/api/v1/vehicles/${GOL}/photos` && r.method === 'POST') {
        const p = { id: 'ph1', vehicleId: GOL, contentType: 'image/png', sizeBytes: 10, sha256: 'ab', width: 320, height: 240, position: 0, isCover: true, originalFilename: 'frente.png', url: '', thumbnailUrl: '', createdAt: '' };
        photos.push(p);
        return json(201, p);
      }
      if (r.path.endsWith('/thumbnail')) return new Response(new Blob(['png']), { status: 200 });
      return undefined;
    });
    URL.createObjectURL = vi.fn(() => 'blob:thumbnail');
    URL.revokeObjectURL = vi.fn();
    renderRoutes([{ path: '/quotes/new', element: <DealPage /> }], `/quotes/new?customerId=${CUSTOMER_ID}&vehicleId=${VEHICLE_ID}`);
    await userEvent.click(await screen.findByRole('button', { name: 'Usar Volkswagen Gol 2015 · GOL1A23 na troca' }));
    const gallery = await screen.findByRole('region', { name: 'Fotos do usado' });
    await within(gallery).findByText('Nenhuma foto ainda.');
    await userEvent.upload(within(gallery).getByLabelText('Escolher fotos'), new File(['x'.repeat(10)], 'frente.png', { type: 'image/png' }));
    await within(gallery).findByRole('button', { name: 'Abrir foto 1 (capa)' });
    expect(seen.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([`/api/v1/vehicles/${GOL}/photos`]);
  });
});
