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
