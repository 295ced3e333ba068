import { describe, expect, it } from 'vitest';
import { checkCep, checkCnpj, checkPlaca, checkRenavam, checkVin } from './validators';

describe('identifier rules mirror the server', () => {
  it('accepts old and Mercosul plates with or without the hyphen', () => {
    for (const ok of ['ABC1234', 'abc-1234', 'ABC1D23', 'BRA2E19']) expect(checkPlaca(ok)).toBeNull();
    for (const bad of ['AB1234', 'ABCD123', 'ABC12345', '1BC1234', 'ABC1D2X']) expect(checkPlaca(bad)).toBe('placa.invalid');
  });

  it('checks VIN length and alphabet', () => {
    expect(checkVin('9BWZZZ377VT004251')).toBeNull();
    expect(checkVin('9BWZZZ377VT00425')).toBe('vin.length');
    expect(checkVin('9BWZZZ377VT00425O')).toBe('vin.invalid_character');
    expect(checkVin('9BWZZZ377VT00425I')).toBe('vin.invalid_character');
  });

  it('checks the RENAVAM check digit the way the server does', () => {
    for (const ok of ['00639884962', '639884962', '0639884962', '01234567897', '14283256656', '60390908553']) {
      expect(checkRenavam(ok)).toBeNull();
    }
    expect(checkRenavam('00639884963')).toBe('renavam.check_digit');
    expect(checkRenavam('11111111111')).toBe('renavam.check_digit');
    expect(checkRenavam('1234567')).toBe('renavam.length');
    expect(checkRenavam('0063988496A')).toBe('renavam.invalid_character');
  });

  it('checks numeric and alphanumeric CNPJ check digits', () => {
    expect(checkCnpj('11.222.333/0001-81')).toBeNull();
    expect(checkCnpj('12.ABC.345/01DE-35')).toBeNull();
    expect(checkCnpj('11.222.333/0001-82')).toBe('cnpj.check_digit');
    expect(checkCnpj('11111111111111')).toBe('cnpj.check_digit');
    expect(checkCnpj('1122233300018')).toBe('cnpj.length');
  });

  it('wants eight digits in a CEP', () => {
    expect(checkCep('01310-100')).toBeNull();
    expect(checkCep('0131010')).toBe('stores.invalid_postal_code');
  });
});
