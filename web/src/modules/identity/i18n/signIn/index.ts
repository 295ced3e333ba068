import type { Texts } from '@/i18n/types';
import { en, problemsEn } from './en';
import { problemsPtBR, ptBR } from './pt-BR';

/** The sign-in pages' words in each language: src/i18n loads them with the app, before sign-in. */
export const text: Texts<typeof ptBR, typeof problemsPtBR> = {
  'pt-BR': { messages: ptBR, problems: problemsPtBR },
  en: { messages: en, problems: problemsEn },
};
