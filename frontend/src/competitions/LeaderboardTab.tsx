import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { getLeaderboard, PROBLEM, problemCode, type Baseline, type Board, type Competition, type Leaderboard, type LeaderboardEntry } from '../api/competitions';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { shown, useAsync } from '../lib/useAsync';
import { useCompetition } from './context';
import { useScore } from './labels';
import { PhaseSelect } from './PhaseSelect';

/** Teams per page of the board. */
export const BOARD_PAGE_SIZE = 50;

/** The board shown first: the private one once the results are out, the public one before. */
function defaultBoard(c: Competition): Board {
  return c.status === 'finished' ? 'private' : 'public';
}

/** The public board while the competition runs, the private one with the shake-up after it; the URL holds the choice. */
export default function LeaderboardTab() {
  const { t } = useTranslation();
  const { competition } = useCompetition();
  const [params, setParams] = useSearchParams();
  const phase = params.get('phase') ?? competition.phases[0]?.id ?? '';
  const board: Board = params.get('board') === 'private' || params.get('board') === 'public' ? (params.get('board') as Board) : defaultBoard(competition);
  const canSeePrivate = competition.status === 'finished' || competition.me?.is_host === true;
  const choose = (name: string, value: string) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.set(name, value);
      return next;
    });
  return (
    <section aria-labelledby="competition-board">
      <h2 id="competition-board">{t('competition.tabLeaderboard')}</h2>
      <div className="results-toolbar">
        <PhaseSelect id="board-phase" phases={competition.phases} value={phase} onChange={(v) => choose('phase', v)} className="sort-control" />
        {canSeePrivate && (
          <div className="sort-control">
            <label htmlFor="board-kind">{t('competition.board')}</label>
            <select id="board-kind" value={board} onChange={(e) => choose('board', e.target.value)}>
              <option value="public">{t('competition.boardPublic')}</option>
              <option value="private">{t('competition.boardPrivate')}</option>
            </select>
          </div>
        )}
      </div>
      <BoardPages key={`${phase}:${board}`} competition={competition} phase={phase} board={board} />
    </section>
  );
}

/** One board, a page at a time. */
function BoardPages({ competition, phase, board }: { competition: Competition; phase: string; board: Board }) {
  const { t } = useTranslation();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const state = useAsync(
    (signal) => getLeaderboard(competition.slug, { phase, board, cursor, limit: BOARD_PAGE_SIZE }, signal),
    `${competition.slug}:${phase}:${board}:${cursor ?? ''}`,
  );
  const data = shown(state);
  if (state.status === 'error') {
    if (state.error instanceof ApiError && problemCode(state.error.problem) === PROBLEM.privateBoardHidden) {
      return <p className="empty-state">{t('competition.privateHidden')}</p>;
    }
    return <ErrorNotice error={state.error} />;
  }
  if (!data) {
    return <Loading />;
  }
  const direction = competition.phases.find((p) => p.id === phase)?.direction ?? 'higher';
  return (
    <div aria-busy={state.status === 'loading'}>
      {data.frozen && <p className="notice notice-info">{t('competition.boardFrozen')}</p>}
      {data.items.length === 0 && data.baselines.length === 0 ? (
        <p className="empty-state">{t('competition.boardEmpty')}</p>
      ) : (
        <BoardTable board={data} direction={direction} firstPage={cursors.length === 1} />
      )}
      <p className="actions">
        {cursors.length > 1 && (
          <button type="button" className="button button-quiet" onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t('competition.previousPage')}
          </button>
        )}
        {data.next_cursor && (
          <button type="button" className="button button-quiet" onClick={() => setCursors((c) => [...c, data.next_cursor])}>
            {t('competition.nextPage')}
          </button>
        )}
      </p>
    </div>
  );
}

type Row = { kind: 'team'; entry: LeaderboardEntry } | { kind: 'baseline'; baseline: Baseline };

/** The teams in rank order with the baselines placed by their score, unranked. Baselines go on the first page only. */
function rows(board: Leaderboard, direction: 'higher' | 'lower', firstPage: boolean): Row[] {
  const out: Row[] = board.items.map((entry) => ({ kind: 'team', entry }));
  if (!firstPage && board.items.length > 0) {
    return out;
  }
  const better = (a: number, b: number) => (direction === 'higher' ? a > b : a < b);
  for (const baseline of board.baselines) {
    const at = out.findIndex((r) => r.kind === 'team' && better(baseline.score, r.entry.score));
    out.splice(at === -1 ? out.length : at, 0, { kind: 'baseline', baseline });
  }
  return out;
}

function BoardTable({ board, direction, firstPage }: { board: Leaderboard; direction: 'higher' | 'lower'; firstPage: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const score = useScore();
  const isPrivate = board.board === 'private';
  const mineShown = board.items.some((e) => e.is_me);
  const teamRow = (e: LeaderboardEntry, key: string) => (
    <tr key={key} className={e.is_me ? 'row-me' : undefined} aria-current={e.is_me ? 'true' : undefined}>
      <td>{format.number(e.rank)}</td>
      <th scope="row">
        {e.team_name}
        {e.is_me && <span className="badge badge-me"> {t('competition.yourTeam')}</span>}
      </th>
      <td>{score(e.score)}</td>
      <td>{format.number(e.entries)}</td>
      <td>{format.date(e.last_submission_at, { dateStyle: 'medium', timeStyle: 'short' })}</td>
      {isPrivate && <td>{e.public_rank === undefined ? '—' : <ShakeUp from={e.public_rank} to={e.rank} />}</td>}
    </tr>
  );
  return (
    <div className="table-scroll">
      <table className="data-table leaderboard">
        <caption>
          {t(isPrivate ? 'competition.privateCaption' : 'competition.publicCaption', { count: board.total })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('competition.colRank')}</th>
            <th scope="col">{t('competition.colTeam')}</th>
            <th scope="col">{t('competition.colScore')}</th>
            <th scope="col">{t('competition.colEntries')}</th>
            <th scope="col">{t('competition.colLast')}</th>
            {isPrivate && <th scope="col">{t('competition.colShakeUp')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows(board, direction, firstPage).map((r) =>
            r.kind === 'team' ? (
              teamRow(r.entry, r.entry.team_id)
            ) : (
              <tr key={`baseline:${r.baseline.name}`} className="row-baseline">
                <td>
                  <span className="visually-hidden">{t('competition.unranked')}</span>
                  <span aria-hidden="true">—</span>
                </td>
                <th scope="row">
                  {r.baseline.name} <span className="badge">{t('competition.baseline')}</span>
                </th>
                <td>{score(r.baseline.score)}</td>
                <td />
                <td />
                {isPrivate && <td />}
              </tr>
            ),
          )}
        </tbody>
        {board.my_entry && !mineShown && <tbody className="my-entry">{teamRow(board.my_entry, `me:${board.my_entry.team_id}`)}</tbody>}
      </table>
    </div>
  );
}

/** A team's move from its public rank to its private one. */
function ShakeUp({ from, to }: { from: number; to: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const moved = from - to;
  const note = moved > 0 ? t('competition.movedUp', { count: moved }) : moved < 0 ? t('competition.movedDown', { count: -moved }) : t('competition.unmoved');
  return (
    <span className={moved > 0 ? 'shake-up shake-up-up' : moved < 0 ? 'shake-up shake-up-down' : 'shake-up'}>
      {t('competition.shakeUp', { from: format.number(from), to: format.number(to) })} <span className="shake-up-note">({note})</span>
    </span>
  );
}
