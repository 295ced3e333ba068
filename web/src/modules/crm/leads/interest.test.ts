import { describe, expect, it } from 'vitest';
import { emptyInterest, interestForm, toInterest, toNewLead } from './interest';

describe('a lead interest as the API takes it', () => {
  it('sends what was typed, trimmed, a year only when it has four digits, and the trade-in notes only with a trade-in', () => {
    const form = { ...emptyInterest('walk_in', ''), make: ' Chevrolet ', model: 'Onix', yearMin: '2021', yearMax: '20', budgetCents: 8_000_000, tradeInNotes: 'Gol 2015' };
    expect(toNewLead(form, 'c1')).toEqual({
      customerId: 'c1',
      source: 'walk_in',
      storeId: null,
      make: 'Chevrolet',
      model: 'Onix',
      yearMin: 2021,
      yearMax: null,
      budgetCents: 8_000_000,
      condition: null,
      hasTradeIn: false,
      tradeInNotes: null,
      notes: null,
    });
  });

  it('reads a lead back into the form and sends every field again, so a cleared one is cleared', () => {
    const form = interestForm({ source: 'website', storeId: 's1', make: 'Fiat', model: 'Strada', yearMin: 2022, budgetCents: null, condition: 'used', hasTradeIn: true, tradeInNotes: 'Uno' });
    expect(form).toMatchObject({ make: 'Fiat', yearMin: '2022', yearMax: '', condition: 'used', hasTradeIn: true, tradeInNotes: 'Uno' });
    expect(toInterest({ ...form, model: '' })).toEqual({
      make: 'Fiat',
      model: null,
      yearMin: 2022,
      yearMax: null,
      budgetCents: null,
      condition: 'used',
      hasTradeIn: true,
      tradeInNotes: 'Uno',
      notes: null,
    });
  });
});
