import { describe, expect, it } from 'vitest';
import { formatters } from './format';

// Intl uses narrow or regular no-break spaces as group separators; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatters', () => {
  const cases: { lang: string; number: string; date: string; wait: string; language: string }[] = [
    { lang: 'en', number: '1,234,567.5', date: 'March 9, 2025', wait: '3 minutes', language: 'French' },
    { lang: 'fr', number: '1 234 567,5', date: '9 mars 2025', wait: '3 minutes', language: 'français' },
    { lang: 'de', number: '1.234.567,5', date: '9. März 2025', wait: '3 Minuten', language: 'Französisch' },
  ];
  it.each(cases)('formats for $lang', ({ lang, number, date, wait, language }) => {
    const f = formatters(lang);
    expect(plain(f.number(1234567.5))).toBe(number);
    expect(f.date('2025-03-09T12:00:00Z')).toBe(date);
    expect(f.wait(150)).toBe(wait);
    expect(f.languageName('fr')).toBe(language);
  });

  it('counts short waits in seconds', () => {
    expect(formatters('en').wait(30)).toBe('30 seconds');
    expect(formatters('de').wait(1)).toBe('1 Sekunde');
  });

  it('narrows regional tags to the languages the app speaks', () => {
    expect(plain(formatters('de-CH').number(1000.5))).toBe('1.000,5');
    expect(plain(formatters('es').number(1000.5))).toBe('1,000.5');
  });

  it.each([
    { lang: 'en', day: 'January 31, 2027', money: '€4,500', country: 'Austria' },
    { lang: 'fr', day: '31 janvier 2027', money: '4 500 €', country: 'Autriche' },
    { lang: 'de', day: '31. Januar 2027', money: '4.500 €', country: 'Österreich' },
  ])('writes deadlines, fees and countries for $lang', ({ lang, day, money, country }) => {
    const f = formatters(lang);
    expect(f.day('2027-01-31')).toBe(day);
    expect(plain(f.money(4500, 'EUR'))).toBe(money);
    expect(f.countryName('AT')).toBe(country);
  });

  it('shows cents only when the amount has them', () => {
    expect(plain(formatters('en').money(1234.5, 'CZK'))).toBe('CZK 1,234.50');
  });

  it('leaves an invalid date empty rather than printing "Invalid Date"', () => {
    expect(formatters('en').date('not a date')).toBe('');
  });
});
