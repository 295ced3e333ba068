// Webhooks for integrators, in Portuguese (Brazil): the default language. en.ts has the same keys
// (the type checks it). The screens come with the endpoints' API; the problem codes are here now.
import type { ProblemTexts } from '@/i18n/types';

export const ptBR = {
  webhooks: {
    title: 'Webhooks',
  },
};

/** What each problem code tells the user; every code of this area needs one. */
export const problemsPtBR: ProblemTexts<'webhooks'> = {
  'webhooks.invalid_url': 'Informe um endereço http ou https com o nome do servidor.',
  'webhooks.no_event_types': 'Escolha ao menos um tipo de evento (ou todos).',
};
