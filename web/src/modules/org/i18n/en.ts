// The dealership's stores, in English.
import type { Dict } from '@/i18n/types';
import type { problemsPtBR, ptBR } from './pt-BR';

export const en: Dict<typeof ptBR> = {
  stores: {
    nav: 'Stores',
    title: 'Stores',
    new: 'New store',
    newTitle: 'New store',
    editTitle: 'Edit {{name}}',
    readOnly: 'Only the owner changes stores.',
    current: 'Current store',
    all: 'All stores',
    name: 'Name',
    cnpj: 'CNPJ',
    street: 'Street',
    number: 'Number',
    complement: 'Complement',
    district: 'District',
    city: 'City',
    state: 'State (UF)',
    postalCode: 'CEP',
    timeZone: 'Time zone',
    activeLabel: 'Store active',
    inactive: 'Inactive',
    empty: 'No stores yet',
    saved: 'Store saved.',
  },
};

export const problemsEn: typeof problemsPtBR = {
  'cnpj.check_digit': 'The CNPJ check digits do not match.',
  'cnpj.invalid_character': 'The CNPJ has invalid characters.',
  'cnpj.length': 'A CNPJ has 14 characters.',
  'stores.duplicate_cnpj': 'Another store has this CNPJ.',
  'stores.invalid_postal_code': 'A CEP has 8 digits.',
  'stores.invalid_state': 'Invalid state.',
  'stores.invalid_time_zone': 'Invalid time zone.',
  'stores.not_found': 'Store not found.',
  'stores.no_logo': 'This store has no logo yet.',
};
