import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { getProgramme } from '../api/endpoints';
import type { Programme } from '../api/types';
import { EntryLoader } from '../components/EntryLoader';
import { Fact } from '../components/Fact';
import { SkillList } from '../components/SkillList';
import { useFormat } from '../i18n/format';
import { useLabels } from '../i18n/labels';
import { useInstitutionNames } from '../lib/institutions';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';

/** A degree or training programme's page: every fact a prospective student compares. */
export default function ProgrammePage() {
  const { slug = '' } = useParams();
  const state = useAsync((signal) => getProgramme(slug, signal), slug);
  usePageTitle(state.status === 'success' ? state.data.title : undefined);
  return <EntryLoader state={state}>{(programme) => <ProgrammeDetails programme={programme} />}</EntryLoader>;
}

function ProgrammeDetails({ programme: p }: { programme: Programme }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useLabels();
  const institutions = useInstitutionNames();
  const location = [p.city, format.countryName(p.country)].filter(Boolean).join(', ');

  return (
    <article className="container page entry">
      <header className="entry-head">
        <p className="badge badge-programme">{t('type.programme')}</p>
        <h1>{p.title}</h1>
        {p.summary && <p className="lead">{p.summary}</p>}
        <p className="entry-provider">
          {t('entry.offeredBy')} <Link to={`/institutions/${p.institution}`}>{institutions.get(p.institution) ?? p.institution}</Link>
          {location && <> · {location}</>}
        </p>
        {p.sample && <p className="notice notice-info">{t('entry.sample')}</p>}
        {p.url && (
          <p>
            <a href={p.url} className="button button-primary" rel="noopener noreferrer">
              {t('programme.website')}
            </a>
          </p>
        )}
      </header>

      <div className="entry-layout">
        <div className="entry-main">
          <section aria-labelledby="programme-intakes">
            <h2 id="programme-intakes">{t('programme.intakes')}</h2>
            {p.intakes.length > 0 ? (
              <div className="table-scroll">
                <table className="data-table">
                  <caption className="visually-hidden">{t('programme.intakesCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('programme.start')}</th>
                      <th scope="col">{t('programme.deadlineEu')}</th>
                      <th scope="col">{t('programme.deadlineNonEu')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.intakes.map((intake) => (
                      <tr key={intake.start}>
                        <th scope="row">{format.day(intake.start)}</th>
                        <td>{format.day(intake.deadline_eu)}</td>
                        <td>{format.day(intake.deadline_non_eu)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p>{t('programme.noIntakes')}</p>
            )}
            <p className="field-hint">{t('programme.deadlineNote')}</p>
          </section>

          <section aria-labelledby="programme-tuition">
            <h2 id="programme-tuition">{t('programme.tuition')}</h2>
            {p.tuition.length > 0 ? (
              <div className="table-scroll">
                <table className="data-table">
                  <caption className="visually-hidden">{t('programme.tuitionCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('programme.feeGroup')}</th>
                      <th scope="col">{t('programme.fee')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.tuition.map((fee) => (
                      <tr key={`${fee.fee_group}:${fee.period}`}>
                        <th scope="row">{labels.of('fee_group', fee.fee_group)}</th>
                        <td>
                          {fee.amount === 0
                            ? t('programme.free')
                            : t('programme.feePer', { amount: format.money(fee.amount, fee.currency), period: labels.of('period', fee.period) })}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p>{t('programme.noTuition')}</p>
            )}
            {p.scholarships && (
              <>
                <h3>{t('programme.scholarships')}</h3>
                <p>{p.scholarships}</p>
              </>
            )}
          </section>

          {p.skills.length > 0 && (
            <section aria-labelledby="programme-skills">
              <h2 id="programme-skills">{t('entry.skills')}</h2>
              <SkillList skills={p.skills} />
            </section>
          )}
        </div>

        <aside className="entry-aside" aria-labelledby="programme-facts">
          <div className="card">
            <h2 id="programme-facts">{t('entry.atAGlance')}</h2>
            <dl className="facts">
              <Fact term={t('programme.cycle')}>{labels.of('cycle', p.cycle)}</Fact>
              {p.field_of_study && <Fact term={t('programme.fieldOfStudy')}>{p.field_of_study}</Fact>}
              <Fact term={t('entry.ects')}>{format.number(p.ects)}</Fact>
              <Fact term={t('entry.eqf')}>{labels.eqf(p.eqf_level)}</Fact>
              {p.duration_semesters > 0 && <Fact term={t('programme.duration')}>{t('programme.semesters', { count: p.duration_semesters })}</Fact>}
              <Fact term={t('programme.studyMode')}>{labels.of('study_mode', p.study_mode)}</Fact>
              <Fact term={t('programme.delivery')}>{labels.of('delivery', p.delivery)}</Fact>
              <Fact term={t('programme.languages', { count: p.languages.length })}>{format.list(p.languages.map((l) => format.languageName(l)))}</Fact>
              {p.language_requirement && <Fact term={t('programme.languageRequirement')}>{p.language_requirement}</Fact>}
              {location && <Fact term={t('programme.location')}>{location}</Fact>}
              <Fact term={t('programme.jointDegree')}>{p.joint_degree ? t('common.yes') : t('common.no')}</Fact>
            </dl>
          </div>
        </aside>
      </div>
    </article>
  );
}
