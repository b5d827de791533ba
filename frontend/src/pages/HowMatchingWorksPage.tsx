import { useTranslation } from 'react-i18next';
import { EVIDENCE, getMatchingRules, type MatchingRules } from '../api/talent';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';
import { TalentTabs } from '../talent/TalentFrame';

/**
 * /talent/how-matching-works, public: the purpose of matching, its factors with the
 * weights the server uses, its limits, what it never reads, and how to contest a match.
 */
export default function HowMatchingWorksPage() {
  const { t } = useTranslation();
  usePageTitle(t('talent.how.title'));
  const rules = useAsync((signal) => getMatchingRules(signal), 'rules');
  return (
    <div className="container page talent">
      <h1>{t('talent.how.title')}</h1>
      <p className="lead">{t('talent.how.lead')}</p>
      <TalentTabs />
      <div className="prose">
        <h2>{t('talent.how.purposeTitle')}</h2>
        <p>{t('talent.how.purpose')}</p>
        <p className="notice" role="note">
          {t('talent.how.advises')}
        </p>
        <h2>{t('talent.how.factorsTitle')}</h2>
        {rules.status === 'loading' && <Loading />}
        {rules.status === 'error' && <ErrorNotice error={rules.error} />}
        {rules.status === 'success' && <Formula rules={rules.data} />}
        <h2>{t('talent.how.constraintsTitle')}</h2>
        <p>{t('talent.how.constraints')}</p>
        <h2>{t('talent.how.neverTitle')}</h2>
        <p>{t('talent.how.never')}</p>
        <h2>{t('talent.how.limitsTitle')}</h2>
        <ul>
          <li>{t('talent.how.limitTaxonomy')}</li>
          <li>{t('talent.how.limitDeclared')}</li>
          <li>{t('talent.how.limitLevels')}</li>
          <li>{t('talent.how.limitSoft')}</li>
        </ul>
        <h2>{t('talent.how.contestTitle')}</h2>
        <p>{t('talent.how.contest')}</p>
      </div>
    </div>
  );
}

function Formula({ rules }: { rules: MatchingRules }) {
  const { t } = useTranslation();
  const format = useFormat();
  const percent = (n: number) => format.number(n, { style: 'percent', maximumFractionDigits: 0 });
  const points = (w: number) => format.number(Math.round(w * 1000) / 10, { maximumFractionDigits: 1 });
  return (
    <>
      <p>{t('talent.how.formula')}</p>
      <div className="table-scroll">
        <table className="data-table">
          <caption id="how-weights">{t('talent.how.weightsCaption', { version: rules.version })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('talent.how.colFactor')}</th>
              <th scope="col">{t('talent.how.colPoints')}</th>
              <th scope="col">{t('talent.how.colMeaning')}</th>
            </tr>
          </thead>
          <tbody>
            {(['essential_skills', 'optional_skills', 'languages'] as const).map((f) => (
              <tr key={f}>
                <th scope="row">{t(`talent.factors.${f}`)}</th>
                <td>{points(rules.weights[f])}</td>
                <td>{t(`talent.how.meaning.${f}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>{t('talent.how.floor', { share: percent(rules.min_essential_coverage) })}</p>
      <h3>{t('talent.how.creditTitle')}</h3>
      <p>{t('talent.how.credit')}</p>
      <ul>
        {EVIDENCE.map((e) => (
          <li key={e}>{t('talent.how.evidenceWeight', { evidence: t(`talent.evidence.${e}`), weight: percent(rules.evidence[e]) })}</li>
        ))}
        <li>{t('talent.how.relationSame', { weight: percent(rules.relations.same) })}</li>
        <li>{t('talent.how.relationNarrower', { weight: percent(rules.relations.narrower) })}</li>
        <li>{t('talent.how.relationBroader', { weight: percent(rules.relations.broader) })}</li>
        <li>{t('talent.how.levelShortfall', { weight: percent(rules.level_shortfall) })}</li>
      </ul>
    </>
  );
}
