import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canManageTeam, type Org } from '../api/console';

/** The way into each company's team learning the person manages. */
export function TeamLinks({ orgs }: { orgs: Org[] }) {
  const { t } = useTranslation();
  const companies = orgs.filter(canManageTeam);
  if (companies.length === 0) {
    return null;
  }
  return (
    <section className="section-tight" aria-labelledby="console-teams">
      <h2 id="console-teams">{t('teamConsole.consoleTitle')}</h2>
      <p>{t('teamConsole.consoleLead')}</p>
      <ul className="row-actions">
        {companies.map((org) => (
          <li key={org.id}>
            <Link to={`/console/teams/${encodeURIComponent(org.id)}`} className="button button-primary">
              {t('teamConsole.open', { name: org.name })}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
