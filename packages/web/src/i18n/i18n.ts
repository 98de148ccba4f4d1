import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { en } from './locales/en';

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
 * Every language, English too, is a chunk of its own fetched before the first
 * render (main.tsx waits for `languageReady`, in parallel with the first
 * screen's own lazy chunk): the first load carries no strings, so the
 * initial JavaScript stays within its budget however many screens the app
 * has (bench/web-budget.mjs). German and Spanish have exactly the English
 * keys (test/i18n.test.ts), so English is fetched only when chosen.
 */
const bundles: Record<Language, () => Promise<typeof en>> = {
  de: () => import('./locales/de').then((module) => module.de),
  en: () => import('./locales/en').then((module) => module.en),
  es: () => import('./locales/es').then((module) => module.es),
};

async function switchLanguage(language: Language): Promise<void> {
  if (!i18next.hasResourceBundle(language, 'translation')) {
    i18next.addResourceBundle(language, 'translation', await bundles[language]());
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
  resources: {},
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes.
  returnNull: false,
});

i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});
document.documentElement.lang = i18next.language;

/** Settles once the first language is there: the app renders after it, so a German browser never sees English first. */
export const languageReady: Promise<void> = switchLanguage(initialLanguage())
  .catch(() => switchLanguage('en'))
  .catch(() => undefined);

export default i18next;
