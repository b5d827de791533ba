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
    /** A calendar date given as YYYY-MM-DD, written out without shifting it to another time zone. */
    day(value: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'long' }): string {
      const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(date.getTime()) ? value : new Intl.DateTimeFormat(lng, { ...options, timeZone: 'UTC' }).format(date);
    },
    /** An amount of money in its currency, such as "€4,500" or "4 500,00 €". */
    money(amount: number, currency: string): string {
      try {
        return new Intl.NumberFormat(lng, { style: 'currency', currency, maximumFractionDigits: Number.isInteger(amount) ? 0 : 2 }).format(amount);
      } catch {
        return `${new Intl.NumberFormat(lng).format(amount)} ${currency}`;
      }
    },
    /** The name of a country code in the current language ("DE" → "Germany"), or the code itself. */
    countryName(code: string): string {
      try {
        return new Intl.DisplayNames([lng], { type: 'region' }).of(code.toUpperCase()) ?? code;
      } catch {
        return code;
      }
    },
    /** A list such as "English, French and German". */
    list(items: string[]): string {
      return new Intl.ListFormat(lng, { style: 'long', type: 'conjunction' }).format(items);
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
