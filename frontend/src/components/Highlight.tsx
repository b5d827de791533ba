import { Fragment } from 'react';
import { splitHighlight } from '../lib/highlight';

/** Renders search highlight HTML (only <mark> tags) as text with <mark> elements, never as raw HTML. */
export function Highlight({ html }: { html: string }) {
  return (
    <>
      {splitHighlight(html).map((part, i) => (part.marked ? <mark key={i}>{part.text}</mark> : <Fragment key={i}>{part.text}</Fragment>))}
    </>
  );
}
