import type {
  AuthoredAssessment,
  AuthoredGap,
  AuthoredQuestion,
  AuthoredType,
  QuestionGroup,
  RubricCriterion,
  Tree,
  TreeItem,
} from '../api/console';
import type { PublicQuestion } from '../api/types';
import { clozeParts } from '../assessment/answers';
import { freeID } from './options';
import { moveTo } from './tree';

/** The nine question types, in the order the editor offers them. */
export const QUESTION_TYPES: readonly AuthoredType[] = [
  'single_choice',
  'multiple_response',
  'true_false',
  'numeric',
  'short_answer',
  'matching',
  'ordering',
  'cloze',
  'essay',
];

/** A new question of a type, with what that type needs to start from. */
export function newQuestion(type: AuthoredType, questions: readonly AuthoredQuestion[]): AuthoredQuestion {
  const base: AuthoredQuestion = {
    id: freeID(
      'q',
      questions.map((q) => q.id),
    ),
    type,
    prompt: '',
    points: 1,
  };
  switch (type) {
    case 'single_choice':
    case 'multiple_response':
      return {
        ...base,
        options: [
          { id: 'a', text: '', correct: true },
          { id: 'b', text: '', correct: false },
        ],
      };
    case 'true_false':
      return { ...base, correct: true };
    case 'short_answer':
      return { ...base, answers: [] };
    case 'numeric':
      return { ...base, tolerance_mode: 'absolute' };
    case 'matching':
      return {
        ...base,
        pairs: [
          { id: 'p1', left: '', right: '' },
          { id: 'p2', left: '', right: '' },
        ],
      };
    case 'ordering':
      return {
        ...base,
        items: [
          { id: 'i1', text: '' },
          { id: 'i2', text: '' },
        ],
      };
    case 'cloze':
      return { ...base, text: '', gaps: [] };
    case 'essay':
      return { id: base.id, type, prompt: '', rubric: [{ criterion: '', points: 1 }] };
  }
}

/** The points a question is worth: an essay with a rubric is worth the rubric's total. */
export function questionPoints(q: AuthoredQuestion): number {
  if (q.type === 'essay' && q.rubric?.length) {
    return q.rubric.reduce((sum, c) => sum + c.points, 0);
  }
  return q.points || 1;
}

/** Sets a key only when the value says something, so the API sees no empty field of another use. */
function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined | null | '' | false): void {
  if (value === undefined || value === null || value === '' || value === false || (Array.isArray(value) && value.length === 0)) {
    return;
  }
  target[key] = value as T[K];
}

function apiGap(g: AuthoredGap): AuthoredGap {
  return g.options !== undefined ? { id: g.id, options: g.options, answer: g.answer ?? '' } : { id: g.id, answers: g.answers ?? [] };
}

function apiCriterion(c: RubricCriterion): RubricCriterion {
  const out: RubricCriterion = { criterion: c.criterion, points: c.points };
  put(out, 'levels', c.levels);
  return out;
}

/**
 * A question as the API takes it: the fields of its type and nothing else (the
 * API refuses a field another type uses), without empty optional ones.
 */
