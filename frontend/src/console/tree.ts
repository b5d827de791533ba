import type { AuthoredAssessment, DraftCourse, Tree, TreeItem, TreeModule } from '../api/console';
import { freeID } from './options';

/** An item as authored: the fields PUT /courses/:slug/tree takes, without the syllabus summary. */
function authoredItem(it: TreeItem): TreeItem {
  const item: TreeItem = { id: it.id, kind: it.kind, title: it.title, required: it.required };
  if (it.kind === 'lesson') {
    item.body = it.body ?? '';
    if (it.video_url) {
      item.video_url = it.video_url;
    }
    if (it.reading_minutes) {
      item.reading_minutes = it.reading_minutes;
    }
  } else if (it.assessment) {
    item.assessment = it.assessment;
  }
  return item;
}

/** A draft course's structure as PUT /courses/:slug/tree takes it back: the syllabus summaries dropped. */
export function treeOf(course: Pick<DraftCourse, 'modules'>): Tree {
  return {
    modules: course.modules.map((m) => ({
      id: m.id,
      title: m.title,
      summary: m.summary,
      items: m.items.map(authoredItem),
    })),
  };
}

export function replaceAt<T>(list: readonly T[], index: number, value: T): T[] {
  return list.map((v, i) => (i === index ? value : v));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** The list with the entry at from moved to to; the list unchanged when to is out of range. */
export function moveTo<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) {
    return [...list];
  }
  const next = [...list];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved as T);
  return next;
}

export function newModule(modules: readonly TreeModule[]): TreeModule {
  return {
    id: freeID(
      'module-',
      modules.map((m) => m.id),
    ),
    title: '',
    summary: '',
    items: [],
  };
}

export function newLesson(items: readonly TreeItem[]): TreeItem {
  return {
    id: freeID(
      'lesson-',
      items.map((i) => i.id),
    ),
    kind: 'lesson',
    title: '',
    required: true,
    body: '',
  };
}

export function newQuiz(items: readonly TreeItem[]): TreeItem {
  const assessment: AuthoredAssessment = {
    title: '',
    kind: 'assessment',
    pass_mark: 70,
    feedback: 'on_submit',
    show_correct_answers: true,
    questions: [],
  };
  return {
    id: freeID(
      'quiz-',
      items.map((i) => i.id),
    ),
    kind: 'assessment',
    title: '',
    required: true,
    assessment,
  };
}

/** An id for a new option: the next free letter, then o27, o28… */
export function newOptionID(taken: readonly string[]): string {
  const letter = 'abcdefghijklmnopqrstuvwxyz'.split('').find((l) => !taken.includes(l));
  return letter ?? freeID('o', taken);
}

/** One step of a path such as modules[0].items[2].assessment.questions[1].options: a name and an index. */
export function pathSteps(path: string): { name: string; index?: number }[] {
  return path.split('.').flatMap((part) => {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      return [{ name: part }];
    }
    const indexes = [...(m[2] ?? '').matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]));
    if (indexes.length === 0) {
      return [{ name: m[1] ?? part }];
    }
    return indexes.map((index) => ({ name: m[1] ?? part, index }));
  });
}
