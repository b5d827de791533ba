import type { AnswerBody, PublicQuestion } from '../api/types';

/** Whether an answer says anything yet: the API treats an empty one as "not answered". */
export function isAnswered(question: PublicQuestion, answer: AnswerBody | null | undefined): boolean {
  if (!answer) {
    return false;
  }
  switch (question.type) {
    case 'single_choice':
      return Boolean(answer.choice);
    case 'multiple_response':
      return (answer.choices?.length ?? 0) > 0;
    case 'true_false':
      return typeof answer.value === 'boolean';
    case 'numeric':
      return Boolean(answer.number?.trim());
    case 'short_answer':
    case 'essay':
      return Boolean(answer.text?.trim());
    case 'matching':
      return Object.values(answer.matches ?? {}).some(Boolean);
    case 'ordering':
      return (answer.order?.length ?? 0) > 0;
    case 'cloze':
      return Object.values(answer.gaps ?? {}).some((v) => v.trim());
    default:
      return false;
  }
}

/** A piece of cloze text: words, or the gap a learner fills. */
export type ClozePart = { kind: 'text'; text: string } | { kind: 'gap'; id: string };

/** Splits cloze text at its {{gap-id}} markers. */
export function clozeParts(text: string): ClozePart[] {
  const parts: ClozePart[] = [];
  let last = 0;
  for (const match of text.matchAll(/\{\{\s*([\w-]+)\s*\}\}/g)) {
    if (match.index > last) {
      parts.push({ kind: 'text', text: text.slice(last, match.index) });
    }
    parts.push({ kind: 'gap', id: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < text.length) {
    parts.push({ kind: 'text', text: text.slice(last) });
  }
  return parts;
}

/** Counts words as a reader would: runs of letters or digits separated by spaces or punctuation. */
export function wordCount(text: string): number {
  return text.trim() ? text.trim().split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length : 0;
}

/** Moves the entry at index by delta places, returning a new array; out-of-range moves change nothing. */
export function move<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) {
    return [...list];
  }
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item!);
  return next;
}

/** Seconds left until deadline, never below zero. */
export function secondsLeft(deadline: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(deadline) - now) / 1000));
}

/** A countdown as m:ss, or h:mm:ss past an hour. */
export function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
