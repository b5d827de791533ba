import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The WCAG 2.1 A and AA rules. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Violations of this impact fail the test; minor and moderate ones are only printed. */
const BLOCKING = new Set(['serious', 'critical']);

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

function describeViolation(v: Violation): string {
  const nodes = v.nodes
    .slice(0, 5)
    .map((n) => `    - ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
    .join('\n');
  const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
  return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
}

/**
 * Runs axe with the WCAG 2.1 A/AA rules on the page as it is now and fails on any
 * serious or critical violation, listing each with the elements concerned.
 */
export async function checkA11y(page: Page, context = ''): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const where = `${context || page.url()}`;
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ''));
  const minor = results.violations.filter((v) => !BLOCKING.has(v.impact ?? ''));
  if (minor.length) {
    console.log(`axe: minor issues on ${where}:\n${minor.map(describeViolation).join('\n')}`);
  }
  expect(blocking.length, `accessibility violations on ${where}:\n${blocking.map(describeViolation).join('\n')}`).toBe(0);
}
