import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import de from './de.json';
import en from './en.json';
import fr from './fr.json';

type Messages = { [key: string]: string | Messages };

const LANGUAGE_FILES: Record<string, Messages> = { en, fr, de };
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Flattens nested messages into dotted keys, as t() addresses them. */
function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      flat.set(full, value);
    } else {
      flatten(value, full).forEach((v, k) => flat.set(k, v));
    }
  }
  return flat;
}

/** Keys without plural suffixes: languages have different plural forms of the same message. */
function baseKeys(flat: Map<string, string>): Set<string> {
  return new Set([...flat.keys()].map((k) => k.replace(PLURAL_SUFFIX, '')));
}

/** Keys (and plural forms) that one language has and another lacks or leaves empty. */
function problems(files: Record<string, Messages>): string[] {
  const found: string[] = [];
  const flats = Object.fromEntries(Object.entries(files).map(([lang, m]) => [lang, flatten(m)]));
  for (const [lang, flat] of Object.entries(flats)) {
    for (const [key, value] of flat) {
      if (!value.trim()) {
        found.push(`${lang}: ${key} is empty`);
      }
    }
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    const plurals = new Set([...flat.keys()].filter((k) => PLURAL_SUFFIX.test(k)).map((k) => k.replace(PLURAL_SUFFIX, '')));
    for (const base of plurals) {
      for (const category of categories) {
        if (!flat.has(`${base}_${category}`)) {
          found.push(`${lang}: ${base}_${category} is missing`);
        }
      }
    }
    for (const [other, otherFlat] of Object.entries(flats)) {
      const mine = baseKeys(flat);
      for (const key of baseKeys(otherFlat)) {
        if (!mine.has(key)) {
          found.push(`${lang}: ${key} is missing (present in ${other})`);
        }
      }
    }
  }
  return found;
}

/** The {{variables}} a message interpolates. */
function variables(message: string): string[] {
  return [...message.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]!).sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(path);
    }
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('translation files', () => {
  it('have the same keys, plural forms included, and no empty messages', () => {
    expect(problems(LANGUAGE_FILES)).toEqual([]);
  });

  it('use the same interpolation variables in every language', () => {
    const english = flatten(en);
    for (const lang of ['fr', 'de']) {
      for (const [key, message] of flatten(LANGUAGE_FILES[lang]!)) {
        const englishMessage = english.get(key) ?? english.get(key.replace(PLURAL_SUFFIX, '_other'));
        expect(variables(message), `${lang}: ${key}`).toEqual(variables(englishMessage ?? ''));
      }
    }
  });

  it('define every key the source code passes to t()', () => {
    const english = baseKeys(flatten(en));
    const srcDir = join(__dirname, '..');
    const missing: string[] = [];
    let used = 0;
    for (const file of sourceFiles(srcDir)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*['"]([^'"]+)['"]/g)) {
        used++;
        if (!english.has(match[1]!)) {
          missing.push(`${file.slice(srcDir.length + 1)}: ${match[1]}`);
        }
      }
    }
    expect(used).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });
});

describe('the translation check', () => {
  it('catches a key missing in one language, an empty message and a missing plural form', () => {
    const found = problems({
      en: { a: 'A', b: { c: 'C' }, n_one: 'one', n_other: 'many' },
      fr: { a: '', n_one: 'un', n_other: 'plusieurs' },
    });
    expect(found).toEqual(
      expect.arrayContaining(['fr: a is empty', 'fr: b.c is missing (present in en)', 'fr: n_many is missing']),
    );
  });
});