export function apiQuestion(q: AuthoredQuestion): AuthoredQuestion {
  const out: AuthoredQuestion = { id: q.id, type: q.type, prompt: q.prompt };
  // An essay marked with a rubric is worth the rubric's total: its points are left out.
  if (!(q.type === 'essay' && q.rubric?.length)) {
    put(out, 'points', q.points);
  }
  put(out, 'explanation', q.explanation);
  put(out, 'group', q.group);
  switch (q.type) {
    case 'single_choice':
    case 'multiple_response':
      out.options = (q.options ?? []).map((o) => {
        const option = { id: o.id, text: o.text, correct: Boolean(o.correct) };
        return o.feedback ? { ...option, feedback: o.feedback } : option;
      });
      if (q.type === 'multiple_response') {
        put(out, 'penalty', q.penalty);
      }
      break;
    case 'true_false':
      if (q.correct !== undefined) {
        out.correct = q.correct;
      }
      break;
    case 'numeric':
      if (q.answer !== undefined) {
        out.answer = q.answer;
      }
      put(out, 'tolerance', q.tolerance);
      put(out, 'tolerance_mode', q.tolerance_mode);
      put(out, 'units', q.units);
      put(out, 'unit_required', q.unit_required);
      break;
    case 'short_answer':
      out.answers = q.answers ?? [];
      put(out, 'pattern', q.pattern);
      put(out, 'case_sensitive', q.case_sensitive);
      break;
    case 'matching':
      out.pairs = (q.pairs ?? []).map((p) => ({ id: p.id, left: p.left, right: p.right }));
      put(out, 'distractors', q.distractors);
      break;
    case 'ordering':
      out.items = (q.items ?? []).map((it) => ({ id: it.id, text: it.text }));
      put(out, 'partial', q.partial);
      break;
    case 'cloze':
      out.text = q.text ?? '';
      out.gaps = (q.gaps ?? []).map(apiGap);
      break;
    case 'essay':
      put(out, 'rubric', q.rubric?.map(apiCriterion));
      put(out, 'min_words', q.min_words);
      put(out, 'max_words', q.max_words);
      break;
  }
  return out;
}

/** An assessment as the API takes it: its questions in their API shape, groups without empty stems. */
export function apiAssessment(a: AuthoredAssessment): AuthoredAssessment {
  const out: AuthoredAssessment = { ...a, questions: a.questions.map(apiQuestion) };
  if (a.groups?.length) {
    out.groups = a.groups.map((g) => (g.stem ? { id: g.id, stem: g.stem } : { id: g.id }));
  } else {
    delete out.groups;
  }
  return out;
}

/** A course's structure as PUT /courses/:slug/tree takes it. */
export function apiTree(tree: Tree): Tree {
  return {
    modules: tree.modules.map((m) => ({
      ...m,
      items: m.items.map((it): TreeItem => (it.assessment ? { ...it, assessment: apiAssessment(it.assessment) } : it)),
    })),
  };
}

/** One problem the editor finds before the API would: a path as the API names it and a message key with its values. */
export interface Check {
  field: string;
  key: string;
  values?: Record<string, string | number>;
}

/** Collects checks under a path. */
class Checks {
  list: Check[] = [];
  add(field: string, key: string, values?: Record<string, string | number>) {
    this.list.push(values ? { field, key, values } : { field, key });
  }
  blank(field: string, value: string | undefined) {
    if (!value?.trim()) {
      this.add(field, 'required');
    }
  }
  /** Reports the second and later entries that repeat an earlier one's value. */
  unique(values: readonly string[], field: (i: number) => string) {
    const seen = new Map<string, number>();
    values.forEach((v, i) => {
      const first = seen.get(v);
      if (v && first !== undefined) {
        this.add(field(i), 'duplicate', { n: first + 1 });
      } else {
        seen.set(v, i);
      }
    });
  }
}

