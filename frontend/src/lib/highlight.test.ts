import { describe, expect, it } from 'vitest';
import { splitHighlight } from './highlight';
import { safeNext } from './safeNext';

describe('splitHighlight', () => {
  const cases: { name: string; html: string; want: { text: string; marked: boolean }[] }[] = [
    { name: 'plain text', html: 'Intro to AI', want: [{ text: 'Intro to AI', marked: false }] },
    {
      name: 'one mark in the middle',
      html: 'Intro to <mark>machine</mark> learning',
      want: [
        { text: 'Intro to ', marked: false },
        { text: 'machine', marked: true },
        { text: ' learning', marked: false },
      ],
    },
    {
      name: 'adjacent marks',
      html: '<mark>Deep</mark><mark>Learning</mark>',
      want: [
        { text: 'Deep', marked: true },
        { text: 'Learning', marked: true },
      ],
    },
    {
      name: 'other markup stays text',
      html: '<img src=x onerror=alert(1)> <mark>AI</mark>',
      want: [
        { text: '<img src=x onerror=alert(1)> ', marked: false },
        { text: 'AI', marked: true },
      ],
    },
    {
      name: 'escaped entities are decoded once',
      html: 'R&amp;D &lt;b&gt; <mark>AT&amp;T</mark>',
      want: [
        { text: 'R&D <b> ', marked: false },
        { text: 'AT&T', marked: true },
      ],
    },
    { name: 'stray closing tag dropped', html: 'AI</mark> basics', want: [{ text: 'AI basics', marked: false }] },
  ];
  it.each(cases)('$name', ({ html, want }) => {
    expect(splitHighlight(html)).toEqual(want);
  });
});

describe('safeNext', () => {
  const cases: { name: string; next: string | null; want: string }[] = [
    { name: 'missing', next: null, want: '/account' },
    { name: 'local path', next: '/courses/ai?x=1', want: '/courses/ai?x=1' },
    { name: 'other site', next: 'https://evil.example', want: '/account' },
    { name: 'protocol-relative', next: '//evil.example', want: '/account' },
    { name: 'backslash trick', next: '/\\evil.example', want: '/account' },
  ];
  it.each(cases)('$name', ({ next, want }) => {
    expect(safeNext(next, '/account')).toBe(want);
  });
});
