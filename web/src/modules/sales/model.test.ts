import { describe, expect, it } from 'vitest';
import {
  addDays,
  balance,
  checkDeal,
  closeWith,
  comparisonRequest,
  dealPath,
  dealTotals,
  emptyDeal,
  estimateMargin,
  formFromQuote,
  isMonth,
  shiftMonth,
  toQuoteInput,
  tradeInEquity,
  type DealForm,
  type QuoteView,
} from './model';

const PRICE = 8_000_000; // R$ 80.000,00

function deal(patch: Partial<DealForm> = {}): DealForm {
  return { ...emptyDeal('2026-12-06', 'c1', 'v1'), ...patch };
}

const GOL = { appraisalId: 'a1', vehicleId: 'v-gol', label: 'Volkswagen Gol 2015', appraisedValueCents: 3_000_000, payoffCents: 500_000, allowanceCents: 3_200_000 };

describe('a deal adds up', () => {
  it('to price - discount + accessories and services + F&I, as the server counts it', () => {
    const f = deal({
      discountCents: 240_000,
      items: [
        { kind: 'accessory', description: 'Película', priceCents: 80_000, costCents: 30_000 },
        { kind: 'service', description: 'Emplacamento', priceCents: null, costCents: null },
      ],
      fiProducts: [{ kind: 'extended_warranty', description: 'Garantia 12 meses', provider: '', priceCents: 150_000, dealerReturnCents: 40_000 }],
    });
    expect(dealTotals(f, PRICE)).toEqual({ priceCents: PRICE, discountCents: 240_000, itemsCents: 80_000, fiCents: 150_000, totalCents: 7_990_000 });
  });

  it('with the trade-in paying its allowance less the loan owed on it, never below zero', () => {
    expect(tradeInEquity(GOL)).toBe(2_700_000);
    expect(tradeInEquity(null)).toBe(0);
    const under = { ...GOL, allowanceCents: 400_000 };
    expect(tradeInEquity(under)).toBe(-100_000);
    expect(balance(deal({ tradeIn: under }), PRICE).tradeInCents).toBe(0);
  });

  it('says what is missing, what is over and when the payments close the total', () => {
    const f = deal({
      tradeIn: GOL,
      payments: [
        { method: 'down_payment', amountCents: 1_000_000, description: '', rateTableId: '', installments: 48, firstDueDate: '' },
        { method: 'financing', amountCents: 4_000_000, description: '', rateTableId: 't1', installments: 48, firstDueDate: '' },
      ],
    });
    const b = balance(f, PRICE);
    expect(b).toMatchObject({ totalCents: PRICE, tradeInCents: 2_700_000, paidCents: 5_000_000, differenceCents: 300_000 });
    // "Completar" on the financing closes it to the centavo.
    const closed = { ...f, payments: closeWith(f, 1, PRICE) };
    expect(closed.payments[1]!.amountCents).toBe(4_300_000);
    expect(balance(closed, PRICE).differenceCents).toBe(0);
    // Paid over: the same button takes the excess off.
    const over = { ...f, payments: f.payments.map((p, i) => (i === 0 ? { ...p, amountCents: 1_500_000 } : p)) };
    expect(balance(over, PRICE).differenceCents).toBe(-200_000);
    expect(closeWith(over, 0, PRICE)[0]!.amountCents).toBe(1_300_000);
  });
});

describe('the financing offers', () => {
  it('price the financed amount against the total, everything else paid down, as a quote prices it', () => {
    const row = { method: 'financing' as const, amountCents: 4_300_000, description: '', rateTableId: '', installments: 48, firstDueDate: '' };
    expect(comparisonRequest(PRICE, row, '2026-12-06')).toEqual({
      priceCents: PRICE,
      downPaymentCents: 3_700_000,
      installments: 48,
      contractDate: '2026-12-06',
      firstDueDate: '2027-01-05',
      iof: true,
      financeIof: true,
      borrower: 'person',
    });
    expect(comparisonRequest(PRICE, row, '2026-12-06', true)?.borrower).toBe('company');
    expect(comparisonRequest(PRICE, { ...row, firstDueDate: '2027-01-20' }, '2026-12-06')?.firstDueDate).toBe('2027-01-20');
  });

  it('wait for an amount to finance that the total can hold', () => {
    const row = { method: 'financing' as const, amountCents: null, description: '', rateTableId: '', installments: 48, firstDueDate: '' };
    expect(comparisonRequest(PRICE, row, '2026-12-06')).toBeNull();
    expect(comparisonRequest(PRICE, { ...row, amountCents: PRICE + 1 }, '2026-12-06')).toBeNull();
    expect(comparisonRequest(PRICE, undefined, '2026-12-06')).toBeNull();
  });
});

