// The sales desk, in Portuguese (Brazil). en.ts has the same keys. The screens come with the
// quotes (issue #14); the financing simulation's problem codes already have their texts.
import type { ProblemTexts } from '@/i18n/types';

export const ptBR = {};

export const problemsPtBR: ProblemTexts<'financing'> = {
  'financing.charges_exceed_amount': 'As tarifas pagas na assinatura devem ser menores que o valor financiado.',
  'financing.duplicate_rate': 'Outra taxa da tabela já tem este prazo e esta entrada.',
  'financing.duplicate_rate_table': 'Este banco já tem uma tabela com este nome.',
  'financing.date_in_past': 'A data do contrato não pode ser anterior a hoje.',
  'financing.date_too_far': 'A data do contrato deve estar dentro de um ano.',
  'financing.invalid_amount': 'O valor financiado deve ser maior que zero e de no máximo R$ 100 milhões.',
  'financing.invalid_down_payment': 'A entrada vai de zero até menos que o preço (na tabela, de 0 a 0.9 do preço).',
  'financing.invalid_fee': 'Cada tarifa vai de zero a R$ 100 milhões.',
  'financing.invalid_fee_name': 'O nome da tarifa tem de 1 a 40 caracteres.',
  'financing.invalid_first_due_date': 'A primeira parcela vence depois do contrato e em até 92 dias.',
  'financing.invalid_installments': 'De 1 a 120 parcelas.',
  'financing.invalid_rates': 'A tabela tem de 1 a 50 taxas.',
  'financing.invalid_rate': 'Informe a taxa mensal como fração decimal, por exemplo 0.0199 para 1,99 % a.m.',
  'financing.rate_table_not_found': 'Tabela de taxas não encontrada.',
  'financing.rate_out_of_range': 'A taxa mensal vai de 0 a 0.10 (10 % a.m.).',
  'financing.too_many_fees': 'No máximo 20 tarifas.',
};
