// Every dictionary of the app: the shell's and one per module (src/modules/<area>/i18n), merged
// into one i18next namespace of screen strings (`translation`) and one of problem-code texts
// (`problems`, flat keys such as `vehicles.duplicate_vin`). A module with words adds one line below.
// This file is its own chunk, loaded before the signed-in shell (loadTexts in ./index); the words
// the sign-in pages need come with the app (./signIn).
import type { MessageCode } from '@/api/problem';
import { text as audit } from '@/modules/audit/i18n';
import { text as crm } from '@/modules/crm/i18n';
import { text as crmAdmin } from '@/modules/crm/admin/i18n';
import { text as privacy } from '@/modules/crm/privacy/i18n';
import { text as home } from '@/modules/home/i18n';
import { text as identity } from '@/modules/identity/i18n';
import { text as messages } from '@/modules/messages/i18n';
import { text as notifications } from '@/modules/notifications/i18n';
import { text as org } from '@/modules/org/i18n';
import { text as sales } from '@/modules/sales/i18n';
import { text as salesAdmin } from '@/modules/sales/admin/i18n';
import { text as vehicles } from '@/modules/vehicles/i18n';
import { text as webhooks } from '@/modules/webhooks/i18n';
import { merge, signInParts } from './signIn';
import type { Language } from './types';

/** Each part's top-level keys and problem codes are its own: a test checks that none clash. */
export const parts = { ...signInParts, home, identity, org, vehicles, audit, messages, crm, privacy, crmAdmin, sales, salesAdmin, notifications, webhooks };

// A code of docs/problems.json (or of the app's own) without a text in a language fails here.
const problems: Record<Language, Record<MessageCode, string>> = {
  'pt-BR': merge(parts, 'pt-BR', 'problems'),
  en: merge(parts, 'en', 'problems'),
};

export const resources = {
  'pt-BR': { translation: merge(parts, 'pt-BR', 'messages'), problems: problems['pt-BR'] },
  en: { translation: merge(parts, 'en', 'messages'), problems: problems.en },
} as const;
