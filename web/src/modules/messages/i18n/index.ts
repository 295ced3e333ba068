import type { Texts } from '@/i18n/types';
import { en, problemsEn } from './en';
import { problemsPtBR, ptBR } from './pt-BR';

/** The area's words in each language; src/i18n merges them with the other areas'. */
export const text: Texts<typeof ptBR, typeof problemsPtBR> = {
  'pt-BR': { messages: ptBR, problems: problemsPtBR },
  en: { messages: en, problems: problemsEn },
};
