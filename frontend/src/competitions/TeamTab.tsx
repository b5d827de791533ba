import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { renameTeam, type Entry } from '../api/competitions';
import { ErrorNotice } from '../components/ErrorNotice';
import { TextField } from '../components/TextField';
import { useCompetition } from './context';
import { JoinForm } from './JoinForm';

/** The longest team name the form takes. */
const MAX_TEAM_NAME = 80;

/** My team: who is in it, and its name, which any member can change. */
export default function TeamTab() {
  const { t } = useTranslation();
  const { entry } = useCompetition();
  return (
    <section aria-labelledby="competition-team">
      <h2 id="competition-team">{t('competition.tabTeam')}</h2>
      {entry ? (
        <Team entry={entry} />
      ) : (
        <>
          <p>{t('competition.acceptToTeam')}</p>
          <JoinForm />
        </>
      )}
    </section>
  );
}

function Team({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const { competition, setEntry } = useCompetition();
  const [name, setName] = useState(entry.team.name);
  const [nameError, setNameError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (!name.trim()) {
      setNameError(t('competition.teamNameRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const team = await renameTeam(competition.slug, name.trim());
      setEntry({ ...entry, team });
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h3 id="team-members">{t('competition.members', { count: entry.team.members.length })}</h3>
      <ul aria-labelledby="team-members">
        {entry.team.members.map((m) => (
          <li key={m.user_id}>{m.name}</li>
        ))}
      </ul>
      <form className="form card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="team-rename">
        <h3 id="team-rename">{t('competition.renameTitle')}</h3>
        {error !== null && <ErrorNotice error={error} />}
        <TextField
          id="team-name"
          label={t('competition.teamName')}
          value={name}
          onChange={(v) => {
            setName(v);
            setNameError(undefined);
          }}
          maxLength={MAX_TEAM_NAME}
          error={nameError}
          required
        />
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('competition.rename')}
        </button>
        <p role="status">{saved ? t('competition.renamed', { name: entry.team.name }) : ''}</p>
      </form>
    </>
  );
}
