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

/**
 * Lessons are read, not filled in: forms and their controls could pass for the platform's own
 * (a fake sign-in box), so they go, with inline styles that could dress them up.
 */
const FORBID_TAGS = ['form', 'input', 'button', 'select', 'option', 'textarea', 'style'];
const FORBID_ATTR = ['style'];

/** An image from the platform itself or embedded as data; anything else would tell another site who reads. */
function ownImage(src: string): boolean {
  return /^data:image\//i.test(src) || (!/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith('//'));
}

// Links to other sites get rel="noopener noreferrer". Code blocks scroll sideways on small
// screens, so they take keyboard focus: arrow keys can then scroll them. Images from other
// sites are replaced by their alt text (the Content-Security-Policy would block them anyway).
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'IMG' && !ownImage(node.getAttribute('src') ?? '')) {
    node.replaceWith(node.ownerDocument.createTextNode(node.getAttribute('alt') ?? ''));
    return;
  }
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
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS, FORBID_ATTR });
}

/** Markdown from the catalogue or a lesson, rendered as sanitised HTML. */
export function Markdown({ source, headingOffset = 0, className = 'prose' }: { source: string; headingOffset?: number; className?: string }) {
  const html = useMemo(() => renderMarkdown(source, headingOffset), [source, headingOffset]);
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
