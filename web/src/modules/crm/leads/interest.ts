// The interest a lead records (what the customer wants), as the form holds it and as the API
// takes it (`Interest`, the body of `POST /leads` with the customer and the source).
import type { components } from '@/api/schema.gen';

export type Interest = components['schemas']['Interest'];
export type NewLead = components['schemas']['NewLead'];

export interface InterestForm {
  source: string;
  storeId: string;
  make: string;
  model: string;
  yearMin: string;
  yearMax: string;
  budgetCents: number | null;
  condition: '' | 'new' | 'used';
  hasTradeIn: boolean;
  tradeInNotes: string;
  notes: string;
}

export const emptyInterest = (source: string, storeId: string): InterestForm => ({
  source,
  storeId,
  make: '',
  model: '',
  yearMin: '',
  yearMax: '',
  budgetCents: null,
  condition: '',
  hasTradeIn: false,
  tradeInNotes: '',
  notes: '',
});

const text = (v: string) => v.trim() || null;
const year = (v: string) => (/^\d{4}$/.test(v.trim()) ? Number(v.trim()) : null);

/** The interest as `PATCH /leads/{id}` takes it (absent fields would stay: every field is sent). */
export function toInterest(f: InterestForm): Interest {
  return {
    make: text(f.make),
    model: text(f.model),
    yearMin: year(f.yearMin),
    yearMax: year(f.yearMax),
    budgetCents: f.budgetCents,
    condition: f.condition || null,
    hasTradeIn: f.hasTradeIn,
    tradeInNotes: f.hasTradeIn ? text(f.tradeInNotes) : null,
    notes: text(f.notes),
  };
}

export function toNewLead(f: InterestForm, customerId: string): NewLead {
  return { customerId, source: f.source, storeId: f.storeId || null, ...toInterest(f) };
}

/** A lead's interest in the form, to edit it. */
export function interestForm(l: Interest & { source: string; storeId: string }): InterestForm {
  return {
    source: l.source,
    storeId: l.storeId,
    make: l.make ?? '',
    model: l.model ?? '',
    yearMin: l.yearMin ? String(l.yearMin) : '',
    yearMax: l.yearMax ? String(l.yearMax) : '',
    budgetCents: l.budgetCents ?? null,
    condition: l.condition ?? '',
    hasTradeIn: l.hasTradeIn ?? false,
    tradeInNotes: l.tradeInNotes ?? '',
    notes: l.notes ?? '',
  };
}
