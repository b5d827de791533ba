import { gzipSync } from 'node:zlib';
import { checkA11y } from '../support/a11y';
import { expect, test } from '../support/fixtures';

/** The pages measured, each with the heading that shows its main content is there. */
const PAGES = [
  { name: 'home', path: '/', heading: /Build the AI and digital skills/ },
  { name: 'search', path: '/search?q=machine%20learning', heading: /Explore courses and programmes/ },
  { name: 'course', path: '/courses/machine-learning-foundations', heading: /Machine Learning Foundations/ },
];

interface Measurement {
  page: string;
  fcpMs: number | null;
  lcpMs: number | null;
  lcpElement: string;
  scripts: string[];
  transferredBytes: number;
  decodedBytes: number;
  gzippedBytes: number;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (value: number | null) => (value === null ? 'n/a' : Math.round(value).toString());

// Each page is loaded cold, in a context of its own, so nothing comes from the cache.
test('Largest Contentful Paint and JavaScript transferred on the main pages', async ({ browser, baseURL }) => {
  const results: Measurement[] = [];
  for (const { name, path, heading } of PAGES) {
    const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __lcp: { time: number; element: string } | null };
      w.__lcp = null;
      new PerformanceObserver((list) => {
        const last = list.getEntries().at(-1) as PerformanceEntry & { element?: Element | null };
        const el = last.element;
        w.__lcp = { time: last.startTime, element: el ? `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''}` : '?' };
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });

    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await checkA11y(page, `${name} (measured)`);

    const timing = await page.evaluate(() => {
      const w = window as unknown as { __lcp: { time: number; element: string } | null };
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => new URL(r.name).pathname.endsWith('.js'));
      return {
        fcp: fcp ? fcp.startTime : null,
        lcp: w.__lcp,
        scripts: scripts.map((s) => ({ url: s.name, transfer: s.transferSize, decoded: s.decodedBodySize })),
      };
    });

    // What the same scripts weigh gzipped (level 6, as most servers and CDNs compress).
    let gzipped = 0;
    for (const script of timing.scripts) {
      const body = await (await context.request.get(script.url)).body();
      gzipped += gzipSync(body, { level: 6 }).length;
    }
    results.push({
      page: name,
      fcpMs: timing.fcp,
      lcpMs: timing.lcp?.time ?? null,
      lcpElement: timing.lcp?.element ?? 'none',
      scripts: timing.scripts.map((s) => new URL(s.url).pathname.replace('/assets/', '')),
      transferredBytes: timing.scripts.reduce((n, s) => n + s.transfer, 0),
      decodedBytes: timing.scripts.reduce((n, s) => n + s.decoded, 0),
      gzippedBytes: gzipped,
    });
    await context.close();
  }

  const rows = results.map((r) => [r.page, ms(r.fcpMs), ms(r.lcpMs), r.lcpElement, String(r.scripts.length), kb(r.decodedBytes), kb(r.transferredBytes), kb(r.gzippedBytes)]);
  const header = ['page', 'FCP ms', 'LCP ms', 'LCP element', 'JS files', 'JS KiB', 'JS sent KiB', 'JS gzip KiB'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(
    [
      'Cold loads in headless Chromium against the embedded academy on loopback (no network throttling).',
      'JS sent = resource timing transferSize (as the server sends it, headers included); JS gzip = the same files gzipped.',
      line(header),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map(line),
      ...results.map((r) => `${r.page}: ${r.scripts.join(', ')}`),
    ].join('\n'),
  );
  test.info().annotations.push({ type: 'perf', description: JSON.stringify(results) });

  for (const r of results) {
    expect(r.scripts.length, `${r.page} loaded no JavaScript`).toBeGreaterThan(0);
    expect(r.lcpMs, `${r.page} reported no Largest Contentful Paint`).not.toBeNull();
  }
});
