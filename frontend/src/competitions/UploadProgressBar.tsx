import { useTranslation } from 'react-i18next';
import type { UploadProgress } from '../api/client';
import { useFormat } from '../i18n/format';

/** How much of a file has been sent, as a labelled progress bar. */
export function UploadProgressBar({ progress, label }: { progress: UploadProgress; label?: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const percent = progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : 0;
  return (
    <div className="upload-progress">
      <div
        role="progressbar"
        aria-label={label ?? t('competition.uploading')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={format.number(percent / 100, { style: 'percent' })}
        className="progress-track"
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
