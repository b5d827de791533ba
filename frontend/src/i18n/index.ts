import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../api/types';
import de from './de.json';
import en from './en.json';
import fr from './fr.json';

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

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = toLanguage(lng);
});

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: {
      en: { translation: en },
      fr: { translation: fr },
      de: { translation: de },
    },
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
