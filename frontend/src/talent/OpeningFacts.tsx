import { useTranslation } from 'react-i18next';
import type { OpeningSummary } from '../api/talent';
import { Fact } from '../components/Fact';
import { useFormat } from '../i18n/format';

/** An opening's facts, as <Fact>s of a facts list: place, remote policy, pay, start and permit support. */
export function OpeningFacts({ opening: o }: { opening: OpeningSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  const place = [o.city, o.country && format.countryName(o.country)].filter(Boolean).join(', ');
  return (
    <>
      {o.occupation && <Fact term={t('talent.fields.occupation')}>{o.occupation.label}</Fact>}
      <Fact term={t('talent.placeTerm')}>{place || '—'}</Fact>
      <Fact term={t('talent.fields.remote_policy')}>{t(`talent.remotePolicy.${o.remote_policy}`, { defaultValue: o.remote_policy })}</Fact>
      {o.pay && o.pay.max > 0 && (
        <Fact term={t('talent.payTerm')}>
          {t(`talent.payRange.${o.pay.period}`, {
            defaultValue: o.pay.period,
            min: format.money(o.pay.min, o.pay.currency),
            max: format.money(o.pay.max, o.pay.currency),
          })}
        </Fact>
      )}
      {o.start_date && <Fact term={t('talent.fields.start_date')}>{format.day(o.start_date)}</Fact>}
      <Fact term={t('talent.fields.permit_support')}>{o.permit_support ? t('talent.permitYes') : t('talent.permitNo')}</Fact>
    </>
  );
}
