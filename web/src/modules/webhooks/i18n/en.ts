// Webhooks for integrators, in English. Same keys as pt-BR.ts.
import type { Dict, ProblemTexts } from '@/i18n/types';
import type { ptBR } from './pt-BR';

export const en: Dict<typeof ptBR> = {
  webhooks: {
    title: 'Webhooks',
  },
};

export const problemsEn: ProblemTexts<'webhooks'> = {
  'webhooks.invalid_url': 'Enter an http or https address with a host name.',
  'webhooks.no_event_types': 'Choose at least one event type (or all).',
};
