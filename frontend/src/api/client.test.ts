import { afterEach, describe, expect, it } from 'vitest';
import { fakeServer, json, noContent, problem } from '../test/http';
import { ApiClient, ApiError, NETWORK_ERROR_TYPE, parseRetryAfter, SESSION_HINT_KEY } from './client';

function newClient() {
  return new ApiClient({ storage: localStorage });
}

function session(access: string) {
  return {
    access_token: access,
    token_type: 'Bearer',
    expires_in: 900,
    user: { id: 'u1', email: 'ada@example.org', display_name: 'Ada', language: 'en', roles: ['learner'] },
  };
}

afterEach(() => localStorage.clear());

describe('ApiClient requests', () => {
  it('sends JSON to /api/v1 with the query string and parses the answer', async () => {
    const seen = fakeServer(() => json(200, { ok: true }));
    const client = newClient();
    const got = await client.post<{ ok: boolean }>('/things', { name: 'x' }, { query: { q: 'ai', limit: 5, skill: ['a', 'b'], empty: '' } });
    expect(got).toEqual({ ok: true });
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.url.pathname).toBe('/api/v1/things');
    expect(seen[0]!.url.search).toBe('?q=ai&limit=5&skill=a&skill=b');
    expect(seen[0]!.headers.get('Content-Type')).toBe('application/json');
    expect(seen[0]!.body).toEqual({ name: 'x' });
  });

  it('asks for messages in the page language', async () => {
    const seen = fakeServer(() => json(200, {}));
    document.documentElement.lang = 'de';
    await newClient().get('/me');
    expect(seen[0]!.headers.get('Accept-Language')).toBe('de');
    document.documentElement.lang = 'en';
  });

  it('sends extra headers such as an idempotency key with a PUT or POST', async () => {
    const seen = fakeServer(() => json(200, {}));
    const client = newClient();
    await client.put('/attempts/a1/answers/q1', { choice: 'a' });
    await client.post('/attempts/a1/submit', undefined, { headers: { 'Idempotency-Key': 'submit-a1' } });
    expect(seen.map((r) => r.method)).toEqual(['PUT', 'POST']);
    expect(seen[0]!.body).toEqual({ choice: 'a' });
    expect(seen[1]!.headers.get('Idempotency-Key')).toBe('submit-a1');
    expect(seen[1]!.headers.get('Content-Type')).toBeNull();
  });

  it('resolves 204 to undefined', async () => {
    fakeServer(() => noContent());
    await expect(newClient().post('/auth/logout', {})).resolves.toBeUndefined();
  });

  it('resolves a success without a JSON body to undefined', async () => {
    fakeServer(() => new Response('Accepted', { status: 202, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }));
    await expect(newClient().post('/auth/password/forgot', { email: 'a@example.org' })).resolves.toBeUndefined();
  });

  it('turns problem+json into an ApiError with field errors', async () => {
    fakeServer(() =>
      problem(400, {
        type: 'urn:academy:problem:invalid',
        title: 'Bad Request',
        detail: 'the request is not valid',
        errors: [
          { field: 'email', message: 'is not an email address' },
          { field: 'email', message: 'is too long' },
          { field: 'password', message: 'is too short' },
        ],
      }),
    );
    const err = await newClient().post('/auth/register', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const apiErr = err as ApiError;
    expect(apiErr.status).toBe(400);
    expect(apiErr.type).toBe('urn:academy:problem:invalid');
    expect(apiErr.title).toBe('Bad Request');
    expect(apiErr.detail).toBe('the request is not valid');
    expect(apiErr.fieldErrors()).toEqual({ email: 'is not an email address', password: 'is too short' });
  });

  it('reads Retry-After on 429', async () => {
    fakeServer(() => problem(429, { title: 'Too Many Requests' }, { 'Retry-After': '42' }));
    const err = (await newClient().get('/search').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(429);
    expect(err.retryAfter).toBe(42);
  });

  it('describes a non-JSON error by its status', async () => {
    fakeServer(() => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } }));
    const err = (await newClient().get('/search').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(502);
    expect(err.title).toBe('Bad Gateway');
  });

  it('reports an unreachable server as a network ApiError', async () => {
    fakeServer(() => {
      throw new TypeError('Failed to fetch');
    });
    const err = (await newClient().get('/search').catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(0);
    expect(err.type).toBe(NETWORK_ERROR_TYPE);
  });
});

