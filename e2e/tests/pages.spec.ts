import { checkA11y } from '../support/a11y';
import { expect, test } from '../support/fixtures';
import { screenshot, VIEWPORTS, type ViewportName } from '../support/screens';

/** The public pages, each with the heading that shows it has loaded. */
const PAGES: { name: string; path: string; heading: RegExp }[] = [
  { name: 'home', path: '/', heading: /Build the AI and digital skills Europe needs/ },
  { name: 'search', path: '/search?q=machine%20learning', heading: /Explore courses and programmes/ },
  { name: 'course', path: '/courses/machine-learning-foundations', heading: /Machine Learning Foundations/ },
  { name: 'programme', path: '/programmes/european-master-trustworthy-ai-edelweiss', heading: /European Master in Trustworthy AI/ },
  { name: 'institution', path: '/institutions/edelweiss-universitaet', heading: /Edelweiss Universität/ },
  { name: 'sign-up', path: '/signup', heading: /Create your account/ },
  { name: 'sign-in', path: '/signin', heading: /Sign in/ },
  { name: 'about', path: '/about', heading: /About the Academy/ },
  { name: 'talent-pool', path: '/talent', heading: /Talent pool/ },
  { name: 'how-matching-works', path: '/talent/how-matching-works', heading: /How matching works/ },
  { name: 'not-found', path: '/no-such-page', heading: /Page not found/ },
];

for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
  test.describe(`main pages at ${viewport} width`, () => {
    test.use({ viewport: VIEWPORTS[viewport] });

    for (const { name, path, heading } of PAGES) {
      test(`${name} loads, passes axe and is captured`, async ({ page }) => {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
        // Skill labels and institution names arrive after the page itself.
        await page.waitForLoadState('networkidle');
        expect(await page.evaluate(() => document.documentElement.scrollWidth), 'the page scrolls sideways').toBeLessThanOrEqual(VIEWPORTS[viewport].width);
        await checkA11y(page, `${name} (${viewport})`);
        await screenshot(page, `${name}-${viewport}`);
      });
    }
  });
}
