import type { Texts } from '@/i18n/types';
import { en, problemsEn } from './en';
import { problemsPtBR, ptBR } from './pt-BR';

/** The sales settings screen's words in each language; src/i18n merges them with the other parts'. */
export const text: Texts<typeof ptBR, typeof problemsPtBR> = {
  'pt-BR': { messages: ptBR, problems: problemsPtBR },
  en: { messages: en, problems: problemsEn },
};