function checkQuestion(c: Checks, at: string, q: AuthoredQuestion) {
  c.blank(`${at}.prompt`, q.prompt);
  if (q.points !== undefined && q.points < 0) {
    c.add(`${at}.points`, 'notNegative');
  }
  switch (q.type) {
    case 'single_choice':
    case 'multiple_response': {
      const options = q.options ?? [];
      if (options.length < 2) {
        c.add(`${at}.options`, 'twoOptions');
      }
      options.forEach((o, i) => c.blank(`${at}.options[${i}].text`, o.text));
      const correct = options.filter((o) => o.correct).length;
      if (q.type === 'single_choice' && correct !== 1) {
        c.add(`${at}.options`, 'oneCorrect');
      }
      if (q.type === 'multiple_response' && correct === 0) {
        c.add(`${at}.options`, 'someCorrect');
      }
      if (q.penalty !== undefined && !(q.penalty >= 0 && q.penalty <= 1)) {
        c.add(`${at}.penalty`, 'penaltyRange');
      }
      break;
    }
    case 'true_false':
      if (q.correct === undefined) {
        c.add(`${at}.correct`, 'required');
      }
      break;
    case 'numeric':
      if (q.answer === undefined) {
        c.add(`${at}.answer`, 'required');
      }
      if (q.tolerance !== undefined && q.tolerance < 0) {
        c.add(`${at}.tolerance`, 'notNegative');
      }
      (q.units ?? []).forEach((u, i) => {
        c.blank(`${at}.units[${i}].unit`, u.unit);
        if (!(u.multiplier > 0)) {
          c.add(`${at}.units[${i}].multiplier`, 'positive');
        }
      });
      c.unique(
        (q.units ?? []).map((u) => u.unit.trim()),
        (i) => `${at}.units[${i}].unit`,
      );
      if (q.unit_required && !q.units?.length) {
        c.add(`${at}.unit_required`, 'unitsNeeded');
      }
      break;
    case 'short_answer':
      if (!q.answers?.length && !q.pattern) {
        c.add(`${at}.answers`, 'answerOrPattern');
      }
      break;
    case 'matching': {
      const pairs = q.pairs ?? [];
      if (pairs.length < 2) {
        c.add(`${at}.pairs`, 'twoPairs');
      }
      pairs.forEach((p, i) => {
        c.blank(`${at}.pairs[${i}].left`, p.left);
        c.blank(`${at}.pairs[${i}].right`, p.right);
      });
      // A learner could not tell two equal right-hand texts apart.
      c.unique(
        [...pairs.map((p) => p.right), ...(q.distractors ?? [])],
        (i) => (i < pairs.length ? `${at}.pairs[${i}].right` : `${at}.distractors`),
      );
      break;
    }
    case 'ordering': {
      const items = q.items ?? [];
      if (items.length < 2) {
        c.add(`${at}.items`, 'twoItems');
      }
      items.forEach((it, i) => c.blank(`${at}.items[${i}].text`, it.text));
      break;
    }
    case 'cloze':
      checkCloze(c, at, q);
      break;
    case 'essay':
      checkEssay(c, at, q);
      break;
  }
}

function checkCloze(c: Checks, at: string, q: AuthoredQuestion) {
  const gaps = q.gaps ?? [];
  c.blank(`${at}.text`, q.text);
  if (gaps.length === 0) {
    c.add(`${at}.gaps`, 'oneGap');
  }
  const inText = gapMarkers(q.text ?? '');
  const defined = new Set(gaps.map((g) => g.id));
  const seen = new Set<string>();
  for (const id of inText) {
    if (seen.has(id)) {
      c.add(`${at}.text`, 'gapRepeated', { gap: id });
    } else if (!defined.has(id)) {
      c.add(`${at}.text`, 'gapUndefined', { gap: id });
    }
    seen.add(id);
  }
  gaps.forEach((g, i) => {
    const gat = `${at}.gaps[${i}]`;
    if (!seen.has(g.id)) {
      c.add(gat, 'gapNotInText', { marker: `{{${g.id}}}` });
    }
    if (g.options === undefined) {
      if (!g.answers?.length) {
        c.add(`${gat}.answers`, 'gapAnswers');
      }
      return;
    }
    if (g.options.length < 2) {
      c.add(`${gat}.options`, 'twoOptions');
    }
    c.unique(g.options, () => `${gat}.options`);
    if (!g.answer || !g.options.includes(g.answer)) {
      c.add(`${gat}.answer`, 'gapAnswer');
    }
  });
}

