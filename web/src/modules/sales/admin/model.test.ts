import { describe, expect, it } from 'vitest';
import {
  checkPlan,
  checkRateTable,
  emptyPlan,
  emptyRateTable,
  fractionToPercent,
  iofBody,
  iofForm,
  limitRows,
  limitsBody,
  percentToFraction,
  planBody,
  planForm,
  rateTableBody,
  rateTableForm,
  rateTablePath,
  type CommissionPlan,
  type RateTable,
} from './model';

describe('a percentage typed', () => {
  it('becomes the API’s fraction by moving the point, never through a float', () => {
    expect(percentToFraction('1,79')).toBe('0.0179');
    expect(percentToFraction('1.79')).toBe('0.0179');
    expect(percentToFraction('3')).toBe('0.03');
    expect(percentToFraction(' 12,5 ')).toBe('0.125');
    expect(percentToFraction('100')).toBe('1');
    expect(percentToFraction('0,0082')).toBe('0.000082');
    expect(percentToFraction('0,38')).toBe('0.0038');
    expect(percentToFraction(',5')).toBe('0.005');
    expect(percentToFraction('0')).toBe('0');
    // 0.1 + 0.2 is not 0.3 in floating point; here it is just digits.
    expect(percentToFraction('0,3')).toBe('0.003');
    expect(percentToFraction('1,1')).toBe('0.011');
  });

  it('is refused when it is not a plain number', () => {
    for (const bad of ['', ' ', '-1', '1.000,5', 'abc', '1,5 %', '1e2']) expect(percentToFraction(bad), bad).toBeNull();
  });

  it('comes back from the API as the percentage to edit', () => {
    expect(fractionToPercent('0.0179')).toBe('1,79');
    expect(fractionToPercent('0.03')).toBe('3');
    expect(fractionToPercent('1')).toBe('100');
    expect(fractionToPercent('0.000082')).toBe('0,0082');
    expect(fractionToPercent('0.125', '.')).toBe('12.5');
    expect(fractionToPercent(null)).toBe('');
    for (const f of ['0.0179', '0.03', '0.000041', '0.0038', '0.9', '0']) expect(percentToFraction(fractionToPercent(f))).toBe(f);
  });
});

describe('discount limits', () => {
  it('open on the limits in force and send every role, a cleared field as no cap', () => {
    const rows = limitRows([
      { role: 'sales', maxPercent: '0.03', maxCents: 300_000 },
      { role: 'store_manager', maxPercent: null, maxCents: null },
    ]);
    expect(rows).toEqual([
      { role: 'sales', percent: '3', maxCents: 300_000 },
      { role: 'store_manager', percent: '', maxCents: null },
    ]);
    const edited = [{ ...rows[0]!, percent: '2,5', maxCents: 250_000 }, { ...rows[1]!, percent: '10' }];
    expect(limitsBody(edited)).toEqual({
      limits: [
        { role: 'sales', maxPercent: '0.025', maxCents: 250_000 },
        { role: 'store_manager', maxPercent: '0.1', maxCents: null },
      ],
    });
  });
});

const PLAN: CommissionPlan = {
  id: 'p1',
  name: 'Vendedores',
  storeId: null,
  role: 'sales',
  basis: 'gross_margin',
  rate: '0.08',
  tiers: [{ minSales: 10, rate: '0.1' }],
  bonusPerVehicleCents: 15_000,
  fiShare: '0.05',
  active: true,
  createdAt: '',
  updatedAt: '',
};

