import { useEffect, useState } from 'react';
import { getSkill } from '../api/endpoints';
import type { Skill } from '../api/types';

/** Skills already asked for, shared by every page: a skill's labels never change while the app runs. */
const cache = new Map<string, Promise<Skill | null>>();

function loadSkill(id: string): Promise<Skill | null> {
  let skill = cache.get(id);
  if (!skill) {
    // A skill that fails to load stays unlabelled here and is asked for again next time.
    skill = getSkill(id).catch(() => {
      cache.delete(id);
      return null;
    });
    cache.set(id, skill);
  }
  return skill;
}

/** The label of a skill in the language, falling back to English and then to the server's choice. */
export function skillLabel(skill: Skill, language: string): string {
  return skill.labels?.[language] || skill.labels?.en || skill.label || skill.id;
}

/** Loads the skills with these ids; the map fills in as they arrive. */
export function useSkills(ids: readonly string[]): ReadonlyMap<string, Skill> {
  const key = [...new Set(ids)].sort().join(',');
  const [skills, setSkills] = useState<ReadonlyMap<string, Skill>>(new Map());

  useEffect(() => {
    let active = true;
    const wanted = key ? key.split(',') : [];
    void Promise.all(wanted.map(loadSkill)).then((loaded) => {
      if (active) {
        setSkills(new Map(loaded.filter((s): s is Skill => s !== null).map((s) => [s.id, s])));
      }
    });
    return () => {
      active = false;
    };
  }, [key]);

  return skills;
}
