// The sales desk, in English: the same keys as pt-BR.ts.
import type { Dict, ProblemTexts } from '@/i18n/types';
import type { ptBR } from './pt-BR';

export const en: Dict<typeof ptBR> = {};

export const problemsEn: ProblemTexts<'financing'> = {
  'financing.charges_exceed_amount': 'Fees paid at signing must be less than the amount financed.',
  'financing.duplicate_rate': 'Another rate of the table has this term and down payment.',
  'financing.duplicate_rate_table': 'This bank already has a rate table with this name.',
  'financing.date_in_past': 'The contract cannot be dated before today.',
  'financing.date_too_far': 'The contract date must be within a year.',
  'financing.invalid_amount': 'The amount financed must be more than zero and at most R$ 100 million.',
  'financing.invalid_down_payment': 'The down payment is from zero to less than the price (in a rate table, 0 to 0.9 of it).',
  'financing.invalid_fee': 'Each fee is from zero to R$ 100 million.',
  'financing.invalid_fee_name': "A fee's name has 1 to 40 characters.",
  'financing.invalid_first_due_date': 'The first installment falls due after the contract date and within 92 days.',
  'financing.invalid_installments': 'From 1 to 120 installments.',
  'financing.invalid_rates': 'A rate table has 1 to 50 rates.',
  'financing.invalid_rate': 'Give the monthly rate as a decimal fraction, such as 0.0199 for 1.99 % a month.',
  'financing.rate_table_not_found': 'Rate table not found.',
  'financing.rate_out_of_range': 'The monthly rate is from 0 to 0.10 (10 % a month).',
  'financing.too_many_fees': 'At most 20 fees.',
};
