import { describe, expect, it } from 'vitest';
import { emptyForm, toBody, vinModelYear, vinYearMismatch } from './vehicleForm';

describe('the vehicle form rules', () => {
  it('decodes the model year from the 10th character of a VIN as the server does', () => {
    // N is 1992 or 2022: the latest not after next year.
    expect(vinModelYear('9BRBD48E1N2512345', 2026)).toBe(2022);
    // V is 1997 or 2027: in 2026, 2027 is possible (next year's models); in 2020 it is not.
    expect(vinModelYear('9BWZZZ377VT004251', 2026)).toBe(2027);
    expect(vinModelYear('9bwzzz377vt004251', 2020)).toBe(1997);
    // Digits are 2001-2009 (2031-2039 are still to come).
    expect(vinModelYear('9BWZZZ3775T004251', 2026)).toBe(2005);
    // Incomplete or invalid: nothing to compare with yet.
    expect(vinModelYear('9BWZZZ377', 2026)).toBeNull();
    expect(vinModelYear('9BWZZZ377ZT004251', 2026)).toBeNull();
  });

  it('warns when the model year typed is not the one the VIN states, and only then', () => {
    expect(vinYearMismatch({ vin: '9BRBD48E1N2512345', modelYear: '2024' }, 2026)).toBe(2022);
    expect(vinYearMismatch({ vin: '9BRBD48E1N2512345', modelYear: '2022' }, 2026)).toBeNull();
    expect(vinYearMismatch({ vin: '', modelYear: '2024' }, 2026)).toBeNull();
    expect(vinYearMismatch({ vin: '9BRBD48E1N2512345', modelYear: '20' }, 2026)).toBeNull();
    // The saved VIN: the server's decoding counts (it may know better, e.g. a newer cycle).
    const saved = { vin: '9BRBD48E1N2512345', vinInfo: { modelYear: 2022 } };
    expect(vinYearMismatch({ vin: '9brbd48e1n2512345', modelYear: '2023' }, 2026, saved)).toBe(2022);
    expect(vinYearMismatch({ vin: '9BRBD48E1N2512345', modelYear: '2023' }, 2026, { ...saved, vinInfo: { modelYear: 2023 } })).toBeNull();
    // A VIN typed over the saved one is decoded here.
    expect(vinYearMismatch({ vin: '9BWZZZ3775T004251', modelYear: '2022' }, 2026, saved)).toBe(2005);
  });

  it('starts the entry day at midnight in the store zone', () => {
    const f = { ...emptyForm('s', 2026, '2026-03-10'), make: 'Fiat', model: 'Strada' };
    expect(toBody(f, undefined, 'America/Sao_Paulo').enteredAt).toBe('2026-03-10T03:00:00.000Z');
    expect(toBody(f, undefined, 'America/Manaus').enteredAt).toBe('2026-03-10T04:00:00.000Z');
    expect(toBody({ ...f, enteredAt: '' }).enteredAt).toBeNull();
  });
});
