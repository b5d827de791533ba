import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import {
  deleteCompetitionFile,
  putCompetitionFile,
  putSolution,
  solutionLink,
  type Competition,
  type CompetitionFile,
  type Phase,
  type SolutionInfo,
} from '../api/competitions';
import { useFileSize } from '../competitions/labels';
import { UploadProgressBar } from '../competitions/UploadProgressBar';
import { ErrorNotice } from '../components/ErrorNotice';
import { TextField } from '../components/TextField';
import { useFormat } from '../i18n/format';
import { followDownload } from '../lib/followDownload';
import { FileRefusal } from './FileRefusal';
import { HostedCompetition } from './HostedCompetition';
import { useUpload } from './useUpload';

/** A competition's data files and the hidden solution of each phase (/console/competitions/:slug/data). */
export default function CompetitionDataPage() {
  const { slug = '' } = useParams();
  return (
    <HostedCompetition slug={slug}>
      {(c) => (
        <>
          <DataFiles competition={c} />
          <Solutions competition={c} />
        </>
      )}
    </HostedCompetition>
  );
}

function DataFiles({ competition }: { competition: Competition }) {
  const { t } = useTranslation();
  const size = useFileSize();
  const [files, setFiles] = useState(competition.files);
  const [error, setError] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState('');

  const remove = async (name: string) => {
    setError(null);
    try {
      await deleteCompetitionFile(competition.slug, name);
      setFiles((fs) => fs.filter((f) => f.name !== name));
      setAnnouncement(t('hosting.fileDeleted', { name }));
    } catch (err) {
      setError(err);
    }
  };
  const added = (f: CompetitionFile) => {
    setFiles((fs) => [...fs.filter((o) => o.name !== f.name), f]);
    setAnnouncement(t('hosting.fileUploaded', { name: f.name }));
  };

  return (
    <section className="section-tight" aria-labelledby="data-files">
      <h2 id="data-files">{t('hosting.filesTitle')}</h2>
      <p>{t('hosting.filesLead')}</p>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {error !== null && <ErrorNotice error={error} />}
      {files.length === 0 ? (
        <p className="empty-state">{t('hosting.noFiles')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="data-files">
            <thead>
              <tr>
                <th scope="col">{t('hosting.colFile')}</th>
                <th scope="col">{t('hosting.colDescription')}</th>
                <th scope="col">{t('hosting.colSize')}</th>
                <th scope="col">{t('console.colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={f.name}>
                  <th scope="row">{f.name}</th>
                  <td>{f.description || '—'}</td>
                  <td>{size(f.size)}</td>
                  <td>
                    <button type="button" className="button button-small button-quiet" onClick={() => void remove(f.name)}>
                      {t('console.remove')} <span className="visually-hidden">{f.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FileUpload slug={competition.slug} onUploaded={added} />
    </section>
  );
}

function FileUpload({ slug, onUploaded }: { slug: string; onUploaded(f: CompetitionFile): void }) {
  const { t } = useTranslation();
  const [description, setDescription] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const u = useUpload(input, (file, onProgress) => putCompetitionFile(slug, file, description.trim(), onProgress));
  const [missing, setMissing] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMissing(!u.file);
    const f = await u.upload();
    if (f) {
      setDescription('');
      onUploaded(f);
    }
  };
  return (
    <form className="form card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="file-upload-title">
      <h3 id="file-upload-title">{t('hosting.uploadFile')}</h3>
      {u.error !== null && <ErrorNotice error={u.error} />}
      <div className={missing ? 'field field-invalid' : 'field'}>
        <label htmlFor="data-file">{t('hosting.dataFile')}</label>
        <p id="data-file-hint" className="field-hint">
          {t('hosting.dataFileHint')}
        </p>
        <input
          ref={input}
          id="data-file"
          type="file"
          aria-invalid={missing ? true : undefined}
          aria-describedby={missing ? 'data-file-hint data-file-error' : 'data-file-hint'}
          onChange={(e) => {
            u.setFile(e.target.files?.[0] ?? null);
            setMissing(false);
          }}
        />
        {missing && (
          <p id="data-file-error" className="field-error">
            {t('hosting.chooseFile')}
          </p>
        )}
      </div>
      <TextField id="data-file-description" label={t('hosting.colDescription')} value={description} onChange={setDescription} maxLength={500} />
      {u.progress && <UploadProgressBar progress={u.progress} />}
      <button type="submit" className="button button-primary" disabled={u.progress !== null}>
        {t('hosting.upload')}
      </button>
    </form>
  );
}

function Solutions({ competition }: { competition: Competition }) {
  const { t } = useTranslation();
  return (
    <section className="section-tight" aria-labelledby="solutions">
      <h2 id="solutions">{t('hosting.solutionsTitle')}</h2>
      <p>{t('hosting.solutionsLead')}</p>
      {competition.status !== 'draft' && <p className="notice notice-info">{t('hosting.solutionsFixed')}</p>}
      {competition.phases.map((p) => (
        <PhaseSolution key={p.id} slug={competition.slug} phase={p} editable={competition.status === 'draft'} />
      ))}
    </section>
  );
}

function PhaseSolution({ slug, phase, editable }: { slug: string; phase: Phase; editable: boolean }) {
  const { t } = useTranslation();
  const [solution, setSolution] = useState<SolutionInfo | undefined>(phase.solution);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);
  const u = useUpload(input, (file, onProgress) => putSolution(slug, phase.id, file, onProgress));
  const inputID = `solution-${phase.id}`;
  const headingID = `solution-title-${phase.id}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const s = await u.upload();
    if (s) {
      setSolution(s);
    }
  };
  return (
    <form className="form card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={headingID}>
      <h3 id={headingID}>{t('hosting.solutionOf', { phase: phase.title || phase.id })}</h3>
      {solution ? (
        <SplitPreview solution={solution} />
      ) : (
        <p className="empty-state">{t('hosting.noSolution')}</p>
      )}
      {solution && (
        <p>
          <button
            type="button"
            className="link-button"
            onClick={() => void solutionLink(slug, phase.id).then((l) => followDownload(l.url), setDownloadError)}
          >
            {t('hosting.downloadSolution')}
          </button>
        </p>
      )}
      {downloadError !== null && <ErrorNotice error={downloadError} />}
      {u.error !== null && <FileRefusal error={u.error} title={t('hosting.invalidSolution')} />}
      {editable && (
        <>
          <div className="field">
            <label htmlFor={inputID}>{t('hosting.solutionFile')}</label>
            <p id={`${inputID}-hint`} className="field-hint">
              {t('hosting.solutionFileHint')}
            </p>
            <input
              ref={input}
              id={inputID}
              type="file"
              accept=".csv,text/csv"
              aria-describedby={`${inputID}-hint`}
              onChange={(e) => u.setFile(e.target.files?.[0] ?? null)}
            />
          </div>
          {u.progress && <UploadProgressBar progress={u.progress} />}
          <button type="submit" className="button button-primary" disabled={u.progress !== null}>
            {solution ? t('hosting.replaceSolution') : t('hosting.uploadSolution')}
          </button>
        </>
      )}
    </form>
  );
}

/** How the solution's rows split between the public and the private board, and its columns. */
function SplitPreview({ solution }: { solution: SolutionInfo }) {
  const { t } = useTranslation();
  const format = useFormat();
  const share = (n: number) => (solution.rows > 0 ? format.number(n / solution.rows, { style: 'percent', maximumFractionDigits: 1 }) : '—');
  return (
    <dl className="split-preview" aria-label={t('hosting.splitPreview')}>
      <dt>{t('hosting.rows')}</dt>
      <dd>{format.number(solution.rows)}</dd>
      <dt>{t('hosting.publicRows')}</dt>
      <dd>{t('hosting.rowsShare', { rows: format.number(solution.public_rows), share: share(solution.public_rows) })}</dd>
      <dt>{t('hosting.privateRows')}</dt>
      <dd>{t('hosting.rowsShare', { rows: format.number(solution.private_rows), share: share(solution.private_rows) })}</dd>
      <dt>{t('hosting.header')}</dt>
      <dd>
        <code>{solution.header.join(', ')}</code>
      </dd>
    </dl>
  );
}
