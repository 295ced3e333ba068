// Every UI string goes through i18next. pt-BR is the default; the choice is remembered per browser.
// The app starts with the sign-in pages' words only (./signIn); the rest arrive through loadTexts.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { signInResources } from './signIn';

const KEY = 'innexar.language';
export const LANGUAGES = [
  { code: 'pt-BR', label: 'Português (Brasil)' },
  { code: 'en', label: 'English' },
] as const;

function saved(): string {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'en' || v === 'pt-BR' ? v : 'pt-BR';
  } catch {
    return 'pt-BR';
  }
}

void i18n.use(initReactI18next).init({
  resources: signInResources(),
  ns: ['translation', 'problems'],
  defaultNS: 'translation',
  lng: saved(),
  fallbackLng: 'pt-BR',
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

i18n.on('languageChanged', (lng) => {
  try {
    localStorage.setItem(KEY, lng);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = lng;
});
if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

let loading: Promise<void> | undefined;

/**
 * Adds every module's words, in both languages so that switching needs no download. The modules'
 * dictionaries would otherwise be nearly a fifth of what the sign-in page downloads, so they are a
 * chunk of their own, which a screen showing them awaits before it renders (the signed-in shell,
 * the customer's quote). Loaded once; a failed download is tried again on the next call.
 */
export function loadTexts(): Promise<void> {
  loading ??= import('./resources').then(
    ({ resources }) => {
      for (const lng of ['pt-BR', 'en'] as const) {
        i18n.addResourceBundle(lng, 'translation', resources[lng].translation, true, true);
        i18n.addResourceBundle(lng, 'problems', resources[lng].problems, true, true);
      }
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

export default i18n;
