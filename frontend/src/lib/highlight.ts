/** A run of text, marked when the search engine matched it. */
export interface HighlightPart {
  text: string;
  marked: boolean;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => ENTITIES[e] ?? e);
}

/**
 * Splits highlight HTML whose only tags are <mark> and </mark> into plain text
 * parts, so it can be rendered as text nodes rather than as HTML.
 */
export function splitHighlight(html: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  html.split(/(<mark>[\s\S]*?<\/mark>)/).forEach((chunk) => {
    const marked = chunk.startsWith('<mark>') && chunk.endsWith('</mark>');
    const text = decodeEntities((marked ? chunk.slice(6, -7) : chunk).replace(/<\/?mark>/g, ''));
    if (text) {
      parts.push({ text, marked });
    }
  });
  return parts;
}
