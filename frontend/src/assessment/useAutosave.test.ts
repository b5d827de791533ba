import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnswerBody, AnswerSaved } from '../api/types';
import { AnswerQueue, type SaveState } from './useAutosave';

/** A server whose saves finish only when the test says so. */
function slowServer() {
  const calls: { questionId: string; answer: AnswerBody; resolve(): void; reject(e: unknown): void }[] = [];
  const send = (questionId: string, answer: AnswerBody) =>
    new Promise<AnswerSaved>((resolve, reject) => {
      calls.push({ questionId, answer, resolve: () => resolve({ question_id: questionId, answer, saved_at: '2026-01-01T10:00:00Z' }), reject });
    });
  return { calls, send };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('AnswerQueue', () => {
  let states: Record<string, SaveState>;
  const report = (q: string, s: Partial<SaveState>) => {
    states[q] = { ...(states[q] ?? { status: 'idle' }), ...s };
  };
  beforeEach(() => {
    states = {};
  });
  afterEach(() => vi.useRealTimers());

  it('saves a click at once and typing only after a pause, sending the last text', async () => {
    vi.useFakeTimers();
    const server = slowServer();
    const queue = new AnswerQueue(server.send, report, 800);
    queue.save('q1', { choice: 'a' }, 'now');
    expect(server.calls.map((c) => c.answer)).toEqual([{ choice: 'a' }]);

    queue.save('q2', { text: 'o' }, 'typing');
    await vi.advanceTimersByTimeAsync(400);
    queue.save('q2', { text: 'ov' }, 'typing');
    await vi.advanceTimersByTimeAsync(400);
    expect(server.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(400);
    expect(server.calls.map((c) => c.answer)).toEqual([{ choice: 'a' }, { text: 'ov' }]);
    expect(states.q2!.status).toBe('saving');
  });

  it('never overlaps saves of one question and ends with the newest answer', async () => {
    const server = slowServer();
    const queue = new AnswerQueue(server.send, report);
    queue.save('q1', { choice: 'a' }, 'now');
    queue.save('q1', { choice: 'b' }, 'now');
    queue.save('q1', { choice: 'c' }, 'now');
    await tick();
    expect(server.calls).toHaveLength(1);
    server.calls[0]!.resolve();
    await tick();
    await tick();
    expect(server.calls.map((c) => c.answer)).toEqual([{ choice: 'a' }, { choice: 'c' }]);
    expect(states.q1!.status).toBe('saving');
    server.calls[1]!.resolve();
    await tick();
    expect(states.q1).toMatchObject({ status: 'saved', savedAt: '2026-01-01T10:00:00Z' });
  });

  it('keeps a failed answer for flush to send again', async () => {
    const server = slowServer();
    const queue = new AnswerQueue(server.send, report);
    queue.save('q1', { number: '200' }, 'now');
    server.calls[0]!.reject(new Error('offline'));
    await tick();
    expect(states.q1!.status).toBe('error');

    const flushed = queue.flush();
    await tick();
    expect(server.calls.map((c) => c.answer)).toEqual([{ number: '200' }, { number: '200' }]);
    server.calls[1]!.resolve();
    await expect(flushed).resolves.toBeUndefined();
    expect(states.q1!.status).toBe('saved');
  });

  it('flush sends typing that has not paused yet and rejects when a save fails', async () => {
    vi.useFakeTimers();
    const server = slowServer();
    const queue = new AnswerQueue(server.send, report, 800);
    queue.save('q1', { text: 'essay' }, 'typing');
    const flushed = queue.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.calls.map((c) => c.answer)).toEqual([{ text: 'essay' }]);
    server.calls[0]!.reject(new Error('time over'));
    await expect(flushed).rejects.toThrow('time over');
  });
});