describe('the form and the API', () => {
  const filled = deal({
    leadId: 'l1',
    discountCents: 300_000,
    items: [{ kind: 'accessory', description: ' Película ', priceCents: 80_000, costCents: 30_000 }],
    fiProducts: [{ kind: 'insurance', description: 'Seguro', provider: '', priceCents: 200_000, dealerReturnCents: 50_000 }],
    tradeIn: GOL,
    payments: [
      { method: 'down_payment', amountCents: 1_080_000, description: ' PIX ', rateTableId: '', installments: 48, firstDueDate: '' },
      { method: 'financing', amountCents: 4_000_000, description: '', rateTableId: 't1', installments: 36, firstDueDate: '' },
    ],
    notes: '',
  });

  it('become the quote body: trimmed texts, financing terms only on the financing, costs only for who sees them', () => {
    expect(toQuoteInput(filled, true)).toEqual({
      customerId: 'c1',
      leadId: 'l1',
      vehicleId: 'v1',
      discountCents: 300_000,
      items: [{ kind: 'accessory', description: 'Película', priceCents: 80_000, costCents: 30_000 }],
      fiProducts: [{ kind: 'insurance', description: 'Seguro', provider: null, priceCents: 200_000, dealerReturnCents: 50_000 }],
      tradeIn: { appraisalId: 'a1', allowanceCents: 3_200_000 },
      payments: [
        { method: 'down_payment', amountCents: 1_080_000, description: 'PIX' },
        { method: 'financing', amountCents: 4_000_000, description: null, rateTableId: 't1', installments: 36, firstDueDate: null },
      ],
      validUntil: '2026-12-13',
      notes: null,
    });
    const salesperson = toQuoteInput(filled, false);
    expect(salesperson.items?.[0]).not.toHaveProperty('costCents');
    expect(salesperson.fiProducts?.[0]).not.toHaveProperty('dealerReturnCents');
  });

  it('come back from a saved quote without the trade-in line the server adds to the payments', () => {
    const q = {
      customerId: 'c1',
      leadId: null,
      vehicleId: 'v1',
      content: {
        vehicle: { id: 'v1', stockNumber: 'E-1', make: 'Fiat', model: 'Strada', year: 2024, modelYear: 2024, mileageKm: 1, condition: 'used' },
        items: [{ kind: 'service', description: 'Emplacamento', priceCents: 90_000 }],
        fiProducts: [],
        tradeIn: { appraisalId: 'a1', allowanceCents: 3_000_000, payoffCents: 0, appraisedValueCents: null, vehicle: { id: 'x', stockNumber: '', make: 'VW', model: 'Gol', year: 2015, modelYear: 2015, mileageKm: 90_000, condition: 'used', placa: 'ABC1D23' } },
        payments: [
          { method: 'trade_in', amountCents: 3_000_000, description: 'VW Gol 2015' },
          { method: 'financing', amountCents: 5_000_000, financing: { rateTableId: 't9', installments: 60, firstDueDate: '2027-01-10' } },
        ],
        totals: { priceCents: 7_910_000, discountCents: 0, itemsCents: 90_000, fiCents: 0, totalCents: 8_000_000 },
        validUntil: '2026-12-20',
      },
    } as unknown as QuoteView;
    const f = formFromQuote(q);
    expect(f.payments).toEqual([{ method: 'financing', amountCents: 5_000_000, description: '', rateTableId: 't9', installments: 60, firstDueDate: '2027-01-10' }]);
    expect(f.tradeIn).toEqual({ appraisalId: 'a1', vehicleId: 'x', label: 'VW Gol 2015 · ABC1D23', appraisedValueCents: 3_000_000, payoffCents: 0, allowanceCents: 3_000_000 });
    expect(f.discountCents).toBeNull();
    expect(balance(f, 7_910_000).differenceCents).toBe(0);
  });

  it('put the server’s pointers on the fields the user sees', () => {
    expect(dealPath('/payments/1/amountCents')).toBe('payments.1.amountCents');
    expect(dealPath('/payments/0/installments')).toBe('payments.0.installments');
    expect(dealPath('/payments')).toBe('payments');
    expect(dealPath('/tradeIn/allowanceCents')).toBe('tradeIn.allowanceCents');
    expect(dealPath('/discountCents')).toBe('discountCents');
    expect(dealPath('/items/2')).toBe('items.2.description');
    expect(dealPath('/fiProducts/0/priceCents')).toBe('fiProducts.0.priceCents');
    expect(dealPath('/somethingElse')).toBeNull();
  });

  it('find what is missing before asking the server', () => {
    const f = deal({
      customerId: '',
      items: [{ kind: 'accessory', description: ' ', priceCents: 1, costCents: null }],
      payments: [{ method: 'financing', amountCents: null, description: '', rateTableId: '', installments: 48, firstDueDate: '' }],
    });
    expect(checkDeal(f)).toEqual({
      customerId: 'validation.required',
      'items.0.description': 'validation.required',
      'payments.0.amountCents': 'validation.positiveAmount',
      'payments.0.rateTableId': 'field.required',
    });
    expect(checkDeal(deal({ payments: [{ method: 'down_payment', amountCents: 1, description: '', rateTableId: '', installments: 48, firstDueDate: '' }] }))).toEqual({});
  });
});

it('estimates the margin without reconditioning: price - discount - cost - over-allowance + returns + items', () => {
  const f = deal({
    discountCents: 100_000,
    tradeIn: GOL, // 200.000 centavos over the appraisal
    items: [{ kind: 'accessory', description: 'Película', priceCents: 80_000, costCents: 30_000 }],
    fiProducts: [{ kind: 'insurance', description: 'Seguro', provider: '', priceCents: 200_000, dealerReturnCents: 50_000 }],
  });
  expect(estimateMargin(f, PRICE, 7_000_000)).toBe(PRICE - 100_000 - 7_000_000 - 200_000 + 50_000 + 50_000);
});

describe('dates', () => {
  it('count days across months and years', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2027-02-27', 2)).toBe('2027-03-01');
  });
  it('step months across years and read only real months', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2027-01', -1)).toBe('2026-12');
    expect(shiftMonth('2026-03', -14)).toBe('2025-01');
    expect(isMonth('2026-12')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth(null)).toBe(false);
  });
});
