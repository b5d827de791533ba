import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { platformMetrics, type AdminOrg, type AdminUser, type AuditEntry, type PlatformStats } from '../api/admin';
import { json, problem } from '../test/http';
import { renderApp } from '../test/render';
import { lea, signedIn } from '../test/session';

const root = { ...lea, id: 'admin1', email: 'root@example.org', display_name: 'Root', admin: true };

const queued: AdminOrg = {
  id: 'org1',
  kind: 'provider',
  name: 'Institut Nord IA',
  slug: 'institut-nord-ia',
  country: 'BE',
  verified: false,
  state: 'pending',
  evidence: { registration_number: 'BE 0417.497.106', email_domain: 'nord-ia.example.org', submitted_at: '2025-03-09T10:00:00Z' },
  owners: [{ user_id: 'u9', email: 'olga@nord-ia.example.org', display_name: 'Olga' }],
};

const luca: AdminUser = {
  id: 'u5',
  email: 'luca@example.org',
  display_name: 'Luca',
  admin: false,
  email_verified: true,
  created_at: '2025-03-01T10:00:00Z',
  suspended: false,
};

describe('the administrators’ console', () => {
  it('tells someone who is not an administrator that it is not theirs', async () => {
    signedIn(() => undefined);
    renderApp('/admin');
    expect(await screen.findByRole('alert')).toHaveTextContent(/for the platform's administrators only/);
  });

  it('shows the queue with owners and evidence, and verifies an organisation', async () => {
    const seen = signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/admin/orgs':
          return json(200, { items: [queued] });
        case 'POST /api/v1/admin/orgs/org1/verify':
          return json(200, { ...queued, verified: true, state: 'verified' });
        default:
          return undefined;
      }
    }, root);
    const { user } = renderApp('/admin');
    const card = await screen.findByRole('article', { name: 'Institut Nord IA' });
    expect(within(card).getByText('BE 0417.497.106')).toBeInTheDocument();
    expect(within(card).getByText('Olga <olga@nord-ia.example.org>')).toBeInTheDocument();
    expect(seen.find((r) => r.url.pathname === '/api/v1/admin/orgs')?.url.searchParams.get('state')).toBe('pending');
    await user.click(within(card).getByRole('button', { name: 'Verify Institut Nord IA' }));
    expect(await screen.findByText('Institut Nord IA is verified.')).toBeInTheDocument();
    expect(screen.queryByRole('article', { name: 'Institut Nord IA' })).not.toBeInTheDocument();
  });

  it('asks for a reason before suspending a user, and shows the refusal to remove the last administrator', async () => {
    const seen = signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/admin/users':
          return json(200, { items: [luca, { ...luca, id: 'admin1', email: 'root@example.org', display_name: 'Root', admin: true }] });
        case 'POST /api/v1/admin/users/u5/suspend':
          return json(200, { ...luca, suspended: true, suspension_reason: (req.body as { reason: string }).reason });
        case 'DELETE /api/v1/admin/users/admin1/administrator':
          return problem(409, { detail: 'the platform keeps at least one administrator; make someone else administrator first' });
        default:
          return undefined;
      }
    }, root);
    const { user } = renderApp('/admin/users');
    await user.click(await screen.findByRole('button', { name: 'Suspend luca@example.org' }));
    await user.click(screen.getByRole('button', { name: 'Suspend' }));
    expect(await screen.findByText('Give a reason of at least 3 characters.')).toBeInTheDocument();
    expect(seen.some((r) => r.url.pathname.startsWith('/api/v1/admin/users/'))).toBe(false);
    await user.type(screen.getByLabelText(/^Reason/), 'Spam in the forum.');
    await user.click(screen.getByRole('button', { name: 'Suspend' }));
    expect(await screen.findByText('luca@example.org is suspended and signed out everywhere.')).toBeInTheDocument();
    expect(seen.find((r) => r.url.pathname === '/api/v1/admin/users/u5/suspend')?.body).toEqual({ reason: 'Spam in the forum.' });
    expect(screen.getByRole('button', { name: 'Reinstate luca@example.org' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Give up your administrator role' }));
    expect(await screen.findByText(/keeps at least one administrator/)).toBeInTheDocument();
  });

  it('lists the audit log and filters it by action', async () => {
    const entries: AuditEntry[] = [
      { id: 'a2', action: 'user.suspend', actor_id: 'admin1', actor_email: 'root@example.org', target_kind: 'user', target_id: 'u5', target_label: 'luca@example.org', reason: 'Spam.', at: '2025-03-09T11:00:00Z' },
      { id: 'a1', action: 'org.verify', actor_id: 'admin1', actor_email: 'root@example.org', target_kind: 'organisation', target_id: 'org1', target_label: 'Institut Nord IA', at: '2025-03-09T10:00:00Z' },
    ];
    const seen = signedIn((req) => {
      if (req.method === 'GET' && req.url.pathname === '/api/v1/admin/audit') {
        const action = req.url.searchParams.get('action');
        return json(200, { items: entries.filter((e) => !action || e.action === action) });
      }
      return undefined;
    }, root);
    const { user } = renderApp('/admin/audit');
    const table = await screen.findByRole('table', { name: 'Audit log' });
    expect(within(table).getByRole('rowheader', { name: 'User suspended' })).toBeInTheDocument();
    expect(within(table).getByText('Organisation: Institut Nord IA')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Action'), 'org.verify');
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    expect(await screen.findByText('Organisation: Institut Nord IA')).toBeInTheDocument();
    expect(screen.queryByRole('rowheader', { name: 'User suspended' })).not.toBeInTheDocument();
    expect(seen.filter((r) => r.url.pathname === '/api/v1/admin/audit').at(-1)?.url.searchParams.get('action')).toBe('org.verify');
  });

  it('charts the platform week by week, gives the figures as a table and as a CSV file', async () => {
    const weeks = Array.from({ length: 26 }, (_, i) => ({ id: `2026-W${String(24 + i).padStart(2, '0')}`, start: new Date(Date.UTC(2026, 5, 8 + 7 * i)).toISOString() }));
    const stats: PlatformStats = {
      weeks,
      metrics: platformMetrics.map((metric, m) => ({ metric, values: weeks.map((_, i) => (i === 25 ? m + 1 : 0)), total: 10 * (m + 1) })),
      backfilled_at: '2026-12-01T10:00:00Z',
    };
    signedIn((req) => (req.method === 'GET' && req.url.pathname === '/api/v1/admin/platform-stats' ? json(200, stats) : undefined), root);
    const { user } = renderApp('/admin/platform');
    const enrolments = await screen.findByRole('article', { name: 'Enrolments' });
    expect(within(enrolments).getByText('30')).toBeInTheDocument();
    expect(within(enrolments).getByText('enrolments in total')).toBeInTheDocument();
    expect(within(enrolments).getByRole('img', { name: /^Enrolments per week, from 2026-W24 to 2026-W49; this week 3\./ })).toBeInTheDocument();
    expect(screen.getAllByRole('img')).toHaveLength(platformMetrics.length);

    const table = screen.getByRole('table', { name: 'Weekly figures' });
    const thisWeek = within(table).getByRole('rowheader', { name: /^2026-W49/ }).closest('tr')!;
    expect(within(thisWeek).getAllByRole('cell').map((c) => c.textContent)).toEqual(platformMetrics.map((_, m) => String(m + 1)));
    expect(within(table).getByRole('columnheader', { name: 'Talent pool' })).toBeInTheDocument();

    const blobs: Blob[] = [];
    const create = vi.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:csv';
    });
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await user.click(screen.getByRole('button', { name: 'Download as CSV' }));
    const csv = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsText(blobs[0]!);
    });
    expect(csv.split('\r\n')[0]).toBe(`week,week_start,${platformMetrics.join(',')}`);
    expect(csv).toContain('2026-W49,2026-11-30,1,2,3,4,5,6,7,8,9,10');
    expect(csv).toContain('total,,10,20,30,40,50,60,70,80,90,100');
    click.mockRestore();
  });
});
