import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Org } from '../api/console';
import { EvidenceForm } from './EvidenceForm';
import { InvitationsPanel } from './InvitationsPanel';
import { MembersPanel } from './MembersPanel';

/** What the signed-in person may do for an organisation where they cannot author yet, and why. */
export function whatYouMayDo(org: Org): string {
  const role = org.role === 'owner' ? 'owner' : 'staff';
  if (org.state === 'suspended') {
    return 'orgs.may.suspended';
  }
  if (!org.verified) {
    return `orgs.may.unverified.${role}`;
  }
  return `orgs.may.company.${role}`;
}

/**
 * An organisation whose people cannot author in the console (yet): its state,
 * what the signed-in person may do and why, and the owner's tools that work
 * already — evidence for verification, invitations, roles.
 */
export function OrgStatus({ org: initial }: { org: Org }) {
  const { t } = useTranslation();
  const [org, setOrg] = useState(initial);
  const headingID = `org-status-${org.id}`;
  const owner = org.role === 'owner';
  return (
    <section className="section-tight" aria-labelledby={headingID}>
      <h2 id={headingID}>{org.name}</h2>
      <p>
        <span className={`status ${org.verified && org.state !== 'suspended' ? 'status-published' : 'status-draft'}`}>
          {org.state === 'suspended' ? t('orgs.suspended') : org.verified ? t('orgs.verified') : t('orgs.pending')}
        </span>{' '}
        {t(`orgs.kind.${org.kind}`, { defaultValue: org.kind })}
      </p>
      <p>{t(whatYouMayDo(org))}</p>
      {org.state === 'suspended' && (
        <div className="notice notice-error" role="alert">
          {t('orgs.suspendedBecause', { reason: org.suspension_reason ?? '' })}
        </div>
      )}
      {org.rejection_reason && (
        <div className="notice notice-error" role="alert">
          {t('orgs.rejected', { reason: org.rejection_reason })}
        </div>
      )}
      {owner && !org.verified && <EvidenceForm org={org} onSaved={setOrg} />}
      {owner && <InvitationsPanel org={org} />}
      <MembersPanel org={org} />
    </section>
  );
}