function checkEssay(c: Checks, at: string, q: AuthoredQuestion) {
  (q.rubric ?? []).forEach((criterion, i) => {
    const cat = `${at}.rubric[${i}]`;
    c.blank(`${cat}.criterion`, criterion.criterion);
    if (!(criterion.points > 0)) {
      c.add(`${cat}.points`, 'positive');
    }
    const levels = criterion.levels ?? [];
    levels.forEach((l, k) => {
      c.blank(`${cat}.levels[${k}].description`, l.description);
      if (!(l.points >= 0 && l.points <= criterion.points)) {
        c.add(`${cat}.levels[${k}].points`, 'levelRange', { max: criterion.points });
      }
    });
    c.unique(
      levels.map((l) => String(l.points)),
      (k) => `${cat}.levels[${k}].points`,
    );
  });
  if (q.min_words !== undefined && q.min_words < 0) {
    c.add(`${at}.min_words`, 'notNegative');
  }
  if (q.max_words !== undefined && q.max_words < 0) {
    c.add(`${at}.max_words`, 'notNegative');
  }
  if (q.max_words && q.min_words && q.min_words > q.max_words) {
    c.add(`${at}.min_words`, 'minAboveMax');
  }
}

function checkGroups(c: Checks, at: string, a: AuthoredAssessment) {
  const groups = a.groups ?? [];
  const last = new Map<string, number>();
  a.questions.forEach((q, i) => {
    if (!q.group) {
      return;
    }
    const before = last.get(q.group);
    if (before !== undefined && before !== i - 1) {
      c.add(`${at}.questions[${i}].group`, 'groupSplit', { n: before + 1 });
    }
    last.set(q.group, i);
  });
  groups.forEach((g, i) => {
    if (!last.has(g.id)) {
      c.add(`${at}.groups[${i}].id`, 'groupEmpty');
    }
  });
}

/** What keeps an assessment from being saved, as far as the editor can tell; paths start with at. */
export function checkAssessment(at: string, a: AuthoredAssessment): Check[] {
  const c = new Checks();
  if (!(a.pass_mark >= 0 && a.pass_mark <= 100)) {
    c.add(`${at}.pass_mark`, 'passMark');
  }
  if (a.questions.length === 0) {
    c.add(`${at}.questions`, 'oneQuestion');
  }
  a.questions.forEach((q, i) => checkQuestion(c, `${at}.questions[${i}]`, q));
  checkGroups(c, at, a);
  return c.list;
}

/** What keeps a course's structure from being saved as a draft, as far as the editor can tell. */
export function checkTree(tree: Tree): Check[] {
  const c = new Checks();
  tree.modules.forEach((m, i) => {
    const at = `modules[${i}]`;
    c.blank(`${at}.title`, m.title);
    m.items.forEach((it, k) => {
      const iat = `${at}.items[${k}]`;
      c.blank(`${iat}.title`, it.title);
      if (it.kind === 'lesson' && !it.body?.trim()) {
        c.add(`${iat}.body`, 'lessonBody');
      }
      if (it.assessment) {
        c.list.push(...checkAssessment(`${iat}.assessment`, it.assessment));
      }
    });
  });
  return c.list;
}

/** The gap ids a cloze text marks, in order, repeats included. */
export function gapMarkers(text: string): string[] {
  return clozeParts(text).flatMap((p) => (p.kind === 'gap' ? [p.id] : []));
}

/** A cloze question with a new free-text gap, its marker inserted into the text at position. */
export function insertGap(q: AuthoredQuestion, position: number): AuthoredQuestion {
  const gaps = q.gaps ?? [];
  const text = q.text ?? '';
  const id = freeID('g', [...gaps.map((g) => g.id), ...gapMarkers(text)]);
  const at = Math.max(0, Math.min(position, text.length));
  return { ...q, text: `${text.slice(0, at)}{{${id}}}${text.slice(at)}`, gaps: [...gaps, { id, answers: [] }] };
}

/** A cloze question whose gaps follow its text: a marker typed for a new id gets a free-text gap. */
export function withTextGaps(q: AuthoredQuestion, text: string): AuthoredQuestion {
  const gaps = q.gaps ?? [];
  const known = new Set(gaps.map((g) => g.id));
  const added = [...new Set(gapMarkers(text))].filter((id) => /^[a-z0-9-]+$/.test(id) && !known.has(id));
  return { ...q, text, gaps: [...gaps, ...added.map((id) => ({ id, answers: [] }))] };
}

