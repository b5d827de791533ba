/**
 * Returns next when it is a path on this site, fallback otherwise, so a crafted
 * ?next= link cannot send someone to another site after signing in.
 */
export function safeNext(next: string | null, fallback: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return fallback;
  }
  return next;
}
