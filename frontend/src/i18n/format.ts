import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { toLanguage } from './index';

/** Formats dates, numbers and durations the way the given language writes them. */
export function formatters(language: string) {
  const lng = toLanguage(language);
  return {
    date(value: string | number | Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'long' }): string {
      const date = value instanceof Date ? value : new Date(value);
      return Number.isNaN(date.getTime()) ? '' : new Intl.DateTimeFormat(lng, options).format(date);
    },
    number(value: number, options?: Intl.NumberFormatOptions): string {
      return new Intl.NumberFormat(lng, options).format(value);
    },
    /** A wait such as "45 seconds" or "3 minutes", rounded up to whole minutes past 90 seconds. */
    wait(seconds: number): string {
      const inMinutes = seconds > 90;
      const amount = inMinutes ? Math.ceil(seconds / 60) : Math.max(1, Math.ceil(seconds));
      return new Intl.NumberFormat(lng, {
        style: 'unit',
        unit: inMinutes ? 'minute' : 'second',
        unitDisplay: 'long',
      }).format(amount);
    },
    /** The name of a language code in the current language ("fr" → "French"), or the code itself. */
    languageName(code: string): string {
      try {
        return new Intl.DisplayNames([lng], { type: 'language' }).of(code) ?? code;
      } catch {
        return code;
      }
    },
  };
}

/** The formatters for the current UI language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => formatters(language), [language]);
}
