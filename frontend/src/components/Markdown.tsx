import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { useMemo } from 'react';

/** Parsers by heading offset, so a document's "#" can sit below the page's own headings. */
const parsers = new Map<number, Marked>();

function parser(headingOffset: number): Marked {
  let m = parsers.get(headingOffset);
  if (!m) {
    m = new Marked({
      gfm: true,
      async: false,
      walkTokens(token) {
        if (token.type === 'heading') {
          token.depth = Math.min(6, token.depth + headingOffset);
        }
      },
    });
    parsers.set(headingOffset, m);
  }
  return m;
}

// Links to other sites get rel="noopener noreferrer". Code blocks scroll sideways on small
// screens, so they take keyboard focus: arrow keys can then scroll them.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && /^https?:/i.test(node.getAttribute('href') ?? '')) {
    node.setAttribute('rel', 'noopener noreferrer');
  }
  if (node.tagName === 'PRE') {
    node.setAttribute('tabindex', '0');
  }
});

/** Turns Markdown into HTML that is safe to insert: no scripts, event handlers or javascript: links. */
export function renderMarkdown(source: string, headingOffset = 0): string {
  const html = parser(headingOffset).parse(source, { async: false });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}

/** Markdown from the catalogue or a lesson, rendered as sanitised HTML. */
export function Markdown({ source, headingOffset = 0, className = 'prose' }: { source: string; headingOffset?: number; className?: string }) {
  const html = useMemo(() => renderMarkdown(source, headingOffset), [source, headingOffset]);
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
