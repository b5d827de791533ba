import { useOutletContext } from 'react-router';
import type { Competition, Entry } from '../api/competitions';

/** What a competition page's tabs share: the competition and the caller's entry. */
export interface CompetitionContext {
  competition: Competition;
  /** The caller's entry; null when they have not joined or are not signed in, undefined while loading. */
  entry: Entry | null | undefined;
  /** Records an entry just made or changed (joining, renaming the team). */
  setEntry(entry: Entry): void;
}

export function useCompetition(): CompetitionContext {
  return useOutletContext<CompetitionContext>();
}
