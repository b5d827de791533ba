import { vi } from 'vitest';
import type { SearchType } from '../api/types';

/** A request as the fake server sees it. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

type Handler = (request: SeenRequest) => Response | Promise<Response>;

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** A problem+json response as the API sends for errors. */
export function problem(status: number, fields: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: `urn:academy:problem:test-${status}`, title: 'Error', status, ...fields }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

/** An empty 204 response. */
export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/**
 * XMLHttpRequest as uploads use it, answered by the fake server's handler: the body is sent
 * in two reported halves before the handler answers.
 */
function fakeXHR(handler: Handler, seen: SeenRequest[]) {
  return class FakeXMLHttpRequest {
    readonly upload = new EventTarget();
    status = 0;
    statusText = '';
    responseText = '';
    private readonly events = new EventTarget();
    private readonly requestHeaders = new Headers();
    private responseHeaders = new Headers();
    private method = 'GET';
    private url = '';
    private aborted = false;

    addEventListener(type: string, listener: EventListener) {
      this.events.addEventListener(type, listener);
    }

    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }

    setRequestHeader(name: string, value: string) {
      this.requestHeaders.set(name, value);
    }

    getAllResponseHeaders(): string {
      return [...this.responseHeaders].map(([name, value]) => `${name}: ${value}`).join('\r\n');
    }

    abort() {
      this.aborted = true;
      this.events.dispatchEvent(new Event('abort'));
    }

    send(body: Blob) {
      const request: SeenRequest = { method: this.method, url: new URL(this.url, 'http://academy.test'), headers: this.requestHeaders, body };
      seen.push(request);
      void (async () => {
        for (const loaded of [Math.floor(body.size / 2), body.size]) {
          await Promise.resolve();
          this.upload.dispatchEvent(new ProgressEvent('progress', { lengthComputable: true, loaded, total: body.size }));
        }
        const response = await handler(request);
        if (this.aborted) {
          return;
        }
        this.status = response.status;
        this.statusText = response.statusText;
        this.responseHeaders = response.headers;
        this.responseText = await response.text();
        this.events.dispatchEvent(new Event('load'));
      })();
    }
  };
}

/** Replaces fetch (and XMLHttpRequest, for uploads) with handler and records every request it receives. */
export function fakeServer(handler: Handler): SeenRequest[] {
  const seen: SeenRequest[] = [];
  vi.stubGlobal('XMLHttpRequest', fakeXHR(handler, seen));
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input), 'http://academy.test');
      const raw = typeof init.body === 'string' ? init.body : undefined;
      const request: SeenRequest = {
        method: init.method ?? 'GET',
        url,
        headers: new Headers(init.headers),
        body: raw ? JSON.parse(raw) : undefined,
      };
      seen.push(request);
      return handler(request);
    }),
  );
  return seen;
}

/** A search answer with the given hits. */
export function searchResponse(
  hits: { type: SearchType; id: string; title: string; slug?: string; summary?: string; status?: string; highlights?: { title?: string } }[],
  extra: { total?: number; facets?: Record<string, Record<string, number>>; next_cursor?: string } = {},
) {
  return {
    hits: hits.map((h) => ({ slug: h.id, highlights: {}, ...h })),
    total: extra.total ?? hits.length,
    facets: extra.facets ?? {},
    next_cursor: extra.next_cursor,
  };
}
