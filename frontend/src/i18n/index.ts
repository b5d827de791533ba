import i18n, { type BackendModule, type ResourceKey } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../api/types';
import en from './en.json';

/** The languages the web app is written in, in the order the switcher lists them. */
export const LANGUAGES: readonly Language[] = ['en', 'fr', 'de'];

/** Each language's name in itself, as the language switcher shows it. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français', de: 'Deutsch' };

/** Where the chosen language is remembered. */
export const LANGUAGE_STORAGE_KEY = 'academy.language';

/** Narrows any language tag (such as "fr-CH") to a language the app speaks, English otherwise. */
export function toLanguage(tag: string | undefined): Language {
  const base = (tag ?? '').toLowerCase().split('-')[0];
  return LANGUAGES.find((l) => l === base) ?? 'en';
}

/**
 * Loads French and German on first use, each as its own chunk, so every visitor downloads
 * one language rather than all of them. English, the fallback, ships with the app.
 */
const lazyLanguages: BackendModule = {
  type: 'backend',
  init() {},
  read(language, _namespace, callback) {
    const load: Promise<{ default: ResourceKey }> =
      toLanguage(language) === 'fr' ? import('./fr.json') : toLanguage(language) === 'de' ? import('./de.json') : Promise.resolve({ default: en });
    load.then(
      (messages) => callback(null, messages.default),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), null),
    );
  },
};

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = toLanguage(lng);
});

void i18n
  .use(LanguageDetector)
  .use(lazyLanguages)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en } },
    partialBundledLanguages: true,
    supportedLngs: [...LANGUAGES],
    fallbackLng: 'en',
    load: 'languageOnly',
    initAsync: false,
    interpolation: { escapeValue: false },
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: ['localStorage'],
      convertDetectedLanguage: (lng: string) => toLanguage(lng),
    },
  });

export default i18n;
