import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';

export const languages = ['de', 'en', 'es'] as const;
export type Language = (typeof languages)[number];

/** Each language by its own name, for the pickers (top bar, profile). */
export const languageNames: Record<Language, string> = { de: 'Deutsch', en: 'English', es: 'Español' };

/** Only the language chosen before signing in is kept here; a signed-in user's choice is stored on the server. */
const storageKey = 'kontor.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The remembered choice, else the browser's first language we speak, else English. */
function initialLanguage(): Language {
  const stored = localStorage.getItem(storageKey);
  if (isLanguage(stored)) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/**
 * English is in the first load (it is every string's fallback); German and
 * Spanish are fetched when they are first needed, so the first load does not
 * carry three languages (e2e/bundle-budget.e2e.ts).
 */
const otherLanguages: Record<Exclude<Language, 'en'>, () => Promise<typeof en>> = {
  de: () => import('./locales/de').then((module) => module.de),
  es: () => import('./locales/es').then((module) => module.es),
};

async function switchLanguage(language: Language): Promise<void> {
  if (language !== 'en' && !i18next.hasResourceBundle(language, 'translation')) {
    i18next.addResourceBundle(language, 'translation', await otherLanguages[language]());
  }
  if (i18next.language !== language) await i18next.changeLanguage(language);
}

export function setLanguage(language: Language): void {
  localStorage.setItem(storageKey, language);
  void switchLanguage(language);
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'en';
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes.
  returnNull: false,
});

i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});
document.documentElement.lang = i18next.language;

/** Settles once the first language is there: the app renders after it, so a German browser never sees English first. */
export const languageReady: Promise<void> = switchLanguage(initialLanguage()).catch(() => undefined);

export default i18next;
