import type { FieldError, Problem, Session } from './types';

/**
 * Where the client remembers that it signed in, so a reload knows to ask for new tokens.
 * It holds no secret: the refresh token itself lives in an HttpOnly cookie script cannot read.
 */
export const SESSION_HINT_KEY = 'academy.signed_in';

/** Asks the server for the refresh token in its cookie; also shows auth requests come from this app. */
export const SESSION_HEADER = 'X-Academy-Session';

/** Problem type of a request that never reached the server. */
export const NETWORK_ERROR_TYPE = 'urn:academy:problem:network';

/** A failed API call, carrying the server's problem details. */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail?: string;
  readonly errors?: FieldError[];
  /** Seconds the server asked us to wait (Retry-After), when it said. */
  readonly retryAfter?: number;
  /** The whole problem document, with the members a route adds (such as problems or resets_at). */
  readonly problem: Problem & Record<string, unknown>;

  constructor(problem: Problem & Record<string, unknown>, retryAfter?: number) {
    super(problem.detail || problem.title);
    this.problem = problem;
    this.name = 'ApiError';
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors;
    this.retryAfter = retryAfter;
  }

  /** The field errors keyed by field name (the first message per field). */
  fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const e of this.errors ?? []) {
      byField[e.field] ??= e.message;
    }
    return byField;
  }
}

/** How much of an upload has been sent. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  /** POST unless given (a host replacing a file PUTs it). */
  method?: 'POST' | 'PUT';
  query?: Query;
  signal?: AbortSignal;
  /** The Content-Type of the body; the file's own type when left out. */
  contentType?: string;
  onProgress?(progress: UploadProgress): void;
}

/** Query string values; arrays become repeated parameters, undefined and '' are left out. */
export type Query = Record<string, string | number | boolean | string[] | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers, such as an Idempotency-Key. */
  headers?: Record<string, string>;
}

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

