import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { api } from '../api/client';
import { canAuthor, canManageTeam, canRecruit, listMyOrgs, type Org } from '../api/console';
import { useAuth } from '../auth/AuthContext';

/** Each signed-in person's organisations, asked for once per session and shared by the header and the console. */
const orgsByUser = new Map<string, Promise<Org[]>>();

function loadOrgs(userID: string): Promise<Org[]> {
  let orgs = orgsByUser.get(userID);
  if (!orgs) {
    orgs = listMyOrgs().catch((err: unknown) => {
      orgsByUser.delete(userID);
      throw err;
    });
    orgsByUser.set(userID, orgs);
  }
  return orgs;
}

// Roles are asked for again in the next session: they may have changed meanwhile.
api.onSessionEnd(() => orgsByUser.clear());

/** Forgets the organisations asked for, after the person joined or left one. */
export function forgetOrgs(): void {
  orgsByUser.clear();
}

/**
 * What is known of the signed-in person's organisations: those they may author for
 * (orgs), the companies they may recruit for (recruiting), and all of them.
 */
export type StaffOrgs =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'success'; orgs: Org[]; recruiting: Org[]; all: Org[] };

/** The verified organisations the signed-in person is owner or staff of. */
export function useStaffOrgs(): StaffOrgs {
  const { user } = useAuth();
  const userID = user?.id ?? '';
  const [state, setState] = useState<{ userID: string; value: StaffOrgs } | null>(null);

  useEffect(() => {
    if (!userID) {
      return;
    }
    let active = true;
    loadOrgs(userID).then(
      (all) =>
        active && setState({ userID, value: { status: 'success', orgs: all.filter(canAuthor), recruiting: all.filter(canRecruit), all } }),
      (error: unknown) => active && setState({ userID, value: { status: 'error', error } }),
    );
    return () => {
      active = false;
    };
  }, [userID]);

  return state?.userID === userID ? state.value : { status: 'loading' };
}

/** The header's link to the staff console, shown only to those who may author, recruit or manage a company's team. */
export function ConsoleNavLink() {
  const { t } = useTranslation();
  const { status } = useAuth();
  if (status !== 'signed-in') {
    return null;
  }
  return <StaffOnlyLink label={t('console.nav')} />;
}

function StaffOnlyLink({ label }: { label: string }) {
  const orgs = useStaffOrgs();
  if (orgs.status !== 'success' || (orgs.orgs.length + orgs.recruiting.length === 0 && !orgs.all.some(canManageTeam))) {
    return null;
  }
  return (
    <li>
      <NavLink to="/console">{label}</NavLink>
    </li>
  );
}
