import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useErrorMessage } from '../components/ErrorNotice';
import { NO_PROBLEMS, problemsFrom, type Problems } from './problems';

/** What a saved or published item's page tells of what just happened. */
export interface DraftOutcome {
  saved?: boolean;
  published?: boolean;
  publishedVersion?: number;
}

/** How an item (a course's details, a programme) is created, updated and published. */
export interface DraftActions<T> {
  /** The console path of the items, e.g. /console/courses. */
  base: string;
  create(form: T): Promise<{ slug: string }>;
  update(slug: string, fields: Partial<T>): Promise<{ slug: string }>;
  /** Publishes the saved item and says what to show. */
  publish(slug: string): Promise<DraftOutcome>;
  /** The fields set at creation only, left out of updates (the API refuses a change). */
  fixed?: (keyof T)[];
}

/**
 * The editing of an item's draft: its form, the problems the API found, and
 * saving (creating it first, or following a changed slug) and publishing.
 */
export function useDraftEditor<T extends object>(
  initial: T & { slug: string },
  creating: boolean,
  actions: DraftActions<T>,
  onPublished?: () => void,
) {
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const location = useLocation();
  const [form, setForm] = useState<T>(initial);
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<DraftOutcome>((location.state as DraftOutcome | null) ?? {});

  const open = (slug: string) => navigate(`${actions.base}/${encodeURIComponent(slug)}`, { replace: true, state: { saved: true } });
  const save = async (): Promise<string | null> => {
    setProblems(NO_PROBLEMS);
    setOutcome({});
    try {
      if (creating) {
        const created = await actions.create(form);
        void open(created.slug);
        return created.slug;
      }
      const fields: Partial<T> = { ...form };
      for (const key of actions.fixed ?? []) {
        delete fields[key];
      }
      const saved = await actions.update(initial.slug, fields);
      if (saved.slug !== initial.slug) {
        void open(saved.slug);
      }
      return saved.slug;
    } catch (err) {
      setProblems(problemsFrom(err, errorMessage));
      return null;
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    if ((await save()) && !creating) {
      setOutcome({ saved: true });
    }
    setBusy(false);
  };

  const publish = async () => {
    setBusy(true);
    const saved = await save();
    if (saved) {
      try {
        setOutcome(await actions.publish(saved));
        onPublished?.();
      } catch (err) {
        setProblems(problemsFrom(err, errorMessage));
      }
    }
    setBusy(false);
  };

  return { form, setForm, problems, busy, outcome, submit, publish };
}
