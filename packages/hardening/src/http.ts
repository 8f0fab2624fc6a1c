// Raw HTTP for black-box tests: node:http with the request target sent exactly as given (no WHATWG URL
// normalisation, so broken percent-encoding and odd bytes reach the server as written). Bounded by a timeout.
import { Agent, request } from 'node:http';
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface RawRequest {
  method?: string;
  /** Path and query, sent as is (latin1 bytes; characters above U+00FF are not allowed by node:http). */
  target: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Default 30 s. */
  timeoutMs?: number;
  agent?: Agent;
}

const sharedAgent = new Agent({ keepAlive: true, maxSockets: 16 });

/** Closes the keep-alive sockets of the shared agent (call in afterAll so vitest exits promptly). */
export function closeSharedAgent(): void {
  sharedAgent.destroy();
}

/** Sends one request to `baseUrl` (http://host:port) and reads the whole response. */
export function send(baseUrl: string, options: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.target,
        headers: options.headers,
        agent: options.agent ?? sharedAgent,
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`request timed out: ${options.method ?? 'GET'} ${options.target.slice(0, 200)}`)),
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** GET with an optional bearer token. */
export function get(
  baseUrl: string,
  target: string,
  token?: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return send(baseUrl, {
    target,
    headers: token === undefined ? headers : { ...headers, authorization: `Bearer ${token}` },
  });
}

/** POST application/x-www-form-urlencoded (or another content type) to a full URL. */
export function postForm(
  tokenUrl: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const url = new URL(tokenUrl);
  return send(url.origin, {
    method: 'POST',
    target: url.pathname + url.search,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}

/** Parses JSON, or returns undefined (the caller reports the raw text). */
export function json(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export interface RawExchange {
  /** Everything the server wrote before it closed the connection (or the bound passed). */
  text: string;
  /** The status codes of the responses in `text`, in order. */
  statuses: number[];
  /** True when the server closed the connection (rather than the bound ending the exchange). */
  closedByServer: boolean;
}

/**
 * Writes raw bytes to the server (and `later`, once the first bytes of an answer arrived), and collects the
 * answer until the server closes the connection or `waitMs` passes. For framing attacks that node:http cannot send.
 */
export function rawExchange(
  baseUrl: string,
  bytes: string,
  options: { later?: string; waitMs?: number } = {},
): Promise<RawExchange> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let text = '';
    let closedByServer = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const statuses = [...text.matchAll(/^HTTP\/1\.[01] (\d{3})/gm)].map((m) => Number(m[1]));
      resolve({ text, statuses, closedByServer });
    };
    const timer = setTimeout(finish, options.waitMs ?? 3_000);
    socket.on('data', (chunk: Buffer) => {
      const first = text === '';
      text += chunk.toString('latin1');
      if (first && options.later !== undefined) socket.write(options.later);
    });
    socket.on('error', () => {});
    socket.on('end', () => {
      closedByServer = true;
    });
    socket.on('close', finish);
    socket.write(bytes);
  });
}

/** The value of a header in a raw HTTP answer. */
export function rawHeader(text: string, name: string): string | undefined {
  return new RegExp(`^${name}: (.*)$`, 'im').exec(text)?.[1]?.trim();
}

/** The JSON body of a raw HTTP answer (the first response in it). */
export function rawJson(text: string): unknown {
  const start = text.indexOf('\r\n\r\n') + 4;
  const length = Number(rawHeader(text, 'content-length') ?? text.length - start);
  return json(text.slice(start, start + length));
}
