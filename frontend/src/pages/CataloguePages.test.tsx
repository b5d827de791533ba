import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { aCourse, anInstitution, aProgramme, machineLearning } from '../test/catalogue';
import { fakeServer, json, problem } from '../test/http';
import { renderApp } from '../test/render';

/** A fake API serving the test catalogue. */
function catalogue(course = aCourse()) {
  return fakeServer((req) => {
    switch (req.url.pathname) {
      case '/api/v1/courses/ai-101':
        return json(200, course);
      case '/api/v1/programmes/msc-ai':
        return json(200, aProgramme());
      case '/api/v1/institutions/belfry-university':
        return json(200, anInstitution());
      case '/api/v1/institutions':
        return json(200, { items: [anInstitution()] });
      case '/api/v1/skills/sk-ml':
        return json(200, machineLearning);
      default:
        return problem(404);
    }
  });
}

// Intl uses narrow or regular no-break spaces; compare with plain spaces.
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

describe('course page', () => {
  it('shows the syllabus, skills with labels, the provider and the credential', async () => {
    catalogue();
    renderApp('/courses/ai-101');
    expect(await screen.findByRole('heading', { level: 1, name: 'AI for everyone' })).toBeInTheDocument();

    const syllabus = screen.getByRole('heading', { level: 2, name: 'Syllabus' }).parentElement!;
    expect(within(syllabus).getByRole('heading', { level: 3, name: 'Module 1: The basics' })).toBeInTheDocument();
    expect(within(syllabus).getByText('What AI is')).toBeInTheDocument();
    expect(within(syllabus).getByText('6 questions · pass mark 70 % · 3 attempts · 15 minute limit · feedback after each question')).toBeInTheDocument();

    const skill = await screen.findByRole('link', { name: /^machine learning/ });
    expect(skill).toHaveTextContent('machine learning · basic');
    expect(skill).toHaveAttribute('href', '/search?skills=sk-ml');
    expect(screen.getByRole('link', { name: 'AI Skills Academy' })).toHaveAttribute('href', '/institutions/ai-skills-academy');
    expect(screen.getByText('12 hours')).toBeInTheDocument();
    expect(screen.getByText('EQF 4')).toBeInTheDocument();
    expect(screen.getByText(/at least 70 % to receive a digital credential/)).toBeInTheDocument();
    expect(screen.getByText('three').tagName).toBe('EM');
  });

  it('shows a course without instructors, skills, prerequisites, outcomes or modules', async () => {
    catalogue(aCourse({ instructors: [], skills: [], prerequisites: [], learning_outcomes: [], modules: [] }));
    renderApp('/courses/ai-101');
    expect(await screen.findByRole('heading', { level: 1, name: 'AI for everyone' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 2, name: 'Skills' })).not.toBeInTheDocument();
  });

  it('shows a course whose lists an older server answered as null', async () => {
    catalogue({ ...aCourse(), instructors: null, skills: null, prerequisites: null, learning_outcomes: null } as unknown as ReturnType<typeof aCourse>);
    renderApp('/courses/ai-101');
    expect(await screen.findByRole('heading', { level: 1, name: 'AI for everyone' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Syllabus' })).toBeInTheDocument();
  });

  it('renders the description without the scripts or handlers it may carry', async () => {
    catalogue(aCourse({ description: 'Hello <img src="x" onerror="window.pwned=1"> <script>window.pwned=1</script>' }));
    renderApp('/courses/ai-101');
    const about = (await screen.findByRole('heading', { level: 2, name: 'About this course' })).parentElement!;
    expect(about.querySelector('img')).not.toBeNull();
    expect(about.querySelector('img')!.getAttribute('onerror')).toBeNull();
    expect(about.querySelector('script')).toBeNull();
  });
});

describe('programme page', () => {
  it.each([
    { lang: 'en', eu: 'June 1, 2027', nonEu: 'March 1, 2027', fee: '€6,500 per year', skill: 'machine learning' },
    { lang: 'fr', eu: '1 juin 2027', nonEu: '1 mars 2027', fee: '6 500 € par an', skill: 'apprentissage automatique' },
    { lang: 'de', eu: '1. Juni 2027', nonEu: '1. März 2027', fee: '6.500 € pro Jahr', skill: 'maschinelles Lernen' },
  ])('shows deadlines, fees and skills the way $lang writes them', async ({ lang, eu, nonEu, fee, skill }) => {
    await i18n.changeLanguage(lang);
    catalogue();
    renderApp('/programmes/msc-ai');
    expect(await screen.findByRole('heading', { level: 1, name: 'MSc Artificial Intelligence' })).toBeInTheDocument();
    const [, row] = screen.getAllByRole('table')[0]!.querySelectorAll('tr');
    const cells = [...row!.querySelectorAll('th, td')].map((c) => plain(c.textContent));
    expect(cells.slice(1)).toEqual([eu, nonEu]);
    const fees = [...screen.getAllByRole('table')[1]!.querySelectorAll('td')].map((c) => plain(c.textContent));
    expect(fees).toContain(fee);
    expect(await screen.findByRole('link', { name: skill })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Belfry University' })).toHaveAttribute('href', '/institutions/belfry-university');
  });

  it('links to the programme website and names every fact', async () => {
    await i18n.changeLanguage('en');
    catalogue();
    renderApp('/programmes/msc-ai');
    expect(await screen.findByRole('link', { name: 'Visit the programme website' })).toHaveAttribute('href', 'https://belfry.example/msc-ai');
    const facts = screen.getByRole('heading', { name: 'At a glance' }).parentElement!;
    for (const text of ['Master', '120', 'EQF 7', '4 semesters', 'Full time', 'On campus', 'English and French', 'English B2', 'Ghent, Belgium', 'No']) {
      expect(within(facts).getByText(text)).toBeInTheDocument();
    }
    expect(screen.getByText('Merit scholarships.')).toBeInTheDocument();
  });
});

describe('institution page', () => {
  it('shows the profile with its programmes and courses', async () => {
    await i18n.changeLanguage('en');
    catalogue();
    renderApp('/institutions/belfry-university');
    expect(await screen.findByRole('heading', { level: 1, name: 'Belfry University' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: '1 programme' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'MSc Artificial Intelligence' })).toHaveAttribute('href', '/programmes/msc-ai');
    expect(screen.getByRole('link', { name: 'AI for everyone' })).toHaveAttribute('href', '/courses/ai-101');
    expect(screen.getByRole('link', { name: 'Visit the website' })).toHaveAttribute('href', 'https://belfry.example');
  });
});