describe('ApiClient session', () => {
  it('keeps the access token in memory only and no token in storage', async () => {
    const seen = fakeServer(() => json(200, {}));
    const client = newClient();
    client.startSession(session('access-1'));
    expect(localStorage.getItem(SESSION_HINT_KEY)).toBe('1');
    expect(JSON.stringify({ ...localStorage })).not.toContain('access-1');
    await client.get('/me');
    expect(seen[0]!.headers.get('Authorization')).toBe('Bearer access-1');
    expect(seen[0]!.headers.get('X-Academy-Session')).toBe('cookie');
  });

  it('refreshes on reload from the cookie alone, sending no token', async () => {
    localStorage.setItem(SESSION_HINT_KEY, '1');
    const seen = fakeServer(() => json(200, session('access-2')));
    await expect(newClient().refresh()).resolves.toBe(true);
    expect(seen[0]!.url.pathname).toBe('/api/v1/auth/refresh');
    expect(seen[0]!.body).toEqual({});
    expect(seen[0]!.headers.get('X-Academy-Session')).toBe('cookie');
  });

  it('does not ask for new tokens when it never signed in', async () => {
    const seen = fakeServer(() => json(200, session('access-2')));
    await expect(newClient().refresh()).resolves.toBe(false);
    expect(seen).toHaveLength(0);
  });

  it('refreshes once on 401 and retries with the new token', async () => {
    const seen = fakeServer((req) => {
      if (req.url.pathname === '/api/v1/auth/refresh') {
        return json(200, session('access-2'));
      }
      return req.headers.get('Authorization') === 'Bearer access-2' ? json(200, { id: 'u1' }) : problem(401);
    });
    const client = newClient();
    client.startSession(session('access-1'));
    await expect(client.get('/me')).resolves.toEqual({ id: 'u1' });
    expect(seen.map((r) => `${r.method} ${r.url.pathname}`)).toEqual(['GET /api/v1/me', 'POST /api/v1/auth/refresh', 'GET /api/v1/me']);
    expect(seen[1]!.body).toEqual({});
  });

  it('does not loop when the retried request is refused again', async () => {
    const seen = fakeServer((req) =>
      req.url.pathname === '/api/v1/auth/refresh' ? json(200, session('access-2')) : problem(401),
    );
    const client = newClient();
    client.startSession(session('access-1'));
    const err = (await client.get('/me').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(401);
    expect(seen).toHaveLength(3);
  });

  it('shares one refresh between concurrent 401s', async () => {
    const seen = fakeServer((req) => {
      if (req.url.pathname === '/api/v1/auth/refresh') {
        return json(200, session('access-2'));
      }
      return req.headers.get('Authorization') === 'Bearer access-2' ? json(200, {}) : problem(401);
    });
    const client = newClient();
    client.startSession(session('access-1'));
    await Promise.all([client.get('/me'), client.get('/me/enrolments'), client.get('/me/credentials')]);
    expect(seen.filter((r) => r.url.pathname === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('ends the session when the refresh token is refused', async () => {
    fakeServer(() => problem(401));
    const client = newClient();
    let ended = 0;
    client.onSessionEnd(() => ended++);
    client.startSession(session('access-1'));
    const err = (await client.get('/me').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(401);
    expect(ended).toBe(1);
    expect(client.hasSession()).toBe(false);
    expect(localStorage.getItem(SESSION_HINT_KEY)).toBeNull();
  });

  it('never refreshes for a 401 from the auth endpoints (wrong password)', async () => {
    const seen = fakeServer(() => problem(401));
    const client = newClient();
    client.startSession(session('access-1'));
    await expect(client.post('/auth/login', { email: 'a', password: 'b' })).rejects.toBeInstanceOf(ApiError);
    expect(seen).toHaveLength(1);
    expect(client.hasSession()).toBe(true);
  });

  it('passes a 401 through when there is no session', async () => {
    const seen = fakeServer(() => problem(401));
    await expect(newClient().get('/me')).rejects.toMatchObject({ status: 401 });
    expect(seen).toHaveLength(1);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  const cases: { name: string; value: string | null; want: number | undefined }[] = [
    { name: 'absent', value: null, want: undefined },
    { name: 'seconds', value: '120', want: 120 },
    { name: 'HTTP date', value: 'Wed, 01 Jan 2025 00:01:30 GMT', want: 90 },
    { name: 'date in the past', value: 'Tue, 31 Dec 2024 23:00:00 GMT', want: 0 },
    { name: 'garbage', value: 'soon', want: undefined },
  ];
  it.each(cases)('$name', ({ value, want }) => {
    expect(parseRetryAfter(value, now)).toBe(want);
  });
});

describe('ApiClient uploads and downloads', () => {
  it('sends a file as the raw body with its progress, and refreshes once on 401', async () => {
    localStorage.setItem(SESSION_HINT_KEY, '1');
    const seen = fakeServer((req) => {
      if (req.url.pathname === '/api/v1/auth/refresh') {
        return json(200, session('fresh'));
      }
      return req.headers.get('Authorization') === 'Bearer fresh' ? json(202, { id: 's1' }) : problem(401);
    });
    const progress: number[] = [];
    const file = new File(['id,label\n1,a\n'], 'p.csv.gz');
    const got = await newClient().upload<{ id: string }>('/competitions/c/submissions', file, {
      query: { phase: 'main' },
      contentType: 'application/gzip',
      onProgress: (p) => progress.push(p.loaded / p.total),
    });
    expect(got).toEqual({ id: 's1' });
    const uploads = seen.filter((r) => r.url.pathname === '/api/v1/competitions/c/submissions');
    expect(uploads).toHaveLength(2);
    expect(uploads[1]!.url.search).toBe('?phase=main');
    expect(uploads[1]!.headers.get('Content-Type')).toBe('application/gzip');
    expect(uploads[1]!.body).toBe(file);
    expect(progress.at(-1)).toBe(1);
  });

  it('keeps the members a route adds to its problem', async () => {
    fakeServer(() => problem(422, { code: 'invalid-submission', problems: [{ code: 'empty-file', message: 'The file is empty.' }] }));
    const err = await newClient()
      .upload('/competitions/c/submissions', new File([''], 'p.csv'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(422);
    expect((err as ApiError).problem.problems).toEqual([{ code: 'empty-file', message: 'The file is empty.' }]);
  });
});
