// Every UI string goes through i18next. pt-BR is the default; the choice is remembered per browser.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources } from './resources';

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
  resources,
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

export default i18n;