/** A cloze question without the gap at index, its marker taken out of the text. */
export function removeGap(q: AuthoredQuestion, index: number): AuthoredQuestion {
  const gaps = q.gaps ?? [];
  const id = gaps[index]?.id;
  const text = (q.text ?? '').replace(new RegExp(`\\{\\{\\s*${id}\\s*\\}\\}`, 'g'), '');
  return { ...q, text, gaps: gaps.filter((_, i) => i !== index) };
}

/** A new group's id. */
export function newGroup(groups: readonly QuestionGroup[]): QuestionGroup {
  return {
    id: freeID(
      'group-',
      groups.map((g) => g.id),
    ),
    stem: '',
  };
}

/**
 * The questions with the one at index put in group (none when empty); a question
 * joining a group moves to just after the group's last question, since a group's
 * questions follow one another.
 */
export function setGroup(questions: readonly AuthoredQuestion[], index: number, group: string): AuthoredQuestion[] {
  const q = questions[index];
  if (!q) {
    return [...questions];
  }
  const next = questions.map((other, i) => (i === index ? { ...other, group: group || undefined } : other));
  if (!group) {
    return next;
  }
  let last = -1;
  next.forEach((other, i) => {
    if (i !== index && other.group === group) {
      last = i;
    }
  });
  if (last < 0) {
    return next;
  }
  return moveTo(next, index, last < index ? last + 1 : last);
}

/** The assessment without the group at index; its questions stay, in no group. */
export function removeGroup(a: AuthoredAssessment, index: number): AuthoredAssessment {
  const id = a.groups?.[index]?.id;
  return {
    ...a,
    groups: (a.groups ?? []).filter((_, i) => i !== index),
    questions: a.questions.map((q) => (q.group === id ? { ...q, group: undefined } : q)),
  };
}

/** A deterministic shuffle of 0..n-1 from a text, never the identity when n > 1, as a learner would not get the answer's order. */
function shuffled(n: number, seed: string): number[] {
  let h = 2166136261;
  for (const ch of seed) {
    h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    const j = h % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  if (n > 1 && order.every((v, i) => v === i)) {
    order.push(order.shift()!);
  }
  return order;
}

/**
 * A question as a learner is served it (the API's public view): no answers,
 * matching rights and ordering items shuffled under opaque ids.
 */
export function publicQuestion(q: AuthoredQuestion, stem?: string): PublicQuestion {
  const pq: PublicQuestion = { id: q.id, type: q.type, prompt: q.prompt, points: questionPoints(q) };
  if (q.group) {
    pq.group = q.group;
  }
  if (stem) {
    pq.stem = stem;
  }
  switch (q.type) {
    case 'single_choice':
    case 'multiple_response':
      pq.options = (q.options ?? []).map((o) => ({ id: o.id, text: o.text }));
      break;
    case 'numeric':
      pq.units = (q.units ?? []).map((u) => u.unit);
      pq.unit_required = q.unit_required;
      break;
    case 'matching': {
      const rights = [...(q.pairs ?? []).map((p) => p.right), ...(q.distractors ?? [])];
      pq.lefts = (q.pairs ?? []).map((p) => ({ id: p.id, text: p.left }));
      pq.rights = shuffled(rights.length, `${q.id}:rights`).map((i, pos) => ({ id: `r${pos + 1}`, text: rights[i] ?? '' }));
      break;
    }
    case 'ordering': {
      const items = q.items ?? [];
      pq.items = shuffled(items.length, `${q.id}:items`).map((i, pos) => ({ id: `o${pos + 1}`, text: items[i]?.text ?? '' }));
      break;
    }
    case 'cloze':
      pq.text = q.text ?? '';
      pq.gaps = (q.gaps ?? []).map((g) => (g.options ? { id: g.id, options: g.options } : { id: g.id }));
      break;
    case 'essay':
      pq.rubric = q.rubric;
      pq.min_words = q.min_words;
      pq.max_words = q.max_words;
      break;
  }
  return pq;
}
