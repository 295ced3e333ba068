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
    days_zero: '{{count}} days',
    days_one: '{{count}} day',
    days_other: '{{count}} days',
    valueAtPrice: 'Stock value (asking price)',
    atCost: 'Cost incl. reconditioning: {{value}}',
    margin: 'Margin: {{value}}',
    over90: 'In stock for over 90 days',
    byStatus: 'Vehicles by status',
    statusLink_zero: '{{status}}: no vehicles',
    statusLink_one: '{{status}}: {{formatted}} vehicle',
    statusLink_other: '{{status}}: {{formatted}} vehicles',
    aging: 'Stock aging',
    ageBucket: 'Days in stock',
    bucket: '{{label}} days',
    vehicles: 'Vehicles',
    vehicleCount_zero: 'no vehicles',
    vehicleCount_one: '{{formatted}} vehicle',
    vehicleCount_other: '{{formatted}} vehicles',
    atPrice: 'At price',
    atCostShort: 'At cost',
    total: 'Total',
  },
};

export const problemsEn: typeof problemsPtBR = {};