/**
 * A JSON client for the Academy API. The access token lives only in memory; the
 * refresh token is an HttpOnly cookie the server sets on the auth routes, so a
 * reload stays signed in without script ever holding it. A request refused
 * with 401 is retried once after refreshing the tokens.
 */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl?: typeof fetch;
  private readonly storage?: ApiClientOptions['storage'];
  private accessToken: string | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly sessionEndListeners = new Set<() => void>();

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '/api/v1';
    this.fetchImpl = options.fetch;
    this.storage = options.storage ?? browserStorage();
  }

  get<T>(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  patch<T>(path: string, body: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('PATCH', path, { ...options, body });
  }

  put<T>(path: string, body: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('PUT', path, { ...options, body });
  }

  delete<T>(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  /** Sends one request; on 401 with a refresh token in hand it refreshes once and retries. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    try {
      return await this.send<T>(method, path, options);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401 || isAuthPath(path) || !this.hasSession()) {
        throw err;
      }
      if (!(await this.refresh())) {
        throw err;
      }
      return this.send<T>(method, path, options);
    }
  }

  /**
   * Fetches a file the caller must be signed in to read, such as an export, with the name the
   * server gives it (Content-Disposition). A 401 is retried once after a refresh.
   */
  async download(path: string): Promise<{ blob: Blob; filename: string }> {
    const fetchOnce = async () => {
      const doFetch = this.fetchImpl ?? globalThis.fetch;
      const headers = this.headers();
      headers.Accept = '*/*, application/problem+json';
      let response: Response;
      try {
        response = await doFetch(this.baseUrl + path, { headers, credentials: 'same-origin' });
      } catch (err) {
        throw new ApiError({ type: NETWORK_ERROR_TYPE, title: 'Network error', status: 0, detail: String(err) });
      }
      if (!response.ok) {
        throw await errorFrom(response);
      }
      const disposition = response.headers.get('Content-Disposition') ?? '';
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? path.split('/').pop() ?? 'download';
      return { blob: await response.blob(), filename };
    };
    try {
      return await fetchOnce();
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401 || !this.hasSession() || !(await this.refresh())) {
        throw err;
      }
      return fetchOnce();
    }
  }

  /**
   * Sends a file as the raw body of a request through XMLHttpRequest, whose upload events
   * (unlike fetch's) tell how much has been sent. A 401 is retried once after a refresh.
   */
  async upload<T>(path: string, body: Blob, options: UploadOptions = {}): Promise<T> {
    try {
      return await this.sendUpload<T>(path, body, options);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401 || !this.hasSession() || !(await this.refresh())) {
        throw err;
      }
      return this.sendUpload<T>(path, body, options);
    }
  }

  private sendUpload<T>(path: string, body: Blob, options: UploadOptions): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(options.method ?? 'POST', this.baseUrl + path + queryString(options.query));
      for (const [name, value] of Object.entries(this.headers())) {
        xhr.setRequestHeader(name, value);
      }
      xhr.setRequestHeader('Content-Type', options.contentType || body.type || 'application/octet-stream');
      xhr.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) {
          options.onProgress?.({ loaded: event.loaded, total: event.total });
        }
      });
      xhr.addEventListener('load', () => {
        const response = new Response(xhr.status === 204 ? null : xhr.responseText, {
          status: xhr.status,
          statusText: xhr.statusText,
          headers: parseHeaders(xhr.getAllResponseHeaders()),
        });
        decode<T>(response).then(resolve, reject);
      });
      xhr.addEventListener('error', () => reject(new ApiError({ type: NETWORK_ERROR_TYPE, title: 'Network error', status: 0 })));
      xhr.addEventListener('abort', () => reject(new DOMException('The upload was cancelled.', 'AbortError')));
      options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(body);
    });
  }

  /** Starts a session with the access token from sign-in or refresh (the refresh token came as a cookie). */
  startSession(session: Pick<Session, 'access_token'>): void {
    this.accessToken = session.access_token;
    this.writeSessionHint(true);
  }

  /** Forgets the access token and tells the listeners; the server clears the cookie on logout. */
  endSession(): void {
    const hadSession = this.accessToken !== null || this.hasSession();
    this.accessToken = null;
    this.writeSessionHint(false);
    if (hadSession) {
      this.sessionEndListeners.forEach((listener) => listener());
    }
  }

  /** Whether this browser signed in and may hold a refresh cookie. */
  hasSession(): boolean {
    try {
      return this.storage?.getItem(SESSION_HINT_KEY) === '1';
    } catch {
      return this.accessToken !== null;
    }
  }

  /** Calls listener whenever the session ends, including when a refresh is refused. */
  onSessionEnd(listener: () => void): () => void {
    this.sessionEndListeners.add(listener);
    return () => this.sessionEndListeners.delete(listener);
  }

  /**
   * Trades the refresh cookie for new tokens. Concurrent callers share one
   * request. Resolves false when there is no session or the server refused it
   * (the session then ends).
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.exchangeRefreshToken().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async exchangeRefreshToken(): Promise<boolean> {
    if (!this.hasSession()) {
      return false;
    }
    try {
      const session = await this.send<Session>('POST', '/auth/refresh', { body: {} });
      this.startSession(session);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) {
        this.endSession();
      }
      return false;
    }
  }

  /** The headers every request carries: what it accepts, the session, the token and the page language. */
  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = {
      ...extra,
      Accept: 'application/json, application/problem+json',
      [SESSION_HEADER]: 'cookie',
    };
    if (this.accessToken) {
      headers.Authorization = `Bearer ${this.accessToken}`;
    }
    // The page language (kept in <html lang>) lets the server word its messages to match.
    const language = globalThis.document?.documentElement.lang;
    if (language) {
      headers['Accept-Language'] = language;
    }
    return headers;
  }

  private async send<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const headers = this.headers(options.headers);
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const doFetch = this.fetchImpl ?? globalThis.fetch;
    let response: Response;
    try {
      response = await doFetch(this.baseUrl + path + queryString(options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
        credentials: 'same-origin',
      });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') {
        throw err;
      }
      throw new ApiError({ type: NETWORK_ERROR_TYPE, title: 'Network error', status: 0, detail: String(err) });
    }
    return decode<T>(response);
  }

  private writeSessionHint(signedIn: boolean): void {
    try {
      if (signedIn) {
        this.storage?.setItem(SESSION_HINT_KEY, '1');
      } else {
        this.storage?.removeItem(SESSION_HINT_KEY);
      }
    } catch {
      // Storage can be disabled (private browsing); a reload then asks to sign in again.
    }
  }
}

/** The body of a successful answer, or the ApiError of a failed one. */
async function decode<T>(response: Response): Promise<T> {
  if (!response.ok) {
    throw await errorFrom(response);
  }
  // Only a JSON body has something to decode: a 204, or a plain-text status
  // line that a proxy or an older server sends with a 202, carries nothing.
  const text = await response.text();
  if (!text || !(response.headers.get('Content-Type') ?? '').includes('json')) {
    return undefined as T;
  }
  return JSON.parse(text) as T;
}

/** The headers of an XMLHttpRequest answer, from its raw header block. */
function parseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const at = line.indexOf(':');
    if (at > 0) {
      headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
    }
  }
  return headers;
}

/** Auth endpoints answer 401 for wrong credentials, never for an expired access token. */
function isAuthPath(path: string): boolean {
  return path.startsWith('/auth/');
}

function browserStorage(): ApiClientOptions['storage'] {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

function queryString(query: Query | undefined): string {
  if (!query) {
    return '';
  }
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value)) {
      value.forEach((v) => params.append(name, v));
    } else if (value !== undefined && value !== '') {
      params.append(name, String(value));
    }
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function errorFrom(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  const fallback: Problem & Record<string, unknown> = {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
  };
  const contentType = response.headers.get('Content-Type') ?? '';
  if (!contentType.includes('json')) {
    return new ApiError(fallback, retryAfter);
  }
  try {
    const problem = (await response.json()) as Partial<Problem> & Record<string, unknown>;
    return new ApiError({ ...fallback, ...problem, status: response.status }, retryAfter);
  } catch {
    return new ApiError(fallback, retryAfter);
  }
}

/** Reads Retry-After as seconds, whether given as a number or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) {
    return undefined;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) {
    return undefined;
  }
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** The client the web app uses. */
export const api = new ApiClient();
