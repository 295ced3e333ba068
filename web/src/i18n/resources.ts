// Every dictionary of the app: the shell's and one per module (src/modules/<area>/i18n), merged
// into one i18next namespace of screen strings (`translation`) and one of problem-code texts
// (`problems`, flat keys such as `vehicles.duplicate_vin`). A module with words adds one line below.
import type { MessageCode } from '@/api/problem';
import { text as audit } from '@/modules/audit/i18n';
import { text as crm } from '@/modules/crm/i18n';
import { text as crmAdmin } from '@/modules/crm/admin/i18n';
import { text as privacy } from '@/modules/crm/privacy/i18n';
import { text as home } from '@/modules/home/i18n';
import { text as identity } from '@/modules/identity/i18n';
import { text as notifications } from '@/modules/notifications/i18n';
import { text as org } from '@/modules/org/i18n';
import { text as sales } from '@/modules/sales/i18n';
import { text as salesAdmin } from '@/modules/sales/admin/i18n';
import { text as vehicles } from '@/modules/vehicles/i18n';
import { text as webhooks } from '@/modules/webhooks/i18n';
import { en, problemsEn } from './en';
import { problemsPtBR, ptBR } from './pt-BR';
import type { Language, Texts } from './types';

const shell: Texts<typeof ptBR, typeof problemsPtBR> = {
  'pt-BR': { messages: ptBR, problems: problemsPtBR },
  en: { messages: en, problems: problemsEn },
};

/** Each part's top-level keys and problem codes are its own: a test checks that none clash. */
export const parts = { shell, home, identity, org, vehicles, audit, crm, privacy, crmAdmin, sales, salesAdmin, notifications, webhooks };

type Part = (typeof parts)[keyof typeof parts];
type Both<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** What one kind of text of every part adds up to. */
type Merged<K extends 'messages' | 'problems'> = Both<Part['pt-BR'][K]>;

function merge<K extends 'messages' | 'problems'>(lng: Language, kind: K): Merged<K> {
  return Object.assign({}, ...Object.values(parts).map((p) => p[lng][kind])) as Merged<K>;
}

// A code of docs/problems.json (or of the app's own) without a text in a language fails here.
const problems: Record<Language, Record<MessageCode, string>> = {
  'pt-BR': merge('pt-BR', 'problems'),
  en: merge('en', 'problems'),
};

export const resources = {
  'pt-BR': { translation: merge('pt-BR', 'messages'), problems: problems['pt-BR'] },
  en: { translation: merge('en', 'messages'), problems: problems.en },
} as const;
