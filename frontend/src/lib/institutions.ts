import { useEffect, useState } from 'react';
import { listInstitutions } from '../api/endpoints';
import type { Institution } from '../api/types';

let all: Promise<Institution[]> | null = null;

/** Every institution, fetched once per visit: the list is short and names rarely change. */
function loadInstitutions(): Promise<Institution[]> {
  all ??= (async () => {
    const items: Institution[] = [];
    let cursor: string | undefined;
    do {
      const page = await listInstitutions(cursor);
      items.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    return items;
  })().catch((err: unknown) => {
    all = null;
    throw err;
  });
  return all;
}

/** Institution names by slug; empty until loaded (or if loading fails, when slugs are shown instead). */
export function useInstitutionNames(): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let active = true;
    loadInstitutions().then(
      (items) => active && setNames(new Map(items.map((i) => [i.slug, i.name]))),
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, []);
  return names;
}
