import { describe, expect, it } from 'vitest';
import { maskCep, maskCpfCnpj, maskKm, maskMoney, maskPhone, maskPlaca, moneyToCents } from './masks';

describe('input masks', () => {
  it('shapes old plates with a hyphen and Mercosul plates without', () => {
    expect(maskPlaca('abc1234')).toBe('ABC-1234');
    expect(maskPlaca('abc1d23')).toBe('ABC1D23');
    expect(maskPlaca('ABC-1D23')).toBe('ABC1D23');
    expect(maskPlaca('ab')).toBe('AB');
    expect(maskPlaca('abc12345')).toBe('ABC-1234');
    expect(maskPlaca(' rio 2a18 ')).toBe('RIO2A18');
  });

  it('keeps a mistyped placa as typed, for the check to point out, instead of dropping characters', () => {
    // A letter missed: everything typed stays (the old mask kept only "AB").
    expect(maskPlaca('AB12345')).toBe('AB12345');
    expect(maskPlaca('ab1')).toBe('AB1');
    // A fourth letter: no hyphen forced into it, nothing dropped.
    expect(maskPlaca('ABCD123')).toBe('ABCD123');
    // A character no placa has stays visible too (only separators go).
    expect(maskPlaca('ABÇ1234')).toBe('ABÇ1234');
    // Typing on, character by character, never loses one.
    let typed = '';
    for (const c of 'AB12345') typed = maskPlaca(typed + c);
    expect(typed).toBe('AB12345');
    typed = '';
    for (const c of 'abc1234') typed = maskPlaca(typed + c);
    expect(typed).toBe('ABC-1234');
  });

  it('formats CPF and CNPJ as typed', () => {
    expect(maskCpfCnpj('12345678909')).toBe('123.456.789-09');
    expect(maskCpfCnpj('11222333000181')).toBe('11.222.333/0001-81');
    expect(maskCpfCnpj('12abc34501de35')).toBe('12.ABC.345/01DE-35');
  });

  it('formats CEP and phones', () => {
    expect(maskCep('01310100')).toBe('01310-100');
    expect(maskPhone('1134567890')).toBe('(11) 3456-7890');
    expect(maskPhone('11987654321')).toBe('(11) 98765-4321');
  });

  it('keeps money as centavos', () => {
    expect(maskMoney('4599000')).toBe('45.990,00');
    expect(maskMoney('5')).toBe('0,05');
    expect(moneyToCents('45.990,00')).toBe(4599000);
    expect(moneyToCents('')).toBeNull();
    expect(maskKm('123456')).toBe('123.456');
  });
});
