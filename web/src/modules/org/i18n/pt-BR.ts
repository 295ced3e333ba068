// The dealership's stores, in Portuguese (Brazil): the default language. en.ts has the same keys (the type checks it).
import type { ProblemTexts } from '@/i18n/types';

export const ptBR = {
  stores: {
    nav: 'Lojas',
    title: 'Lojas',
    new: 'Nova loja',
    newTitle: 'Nova loja',
    editTitle: 'Editar {{name}}',
    readOnly: 'Somente o proprietário altera as lojas.',
    current: 'Loja atual',
    all: 'Todas as lojas',
    name: 'Nome',
    cnpj: 'CNPJ',
    street: 'Logradouro',
    number: 'Número',
    complement: 'Complemento',
    district: 'Bairro',
    city: 'Cidade',
    state: 'UF',
    postalCode: 'CEP',
    timeZone: 'Fuso horário',
    activeLabel: 'Loja ativa',
    inactive: 'Inativa',
    empty: 'Nenhuma loja cadastrada',
    saved: 'Loja salva.',
  },
};

/** What each problem code tells the user; every code of these areas needs one. */
export const problemsPtBR: ProblemTexts<'cnpj' | 'stores'> = {
  'cnpj.check_digit': 'Os dígitos verificadores do CNPJ não conferem.',
  'cnpj.invalid_character': 'CNPJ com caracteres inválidos.',
  'cnpj.length': 'O CNPJ tem 14 caracteres.',
  'stores.duplicate_cnpj': 'Já existe uma loja com este CNPJ.',
  'stores.invalid_postal_code': 'O CEP tem 8 dígitos.',
  'stores.invalid_state': 'UF inválida.',
  'stores.invalid_time_zone': 'Fuso horário inválido.',
  'stores.not_found': 'Loja não encontrada.',
  'stores.no_logo': 'Esta loja ainda não tem logotipo.',
};
