import { useTranslation } from 'react-i18next';
import { Markdown } from '../components/Markdown';
import { useCompetition } from './context';
import { JoinForm } from './JoinForm';

/** The rules, the data licence, and the form that accepts them. */
export default function RulesTab() {
  const { t } = useTranslation();
  const { competition } = useCompetition();
  return (
    <div className="entry-main narrow">
      <section aria-labelledby="competition-rules">
        <h2 id="competition-rules">{t('competition.tabRules')}</h2>
        <Markdown source={competition.rules} headingOffset={2} />
        {competition.data_licence && (
          <p>
            <strong>{t('competition.dataLicence')}:</strong> {competition.data_licence}
          </p>
        )}
      </section>
      <JoinForm />
    </div>
  );
}