describe('a commission plan', () => {
  it('sends reais as integer centavos and percentages as fractions', () => {
    const f = { ...emptyPlan(), name: ' Gerentes ', role: 'store_manager' as const, rate: '1,5', bonusPerVehicleCents: 25_050, fiShare: '10', tiers: [{ minSales: '8', rate: '2' }] };
    expect(planBody(f)).toEqual({
      name: 'Gerentes',
      storeId: null,
      role: 'store_manager',
      basis: 'price',
      rate: '0.015',
      tiers: [{ minSales: 8, rate: '0.02' }],
      bonusPerVehicleCents: 25_050,
      fiShare: '0.1',
      active: true,
    });
    // Empty bonus and share are none.
    expect(planBody({ ...emptyPlan(), name: 'x', rate: '1' })).toMatchObject({ bonusPerVehicleCents: 0, fiShare: '0' });
  });

  it('edits as it was saved', () => {
    const f = planForm(PLAN);
    expect(f).toEqual({ name: 'Vendedores', storeId: '', role: 'sales', basis: 'gross_margin', rate: '8', tiers: [{ minSales: '10', rate: '10' }], bonusPerVehicleCents: 15_000, fiShare: '5', active: true });
    expect(planBody(f)).toEqual({ name: 'Vendedores', storeId: null, role: 'sales', basis: 'gross_margin', rate: '0.08', tiers: [{ minSales: 10, rate: '0.1' }], bonusPerVehicleCents: 15_000, fiShare: '0.05', active: true });
  });

  it('is checked before sending, each fault on its field', () => {
    expect(checkPlan({ ...emptyPlan(), fiShare: 'x', tiers: [{ minSales: '', rate: '1,2,3' }] })).toEqual({
      name: 'validation.required',
      rate: 'validation.required',
      fiShare: 'sales.invalid_fraction',
      'tiers.0.minSales': 'sales.invalid_tier',
      'tiers.0.rate': 'sales.invalid_fraction',
    });
  });
});

const TABLE: RateTable = {
  id: 't1',
  bank: 'Banco Itaú',
  name: 'CDC Seminovos',
  system: 'price',
  rates: [{ maxInstallments: 48, minDownPayment: '0.2', monthlyRate: '0.0179' }],
  feesCents: { Cadastro: 69_900 },
  financeFees: true,
  active: true,
  version: 3,
  createdAt: '',
  updatedAt: '',
};

describe('a rate table', () => {
  it('edits as it was saved and sends it back the same', () => {
    const f = rateTableForm(TABLE);
    expect(f.rates).toEqual([{ maxInstallments: '48', minDownPayment: '20', monthlyRate: '1,79' }]);
    expect(f.fees).toEqual([{ name: 'Cadastro', amountCents: 69_900 }]);
    expect(rateTableBody(f)).toEqual({
      bank: 'Banco Itaú',
      name: 'CDC Seminovos',
      system: 'price',
      rates: [{ maxInstallments: 48, minDownPayment: '0.2', monthlyRate: '0.0179' }],
      feesCents: { Cadastro: 69_900 },
      financeFees: true,
      active: true,
    });
  });

  it('refuses a fee named twice and a row left empty', () => {
    const f = { ...emptyRateTable(), bank: 'Pan', name: 'Auto', fees: [{ name: 'TAC', amountCents: 100 }, { name: 'tac ', amountCents: null }] };
    expect(checkRateTable(f)).toEqual({
      'rates.0.maxInstallments': 'financing.invalid_installments',
      'rates.0.minDownPayment': 'validation.required',
      'rates.0.monthlyRate': 'validation.required',
      'fees.1.name': 'salesAdmin.faults.duplicateFee',
      'fees.1.amountCents': 'validation.required',
    });
  });

  it('finds the field each server pointer names', () => {
    const fees = [{ name: 'Cadastro', amountCents: 1 }, { name: 'Registro/UF', amountCents: 2 }];
    expect(rateTablePath('/rates/1/monthlyRate', 'financing.rate_out_of_range', fees)).toBe('rates.1.monthlyRate');
    expect(rateTablePath('/rates/1', 'financing.duplicate_rate', fees)).toBe('rates.1.maxInstallments');
    expect(rateTablePath('/feesCents/Registro~1UF', 'financing.invalid_fee', fees)).toBe('fees.1.amountCents');
    expect(rateTablePath('/feesCents/Cadastro', 'financing.invalid_fee_name', fees)).toBe('fees.0.name');
    expect(rateTablePath('/feesCents', 'financing.too_many_fees', fees)).toBe('fees');
    expect(rateTablePath('/name', 'validation.too_long', fees)).toBe('name');
    expect(rateTablePath('/system', 'validation.invalid', fees)).toBeNull();
  });
});

describe('the IOF rates', () => {
  it('are edited as percentages and sent as fractions', () => {
    const f = iofForm({ iofDailyPerson: '0.000082', iofDailyCompany: '0.000041', iofAdditional: '0.0038' });
    expect(f).toEqual({ iofDailyPerson: '0,0082', iofDailyCompany: '0,0041', iofAdditional: '0,38' });
    expect(iofBody({ ...f, iofAdditional: '0,4' })).toEqual({ iofDailyPerson: '0.000082', iofDailyCompany: '0.000041', iofAdditional: '0.004' });
  });
});
