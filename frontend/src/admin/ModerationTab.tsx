import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { unpublish } from '../api/admin';
import { useErrorMessage } from '../components/ErrorNotice';
import { FormAlert, formErrorsFrom, useFocusOnErrors, type FormErrors } from '../components/FormErrors';
import { SelectField, TextArea, TextInput } from '../console/fields';

const MIN_REASON = 3;
const MAX_REASON = 500;

/** Content moderation (/admin/moderation): unpublish a course or a competition, with a reason its staff or hosts see. */
export default function ModerationTab() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const formRef = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<'course' | 'competition'>('course');
  const [slug, setSlug] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [done, setDone] = useState('');
  useFocusOnErrors(formRef, errors);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    const trimmedSlug = slug.trim();
    const trimmedReason = reason.trim();
    if (!trimmedSlug) {
      fields.slug = t('admin.slugRequired');
    }
    if (trimmedReason.length < MIN_REASON || trimmedReason.length > MAX_REASON) {
      fields.reason = t('admin.reasonLength', { min: MIN_REASON, max: MAX_REASON });
    }
    if (Object.keys(fields).length > 0) {
      setErrors({ fields });
      return;
    }
    setBusy(true);
    setErrors(null);
    setDone('');
    try {
      await unpublish(kind, trimmedSlug, trimmedReason);
      setDone(t(kind === 'course' ? 'admin.courseUnpublished' : 'admin.competitionUnpublished', { slug: trimmedSlug }));
      setSlug('');
      setReason('');
    } catch (err) {
      setErrors(formErrorsFrom(err, ['reason'], errorMessage));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section-tight" aria-labelledby="moderation-title">
      <h2 id="moderation-title">{t('admin.moderationTitle')}</h2>
      <p>{t('admin.moderationLead')}</p>
      <p role="status" className={done ? 'notice notice-success' : undefined}>
        {done}
      </p>
      <form ref={formRef} className="form card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="moderation-title">
        <FormAlert message={errors?.message} />
        <SelectField
          id="moderation-kind"
          label={t('admin.contentKind')}
          value={kind}
          onChange={(k) => setKind(k as 'course' | 'competition')}
          options={[
            { value: 'course', label: t('admin.kindCourse') },
            { value: 'competition', label: t('admin.kindCompetition') },
          ]}
        />
        <TextInput id="moderation-slug" label={t('admin.slug')} hint={t('admin.slugHint')} value={slug} onChange={setSlug} error={errors?.fields.slug} />
        <TextArea id="moderation-reason" label={t('hosting.reason')} hint={t('admin.moderationReasonHint')} value={reason} onChange={setReason} error={errors?.fields.reason} rows={3} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('admin.unpublish')}
          </button>
        </div>
      </form>
    </section>
  );
}
