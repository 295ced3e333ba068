// The home page's words, in English.
import type { Dict } from '@/i18n/types';
import type { problemsPtBR, ptBR } from './pt-BR';

export const en: Dict<typeof ptBR> = {
  home: {
    greeting: 'Hello, {{name}}',
    scopeAll: 'Figures for all your stores.',
    scopeStore: 'Figures for {{store}}.',
    inStock: 'Vehicles in stock',
    averageDays: 'Average days in stock',
    days_one: '{{count}} day',
    days_other: '{{count}} days',
    valueAtPrice: 'Stock value (asking price)',
    atCost: 'At cost: {{value}}',
    over90: 'In stock for over 90 days',
    byStatus: 'Vehicles by status',
    aging: 'Stock aging',
    ageBucket: 'Days in stock',
    bucket: '{{label}} days',
    vehicles: 'Vehicles',
    atPrice: 'At price',
    atCostShort: 'At cost',
    total: 'Total',
  },
};

export const problemsEn: typeof problemsPtBR = {};
