import { ApiError } from '../api/client';

/** What a failed save or publish said: messages by field path, and one for the whole form. */
export interface Problems {
  /** Field path as the API names it ("title", "modules[0].items[1].body") → its messages. */
  fields: Record<string, string[]>;
  message?: string;
}

/** No problems: what a form starts with. */
export const NO_PROBLEMS: Problems = { fields: {} };

/** The API words field errors as fragments ("is required"); people read sentences. */
function sentence(fragment: string): string {
  return fragment.charAt(0).toUpperCase() + fragment.slice(1);
}

/**
 * Groups a failed request's field errors by path (its detail then only says that
 * fields are invalid). A request that failed for another reason gives only a
 * message, worded by general.
 */
export function problemsFrom(error: unknown, general: (error: unknown) => string): Problems {
  const found = error instanceof ApiError ? fieldErrors(error) : [];
  if (found.length === 0) {
    return { fields: {}, message: general(error) };
  }
  const fields: Record<string, string[]> = {};
  for (const e of found) {
    (fields[e.field] ??= []).push(sentence(e.message));
  }
  return { fields };
}

/**
 * A problem's field errors: its errors, or else its problems that name a field in
 * column (the shape some routes share with the checks of uploaded files).
 */
function fieldErrors(error: ApiError): { field: string; message: string }[] {
  if (error.errors?.length) {
    return error.errors;
  }
  const listed = Array.isArray(error.problem.problems) ? (error.problem.problems as unknown[]) : [];
  return listed.flatMap((p) => {
    const { column, message } = (p ?? {}) as { column?: unknown; message?: unknown };
    return typeof column === 'string' && column && typeof message === 'string' ? [{ field: column, message }] : [];
  });
}

/** Whether there is anything to show. */
export function hasProblems(p: Problems): boolean {
  return Boolean(p.message) || Object.keys(p.fields).length > 0;
}

/** The field a path belongs to in a flat form: "skills[0].skill" → "skills", "institution.country" → "institution". */
export function rootField(path: string): string {
  return path.split(/[.[]/, 1)[0] ?? path;
}

/** The messages of the field at path, and of the list entries it holds when lines is set ("answers[2]"). */
export function messagesAt(p: Problems, path: string, { lines = false } = {}): string | undefined {
  const found = Object.entries(p.fields)
    .filter(([field]) => field === path || (lines && field.startsWith(`${path}[`)))
    .flatMap(([, messages]) => messages);
  return found.length ? found.join(' ') : undefined;
}

/** The messages of the field at path and of everything under it: its list entries and its members ("pay.min"). */
export function messagesUnder(p: Problems, path: string): string | undefined {
  const found = Object.entries(p.fields)
    .filter(([field]) => field === path || field.startsWith(`${path}[`) || field.startsWith(`${path}.`))
    .flatMap(([, messages]) => messages);
  return found.length ? found.join(' ') : undefined;
}

/** The id of the form control that edits path: "modules[0].title" → "f-modules-0-title". */
export function fieldId(path: string): string {
  return `f-${path.replace(/[[\].]+/g, '-').replace(/-$/, '')}`;
}

/** The field of a course's details form that answers a problem at path ("workload" is met by hours or ECTS). */
export function detailField(path: string): string {
  const root = rootField(path);
  return root === 'workload' ? 'workload_hours' : root;
}
