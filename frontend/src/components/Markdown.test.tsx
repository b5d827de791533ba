import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './Markdown';

describe('renderMarkdown', () => {
  const cases: { name: string; source: string; offset?: number; contains: string[]; lacks: string[] }[] = [
    { name: 'emphasis and lists', source: 'Some *modules*:\n\n- one\n- two', contains: ['<em>modules</em>', '<li>one</li>'], lacks: [] },
    { name: 'raw script removed', source: 'Hi <script>alert(1)</script> there', contains: ['Hi'], lacks: ['<script', 'alert(1)'] },
    { name: 'event handler removed', source: '<img src="x" onerror="alert(1)">', contains: ['<img'], lacks: ['onerror'] },
    { name: 'javascript link neutralised', source: '[click](javascript:alert(1))', contains: ['click'], lacks: ['javascript:'] },
    { name: 'code block can be scrolled from the keyboard', source: '```\nprint(1)\n```', contains: ['<pre tabindex="0">'], lacks: [] },
    { name: 'external link gets rel', source: '[ESCO](https://esco.ec.europa.eu)', contains: ['rel="noopener noreferrer"'], lacks: [] },
    {
      name: 'forms and their controls removed',
      source: '<form action="https://evil.example"><input name="password" type="password"><button>Sign in</button><textarea></textarea><select><option>a</option></select></form>',
      contains: [],
      lacks: ['<form', '<input', '<button', '<textarea', '<select', 'evil.example'],
    },
    { name: 'inline styles removed', source: '<p style="position:fixed;inset:0">cover</p>', contains: ['cover'], lacks: ['style='] },
    { name: 'image from the platform kept', source: '![Diagram](/assets/diagram.png)', contains: ['<img', 'src="/assets/diagram.png"'], lacks: [] },
    { name: 'image from another site replaced by its alt text', source: 'See ![a tracking pixel](https://tracker.example/p.gif)', contains: ['a tracking pixel'], lacks: ['<img', 'tracker.example'] },
    { name: 'headings shifted below the page heading', source: '# Title\n\n## Part', offset: 1, contains: ['<h2', '<h3'], lacks: ['<h1'] },
  ];
  it.each(cases)('$name', ({ source, offset, contains, lacks }) => {
    const html = renderMarkdown(source, offset);
    for (const s of contains) {
      expect(html).toContain(s);
    }
    for (const s of lacks) {
      expect(html).not.toContain(s);
    }
  });
});
