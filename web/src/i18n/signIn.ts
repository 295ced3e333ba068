// The words the app loads with itself: the shell's (common buttons, generic errors, the problem
// codes no module owns) and the sign-in pages'. Every page reachable without a session but the
// customer's quote needs only these, so the sign-in page does not download the business modules'
// dictionaries; those load after sign-in (./resources, through loadTexts in ./index).
import { text as identitySignIn } from '@/modules/identity/i18n/signIn';
import { en, problemsEn } from './en';
import { problemsPtBR, ptBR } from './pt-BR';
import type { Language, Texts } from './types';

const shell: Texts<typeof ptBR, typeof problemsPtBR> = {
  'pt-BR': { messages: ptBR, problems: problemsPtBR },
  en: { messages: en, problems: problemsEn },
};

export const signInParts = { shell, identitySignIn };

type Kind = 'messages' | 'problems';
type Both<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** What one kind of text of some parts adds up to (English is typed by Portuguese). */
export type Merged<P extends Record<string, Texts<object, object>>, K extends Kind> = Both<P[keyof P]['pt-BR'][K]>;

/** One kind of text of some parts in one language, as one flat i18next resource. */
export function merge<P extends Record<string, Texts<object, object>>, K extends Kind>(parts: P, lng: Language, kind: K) {
  return Object.assign({}, ...Object.values(parts).map((p) => p[lng][kind])) as Merged<P, K>;
}

/** The words to start i18next with: new objects on each call, as i18next adds later bundles into them. */
export function signInResources() {
  return {
    'pt-BR': { translation: merge(signInParts, 'pt-BR', 'messages'), problems: merge(signInParts, 'pt-BR', 'problems') },
    en: { translation: merge(signInParts, 'en', 'messages'), problems: merge(signInParts, 'en', 'problems') },
  };
}
