import { SESSION_HINT_KEY } from '../api/client';
import { fakeServer, json, problem, type SeenRequest } from './http';

/** The learner the signed-in tests act as. */
export const lea = { id: 'u2', email: 'lea@example.org', display_name: 'Lea', language: 'en', roles: ['learner'], created_at: '2025-03-09T10:00:00Z' };

/** A signed-in session for Lea (or as); other requests go to handle, and 404 when it has no answer. */
export function signedIn(handle: (req: SeenRequest) => Response | Promise<Response> | undefined, as: typeof lea & { email_verified?: boolean } = lea): SeenRequest[] {
  localStorage.setItem(SESSION_HINT_KEY, '1');
  return fakeServer((req) => {
    if (req.url.pathname === '/api/v1/auth/refresh') {
      return json(200, { access_token: 'a', token_type: 'Bearer', expires_in: 900, user: as });
    }
    if (req.method === 'GET' && req.url.pathname === '/api/v1/me') {
      return json(200, as);
    }
    return handle(req) ?? emptyMemberships(req) ?? problem(404);
  });
}

/** No organisations and no invitations, sent or received, unless a test's handler says otherwise. */
export function emptyMemberships(req: SeenRequest): Response | undefined {
  const path = req.url.pathname;
  if (req.method === 'GET' && (path === '/api/v1/orgs' || path === '/api/v1/me/invitations' || /^\/api\/v1\/orgs\/[^/]+\/invitations$/.test(path))) {
    return json(200, { items: [] });
  }
  return undefined;
}
