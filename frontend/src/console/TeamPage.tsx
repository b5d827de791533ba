import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  createPath,
  deletePath,
  downloadLiteracyRecord,
  findOccupations,
  getLiteracyRecord,
  getTeam,
  getTeamProgress,
  getTeamSkills,
  inviteToTeam,
  listTeamInvitations,
  putTeamSettings,
  removeTeamMember,
  revokeTeamInvitation,
  type OccupationHit,
  type Team,
  type TeamMember,
} from '../api/teams';
import { RequireAuth } from '../auth/RequireAuth';
import { ErrorNotice, useErrorMessage } from '../components/ErrorNotice';
import { FormAlert, formErrorsFrom, useFocusOnErrors, type FormErrors } from '../components/FormErrors';
import { Loading } from '../components/Loading';
import { TextField } from '../components/TextField';
import { toLanguage } from '../i18n';
import { useFormat } from '../i18n/format';
import { shown, useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';
import { CourseProgressList } from '../pages/TeamProgressList';

/**
 * A company's team learning, for its owners and staff: members and whether each shares,
 * invitations, learning paths, progress and skills of those who share, and the AI-literacy record.
 */
export default function TeamPage() {
  const { t } = useTranslation();
  const { orgId = '' } = useParams();
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const state = useAsync((signal) => getTeam(orgId, signal), `${orgId}:${version}`);
  const team = shown(state);
  usePageTitle(team ? t('teamConsole.title', { name: team.org_name }) : t('teamConsole.titlePlain'));
  return (
    <RequireAuth>
      <div className="container page console">
        <nav aria-label={t('console.breadcrumb')} className="console-crumbs">
          <ol>
            <li>
              <Link to="/console">{t('console.title')}</Link>
            </li>
          </ol>
        </nav>
        {state.status === 'error' && (
          <>
            <h1>{t('teamConsole.titlePlain')}</h1>
            <ErrorNotice error={state.error} />
          </>
        )}
        {state.status === 'loading' && !team && <Loading />}
        {team && (
          <>
            <h1>{t('teamConsole.title', { name: team.org_name })}</h1>
            <p className="lead">{t('teamConsole.lead')}</p>
            <Members team={team} onChange={reload} />
            <Invitations orgID={orgId} />
            <Paths team={team} onChange={reload} />
            <Settings team={team} onChange={reload} />
            <Progress orgID={orgId} version={version} />
            <Skills orgID={orgId} version={version} />
            <Literacy orgID={orgId} version={version} />
          </>
        )}
      </div>
    </RequireAuth>
  );
}

function Notice({ error }: { error: string }) {
  return error ? (
    <div className="notice notice-error" role="alert">
      {error}
    </div>
  ) : null;
}

function Members({ team, onChange }: { team: Team; onChange(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const [error, setError] = useState('');
  const remove = async (m: TeamMember) => {
    if (!window.confirm(t('teamConsole.confirmRemove', { name: m.display_name }))) {
      return;
    }
    setError('');
    try {
      await removeTeamMember(team.org_id, m.user_id);
      onChange();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <section className="section-tight" aria-labelledby="team-members">
      <h2 id="team-members">{t('teamConsole.membersTitle', { n: team.members.length })}</h2>
      <p>{t('teamConsole.membersLead')}</p>
      <Notice error={error} />
      {team.members.length === 0 ? (
        <p className="empty-state">{t('teamConsole.noMembers')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="team-members">
            <thead>
              <tr>
                <th scope="col">{t('teamConsole.colMember')}</th>
                <th scope="col">{t('teamConsole.colJoined')}</th>
                <th scope="col">{t('teamConsole.colSharing')}</th>
                <th scope="col">{t('console.colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {team.members.map((m) => (
                <tr key={m.user_id}>
                  <th scope="row">
                    {m.display_name} <span className="membership-role">{m.email}</span>
                  </th>
                  <td>{format.date(m.joined_at)}</td>
                  <td>{m.sharing ? t('teamConsole.shares') : t('teamConsole.doesNotShare')}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-quiet"
                      aria-label={t('teamConsole.removeOf', { name: m.display_name })}
                      onClick={() => void remove(m)}
                    >
                      {t('teamConsole.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Invitations({ orgID }: { orgID: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const [version, setVersion] = useState(0);
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState('');
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [revokeError, setRevokeError] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, errors);
  const state = useAsync((signal) => listTeamInvitations(orgID, signal), `${orgID}:${version}`);
  const pending = shown(state);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSent('');
    setErrors(null);
    try {
      const inv = await inviteToTeam(orgID, email.trim());
      setSent(t('invitations.sent', { email: inv.email }));
      setEmail('');
      setVersion((v) => v + 1);
    } catch (err) {
      setErrors(formErrorsFrom(err, ['email'], errorMessage));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id: string) => {
    setRevokeError('');
    try {
      await revokeTeamInvitation(orgID, id);
      setVersion((v) => v + 1);
    } catch (err) {
      setRevokeError(errorMessage(err));
    }
  };

  return (
    <section className="section-tight" aria-labelledby="team-invite">
      <h2 id="team-invite">{t('teamConsole.inviteTitle')}</h2>
      <p>{t('teamConsole.inviteLead')}</p>
      <form ref={formRef} className="form console-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="team-invite">
        <FormAlert message={errors?.message} />
        {sent && (
          <div className="notice notice-success" role="status">
            {sent}
          </div>
        )}
        <TextField
          id="team-invite-email"
          type="email"
          label={t('fields.email')}
          value={email}
          onChange={setEmail}
          error={errors?.fields.email}
          autoComplete="off"
          required
        />
        <div>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('invitations.sending') : t('invitations.send')}
          </button>
        </div>
      </form>
      <h3 id="team-pending">{t('invitations.pendingTitle')}</h3>
      <Notice error={revokeError} />
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {state.status === 'loading' && !pending && <Loading />}
      {pending &&
        (pending.length === 0 ? (
          <p className="empty-state">{t('invitations.none')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" aria-labelledby="team-pending">
              <thead>
                <tr>
                  <th scope="col">{t('fields.email')}</th>
                  <th scope="col">{t('invitations.colExpires')}</th>
                  <th scope="col">{t('console.colActions')}</th>
                </tr>
              </thead>
              <tbody>
                {pending.map((inv) => (
                  <tr key={inv.id}>
                    <th scope="row">{inv.email}</th>
                    <td>{format.date(inv.expires_at)}</td>
                    <td>
                      <button
                        type="button"
                        className="button button-quiet"
                        aria-label={t('invitations.revokeOf', { email: inv.email })}
                        onClick={() => void revoke(inv.id)}
                      >
                        {t('invitations.revoke')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

interface CourseRow {
  slug: string;
  due: string;
}

function Paths({ team, onChange }: { team: Team; onChange(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const [name, setName] = useState('');
  const [rows, setRows] = useState<CourseRow[]>([{ slug: '', due: '' }]);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [deleteError, setDeleteError] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, errors);
  const fieldNames = ['name', 'courses', ...rows.flatMap((_, i) => [`courses[${i}].slug`, `courses[${i}].due`])];

  const setRow = (i: number, change: Partial<CourseRow>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(null);
    try {
      await createPath(team.org_id, {
        name: name.trim(),
        courses: rows.map((r) => ({ slug: r.slug.trim(), ...(r.due ? { due: r.due } : {}) })),
      });
      setName('');
      setRows([{ slug: '', due: '' }]);
      onChange();
    } catch (err) {
      setErrors(formErrorsFrom(err, fieldNames, errorMessage));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (pathID: string) => {
    setDeleteError('');
    try {
      await deletePath(team.org_id, pathID);
      onChange();
    } catch (err) {
      setDeleteError(errorMessage(err));
    }
  };

  return (
    <section className="section-tight" aria-labelledby="team-paths">
      <h2 id="team-paths">{t('teamConsole.pathsTitle')}</h2>
      <p>{t('teamConsole.pathsLead')}</p>
      <Notice error={deleteError} />
      {team.paths.length === 0 ? (
        <p className="empty-state">{t('teamConsole.noPaths')}</p>
      ) : (
        <ul className="membership-list">
          {team.paths.map((p) => (
            <li key={p.id}>
              <h3>{p.name}</h3>
              <ol>
                {p.courses.map((c) => (
                  <li key={c.slug}>
                    {c.title}
                    {c.due && <> · {t('teams.due', { date: format.day(c.due) })}</>}
                  </li>
                ))}
              </ol>
              <button type="button" className="button button-quiet" onClick={() => void remove(p.id)}>
                {t('teamConsole.deletePath', { name: p.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3 id="team-new-path">{t('teamConsole.newPath')}</h3>
      <form ref={formRef} className="form console-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="team-new-path">
        <FormAlert message={errors?.message ?? errors?.fields.courses} />
        <TextField id="path-name" label={t('teamConsole.pathName')} value={name} onChange={setName} error={errors?.fields.name} required />
        {rows.map((r, i) => (
          <fieldset key={i} className="path-course-row">
            <legend>{t('teamConsole.courseN', { n: i + 1 })}</legend>
            <TextField
              id={`path-course-${i}`}
              label={t('teamConsole.courseSlug')}
              hint={i === 0 ? t('teamConsole.courseSlugHint') : undefined}
              value={r.slug}
              onChange={(v) => setRow(i, { slug: v })}
              error={errors?.fields[`courses[${i}].slug`]}
              required
            />
            <TextField
              id={`path-due-${i}`}
              type="date"
              label={t('teamConsole.dueDate')}
              value={r.due}
              onChange={(v) => setRow(i, { due: v })}
              error={errors?.fields[`courses[${i}].due`]}
            />
          </fieldset>
        ))}
        <ul className="row-actions">
          <li>
            <button type="button" className="button button-quiet" disabled={rows.length >= 10} onClick={() => setRows((rs) => [...rs, { slug: '', due: '' }])}>
              {t('teamConsole.addCourse')}
            </button>
          </li>
          {rows.length > 1 && (
            <li>
              <button type="button" className="button button-quiet" onClick={() => setRows((rs) => rs.slice(0, -1))}>
                {t('teamConsole.removeLastCourse')}
              </button>
            </li>
          )}
          <li>
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('teamConsole.createPath')}
            </button>
          </li>
        </ul>
      </form>
    </section>
  );
}

function Settings({ team, onChange }: { team: Team; onChange(): void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [picked, setPicked] = useState(team.occupations);
  const [literacy, setLiteracy] = useState(team.literacy_courses.join(', '));
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<OccupationHit[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, errors);

  const search = async () => {
    setErrors(null);
    try {
      setHits(await findOccupations(query.trim()));
    } catch (err) {
      setErrors(formErrorsFrom(err, [], errorMessage));
    }
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    setErrors(null);
    const slugs = literacy
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    try {
      await putTeamSettings(team.org_id, { occupations: picked.map((o) => o.id), literacy_courses: slugs });
      setSaved(true);
      onChange();
    } catch (err) {
      // A course or occupation the server refuses is named in the message, with its slug or id.
      setErrors(formErrorsFrom(err, ['literacy_courses'], errorMessage));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section-tight" aria-labelledby="team-settings">
      <h2 id="team-settings">{t('teamConsole.settingsTitle')}</h2>
      <form ref={formRef} className="form console-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="team-settings">
        <FormAlert message={errors?.message} />
        {saved && (
          <div className="notice notice-success" role="status">
            {t('teamConsole.settingsSaved')}
          </div>
        )}
        <h3 id="team-occupations">{t('teamConsole.occupationsTitle')}</h3>
        <p>{t('teamConsole.occupationsLead')}</p>
        {picked.length === 0 ? (
          <p className="empty-state">{t('teamConsole.noOccupations')}</p>
        ) : (
          <ul className="row-actions" aria-labelledby="team-occupations">
            {picked.map((o) => (
              <li key={o.id}>
                {o.label}{' '}
                <button
                  type="button"
                  className="button button-quiet"
                  aria-label={t('teamConsole.removeOccupationOf', { label: o.label })}
                  onClick={() => setPicked((ps) => ps.filter((p) => p.id !== o.id))}
                >
                  {t('teamConsole.remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <TextField id="occupation-search" type="search" label={t('teamConsole.findOccupation')} value={query} onChange={setQuery} />
        <div>
          <button type="button" className="button button-quiet" onClick={() => void search()} disabled={!query.trim()}>
            {t('teamConsole.search')}
          </button>
        </div>
        {hits && hits.length === 0 && <p className="empty-state">{t('teamConsole.noOccupationFound')}</p>}
        {hits && hits.length > 0 && (
          <ul className="membership-list">
            {hits.map((h) => (
              <li key={h.id}>
                {h.label} <span className="membership-role">{h.code}</span>{' '}
                <button
                  type="button"
                  className="button button-quiet"
                  disabled={picked.some((p) => p.id === h.id) || picked.length >= 5}
                  aria-label={t('teamConsole.addOccupationOf', { label: h.label })}
                  onClick={() => setPicked((ps) => [...ps, { id: h.id, label: h.label }])}
                >
                  {t('teamConsole.add')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <TextField
          id="literacy-courses"
          label={t('teamConsole.literacyCourses')}
          hint={t('teamConsole.literacyCoursesHint')}
          value={literacy}
          onChange={setLiteracy}
          error={errors?.fields.literacy_courses}
        />
        <div>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('teamConsole.saveSettings')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Progress({ orgID, version }: { orgID: string; version: number }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => getTeamProgress(orgID, signal), `${orgID}:${version}`);
  const progress = shown(state);
  return (
    <section className="section-tight" aria-labelledby="team-progress">
      <h2 id="team-progress">{t('teamConsole.progressTitle')}</h2>
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {state.status === 'loading' && !progress && <Loading />}
      {progress && (
        <>
          <p>{t('teamConsole.sharingCounts', { sharing: progress.sharing, notSharing: progress.not_sharing })}</p>
          {progress.paths.length === 0 && <p className="empty-state">{t('teamConsole.noPaths')}</p>}
          {progress.paths.map((p) => (
            <div key={p.path.id}>
              <h3>{p.path.name}</h3>
              {p.members.length === 0 ? (
                <p className="empty-state">{t('teamConsole.nobodyShares')}</p>
              ) : (
                <ul className="membership-list">
                  {p.members.map((m) => (
                    <li key={m.user_id}>
                      <p>
                        <strong>{m.display_name}</strong>
                      </p>
                      <CourseProgressList courses={m.courses} />
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </>
      )}
    </section>
  );
}

function Skills({ orgID, version }: { orgID: string; version: number }) {
  const { t, i18n } = useTranslation();
  const lang = toLanguage(i18n.language);
  const state = useAsync((signal) => getTeamSkills(orgID, lang, signal), `${orgID}:${version}:${lang}`);
  const skills = shown(state);
  return (
    <section className="section-tight" aria-labelledby="team-skills">
      <h2 id="team-skills">{t('teamConsole.skillsTitle')}</h2>
      <p>{t('teamConsole.skillsLead')}</p>
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {state.status === 'loading' && !skills && <Loading />}
      {skills && (
        <>
          <h3 id="team-proven">{t('teamConsole.provenTitle')}</h3>
          {skills.proven.length === 0 ? (
            <p className="empty-state">{t('teamConsole.noProven')}</p>
          ) : (
            <ul aria-labelledby="team-proven">
              {skills.proven.map((s) => (
                <li key={s.id}>{t('teamConsole.provenBy', { label: s.label, n: s.members })}</li>
              ))}
            </ul>
          )}
          {skills.occupations.length === 0 && <p className="empty-state">{t('teamConsole.noOccupations')}</p>}
          {skills.occupations.map((o) => (
            <div key={o.id}>
              <h3 id={`occ-${o.id}`}>{t('teamConsole.occupationCoverage', { label: o.label, covered: o.covered, total: o.skills.length })}</h3>
              <div className="table-scroll">
                <table className="data-table" aria-labelledby={`occ-${o.id}`}>
                  <thead>
                    <tr>
                      <th scope="col">{t('teamConsole.colSkill')}</th>
                      <th scope="col">{t('teamConsole.colProvenBy')}</th>
                      <th scope="col">{t('teamConsole.colCourses')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {o.skills.map((s) => (
                      <tr key={s.id}>
                        <th scope="row">{s.label}</th>
                        <td>{s.members}</td>
                        <td>
                          {s.members > 0
                            ? '—'
                            : s.courses.length === 0
                              ? t('teamConsole.noCourse')
                              : s.courses.map((c, i) => (
                                  <span key={c.slug}>
                                    {i > 0 && ', '}
                                    <Link to={`/courses/${encodeURIComponent(c.slug)}`}>{c.title}</Link>
                                  </span>
                                ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ))}
        </>
      )}
    </section>
  );
}

function Literacy({ orgID, version }: { orgID: string; version: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const [downloadError, setDownloadError] = useState('');
  const state = useAsync((signal) => getLiteracyRecord(orgID, signal), `${orgID}:${version}`);
  const record = shown(state);
  const download = async (kind: 'csv' | 'pdf') => {
    setDownloadError('');
    try {
      await downloadLiteracyRecord(orgID, kind);
    } catch (err) {
      setDownloadError(errorMessage(err));
    }
  };
  return (
    <section className="section-tight" aria-labelledby="team-literacy">
      <h2 id="team-literacy">{t('teamConsole.literacyTitle')}</h2>
      <p>{t('teamConsole.literacyLead')}</p>
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {state.status === 'loading' && !record && <Loading />}
      {record && (
        <>
          <p>{t('teamConsole.literacyCoursesAre', { courses: record.courses.map((c) => c.title).join(', ') })}</p>
          <p data-testid="literacy-summary">
            {t('teamConsole.literacySummary', {
              members: record.members,
              completed: new Set(record.completed.map((c) => c.user_id)).size,
              notYet: record.not_yet.length,
              notSharing: record.not_sharing,
            })}
          </p>
          <h3 id="literacy-completed">{t('teamConsole.completedTitle')}</h3>
          {record.completed.length === 0 ? (
            <p className="empty-state">{t('teamConsole.noneCompleted')}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table" aria-labelledby="literacy-completed">
                <thead>
                  <tr>
                    <th scope="col">{t('teamConsole.colMember')}</th>
                    <th scope="col">{t('teamConsole.colCredential')}</th>
                    <th scope="col">{t('teamConsole.colIssued')}</th>
                    <th scope="col">{t('teamConsole.colVerify')}</th>
                  </tr>
                </thead>
                <tbody>
                  {record.completed.map((c) => (
                    <tr key={c.credential_id}>
                      <th scope="row">{c.display_name}</th>
                      <td>{c.credential}</td>
                      <td>{format.date(c.issued_at)}</td>
                      <td>
                        <a href={c.verify_url} aria-label={t('teamConsole.verifyOf', { name: c.display_name })}>
                          {t('teamConsole.verify')}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3 id="literacy-not-yet">{t('teamConsole.notYetTitle')}</h3>
          {record.not_yet.length === 0 ? (
            <p className="empty-state">{t('teamConsole.noneNotYet')}</p>
          ) : (
            <ul aria-labelledby="literacy-not-yet">
              {record.not_yet.map((m) => (
                <li key={m.user_id}>{m.display_name}</li>
              ))}
            </ul>
          )}
          {record.not_sharing > 0 && <p>{t('teamConsole.notSharingNote', { n: record.not_sharing })}</p>}
          <Notice error={downloadError} />
          <ul className="row-actions">
            <li>
              <button type="button" className="button button-primary" onClick={() => void download('pdf')}>
                {t('teamConsole.downloadPDF')}
              </button>
            </li>
            <li>
              <button type="button" className="button button-quiet" onClick={() => void download('csv')}>
                {t('teamConsole.downloadCSV')}
              </button>
            </li>
          </ul>
        </>
      )}
    </section>
  );
}
