import '@/i18n';
import { describe, expect, it } from 'vitest';
import { displayPlaca } from '@/modules/vehicles/labels';
import { EMPTY, formatDate, formatKm, formatMoney, formatNumber, orEmpty } from './format';

describe('a value that is not there', () => {
  it('reads as the same mark everywhere', () => {
    expect(EMPTY).toBe('—');
    for (const shown of [orEmpty(null), orEmpty(undefined), orEmpty(''), orEmpty('  '), formatMoney(null), formatKm(undefined), formatNumber(null), formatDate(null)]) {
      expect(shown).toBe(EMPTY);
    }
  });

  it('keeps a value that is there, zero included', () => {
    expect(orEmpty('Prata')).toBe('Prata');
    expect(orEmpty(0)).toBe('0');
    expect(formatMoney(0)).toMatch(/^R\$\s0,00$/);
  });

  it('gives no placa as nothing, for a line to leave out', () => {
    expect(displayPlaca(null)).toBe('');
    expect(displayPlaca('CWI6777')).toBe('CWI-6777');
    expect(displayPlaca('RIO2A18')).toBe('RIO2A18');
  });
});
