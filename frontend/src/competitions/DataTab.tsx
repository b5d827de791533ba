import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileLink, type CompetitionFile } from '../api/competitions';
import { followDownload } from '../lib/followDownload';
import { ErrorNotice } from '../components/ErrorNotice';
import { useCompetition } from './context';
import { JoinForm } from './JoinForm';
import { useFileSize } from './labels';

/** The data files with their sizes; they download once the rules are accepted. */
export default function DataTab() {
  const { t } = useTranslation();
  const { competition, entry } = useCompetition();
  const size = useFileSize();
  const [error, setError] = useState<unknown>(null);
  return (
    <section aria-labelledby="competition-data">
      <h2 id="competition-data">{t('competition.tabData')}</h2>
      {competition.data_licence && <p>{t('competition.licencedUnder', { licence: competition.data_licence })}</p>}
      {error !== null && <ErrorNotice error={error} />}
      {competition.files.length === 0 ? (
        <p className="empty-state">{t('competition.noFiles')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption>{t('competition.filesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('competition.fileName')}</th>
                <th scope="col">{t('competition.fileDescription')}</th>
                <th scope="col">{t('competition.fileSize')}</th>
              </tr>
            </thead>
            <tbody>
              {competition.files.map((f) => (
                <tr key={f.name}>
                  <th scope="row">{entry ? <DownloadButton slug={competition.slug} file={f} onError={setError} /> : <code>{f.name}</code>}</th>
                  <td>{f.description}</td>
                  <td>{size(f.size)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!entry && (
        <>
          <p>{t('competition.acceptToDownload')}</p>
          <JoinForm />
        </>
      )}
    </section>
  );
}

/**
 * Asks for a download link (the session's token goes with that request) and follows it, so the
 * browser saves the file straight to disk.
 */
function DownloadButton({ slug, file, onError }: { slug: string; file: CompetitionFile; onError(error: unknown): void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    onError(null);
    try {
      followDownload((await fileLink(slug, file.name)).url);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="link-button" onClick={() => void download()} disabled={busy} aria-label={t('competition.download', { name: file.name })}>
      {file.name}
    </button>
  );
}
