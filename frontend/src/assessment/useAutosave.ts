import { useEffect, useState } from 'react';
import { saveAnswer } from '../api/endpoints';
import type { AnswerBody, AnswerSaved } from '../api/types';

/** How long typing must pause before an answer is saved. */
export const TYPING_PAUSE_MS = 800;

/** Where one question's answer is on its way to the server. */
export interface SaveState {
  status: 'idle' | 'pending' | 'saving' | 'saved' | 'error';
  savedAt?: string;
  error?: unknown;
}

interface Slot {
  timer?: ReturnType<typeof setTimeout>;
  /** The answer still to send, if any. */
  queued?: AnswerBody;
  /** The save in flight; saves of one question never overlap, so the last answer always wins. */
  running?: Promise<void>;
}

/**
 * Sends answers to the server one question at a time: a click at once, typing after a
 * pause, a newer answer after the one in flight. flush() sends whatever is pending.
 */
export class AnswerQueue {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly send: (questionId: string, answer: AnswerBody) => Promise<AnswerSaved>,
    private readonly report: (questionId: string, state: Partial<SaveState>) => void,
    private readonly pauseMs = TYPING_PAUSE_MS,
  ) {}

  /** Queues an answer; settle says whether to send it now or once typing pauses. */
  save = (questionId: string, answer: AnswerBody, settle: 'now' | 'typing'): void => {
    const slot = this.slot(questionId);
    clearTimeout(slot.timer);
    slot.queued = answer;
    this.report(questionId, { status: 'pending' });
    const go = () => void this.drain(questionId).catch(() => undefined);
    if (settle === 'now') {
      go();
    } else {
      slot.timer = setTimeout(go, this.pauseMs);
    }
  };

  /** Sends every pending answer now; rejects if one of them cannot be saved. */
  flush = async (): Promise<void> => {
    await Promise.all(
      [...this.slots.entries()].map(([questionId, slot]) => {
        clearTimeout(slot.timer);
        return this.drain(questionId);
      }),
    );
  };

  /**
   * Drops the answer still to send for a question and waits for the save in flight: the answer
   * is about to be sent another way (checked), and a later save would be refused.
   */
  discard = async (questionId: string): Promise<void> => {
    const slot = this.slot(questionId);
    clearTimeout(slot.timer);
    slot.queued = undefined;
    while (slot.running) {
      await slot.running;
    }
    this.report(questionId, { status: 'idle', error: undefined });
  };

  /** Stops pending timers; answers not yet sent stay unsent. */
  dispose(): void {
    this.slots.forEach((slot) => clearTimeout(slot.timer));
  }

  private slot(questionId: string): Slot {
    let slot = this.slots.get(questionId);
    if (!slot) {
      slot = {};
      this.slots.set(questionId, slot);
    }
    return slot;
  }

  /** Sends the queued answer once the previous save of the question is done, until none is left. */
  private async drain(questionId: string): Promise<void> {
    const slot = this.slot(questionId);
    while (slot.running) {
      await slot.running;
    }
    const answer = slot.queued;
    if (!answer) {
      return;
    }
    slot.queued = undefined;
    this.report(questionId, { status: 'saving' });
    const running = this.send(questionId, answer).then(
      (saved) => {
        if (!slot.queued) {
          this.report(questionId, { status: 'saved', savedAt: saved.saved_at, error: undefined });
        }
      },
      (error: unknown) => {
        slot.queued ??= answer;
        this.report(questionId, { status: 'error', error });
        throw error;
      },
    );
    slot.running = running.then(
      () => undefined,
      () => undefined,
    );
    try {
      await running;
    } finally {
      slot.running = undefined;
    }
    if (slot.queued) {
      await this.drain(questionId);
    }
  }
}

/** Autosaves the answers of one attempt and tracks how each save went. */
export function useAutosave(attemptId: string) {
  const [states, setStates] = useState<Record<string, SaveState>>({});
  const [queue] = useState(
    () =>
      new AnswerQueue(
        (questionId, answer) => saveAnswer(attemptId, questionId, answer),
        (questionId, patch) => setStates((prev) => ({ ...prev, [questionId]: { ...(prev[questionId] ?? { status: 'idle' }), ...patch } })),
      ),
  );
  useEffect(() => () => queue.dispose(), [queue]);
  return { states, save: queue.save, flush: queue.flush, discard: queue.discard };
}
