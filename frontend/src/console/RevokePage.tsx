import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { revokeCredential } from '../api/credentials';
import { TextField } from '../components/TextField';
import { ConsoleFrame } from './ConsoleFrame';
import { RevokeForm } from './RevokeForm';

/**
 * The credential id in what staff paste: the id itself, or a link that ends
 * with it (a verification page, a credential's id URL or its API address).
 */
export function credentialIDFrom(given: string): string {
  const text = given.trim();
  const match = /\/(?:verify|credentials)\/([^/?#]+)/.exec(text);
  return decodeURIComponent(match?.[1] ?? text);
}

/** Revokes any credential the organisation issued, by its id or link. */
export default function RevokePage() {
  const { t } = useTranslation();
  const [given, setGiven] = useState('');
  return (
    <ConsoleFrame title={t('console.revokeTitle')} crumbs={[{ label: t('console.title'), to: '/console' }]}>
      {() => (
        <>
          <h1>{t('console.revokeTitle')}</h1>
          <p className="lead">{t('console.revokeLead')}</p>
          <RevokeForm
            idPrefix="revoke"
            again
            validate={() => (credentialIDFrom(given) ? null : { fields: { id: t('console.credentialIDRequired') } })}
            revoke={async (reason) => (await revokeCredential(credentialIDFrom(given), reason)).id}
            fields={(errors) => (
              <TextField
                id="revoke-id"
                label={t('console.credentialID')}
                hint={t('console.credentialIDHint')}
                value={given}
                onChange={setGiven}
                error={errors?.fields.id}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          />
        </>
      )}
    </ConsoleFrame>
  );
}
