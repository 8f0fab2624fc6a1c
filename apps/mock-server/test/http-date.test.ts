// The Date header is the data clock's instant on every answer (src/http-date.ts): API pages, errors sent from
// hooks (404, 405, 414), the token endpoint and /healthz; over real HTTP through the fast path too.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { NOW, NOW_MS } from './helpers.js';

const RANGE = 'startTime=2025-05-01&finishTime=2025-06-01';
const httpDate = (ms: number) => new Date(ms).toUTCString();

describe('the Date header follows the data clock', () => {
  let wall = Date.parse('2031-03-03T03:03:03.500Z');
  let app: FastifyInstance;
  let origin: string;
  beforeAll(async () => {
    app = buildApp({ now: NOW, speed: 60, clock: () => wall, auth: false });
    origin = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => app.close());

  it.each([
    ['an API page', 'GET', `/backup/sfbapi/jobs?${RANGE}`, 200],
    ['a 400', 'GET', '/backup/sfbapi/jobs?pageSize=0', 400],
    ['a 404', 'GET', '/nowhere', 404],
    ['a 405', 'POST', '/dynamicsbackup/jobs', 405],
    ['a 414', 'GET', `/backup/sfbapi/jobs?${'a'.repeat(9000)}`, 414],
    ['the token endpoint', 'POST', '/connect/token', 400],
    ['/healthz', 'GET', '/healthz', 200],
  ])('on %s, under inject', async (_what, method, url, status) => {
    wall += 1_000; // one wall second: a minute of data time at 60×
    const response = await app.inject({ method: method as 'GET' | 'POST', url });
    expect(response.statusCode).toBe(status);
    expect(response.headers.date).toBe(httpDate(app.mock.clock.instant()));
    expect(app.mock.clock.instant()).toBeGreaterThan(NOW_MS);
  });

  it('on an API page over HTTP (the fast path) and on a 404 over HTTP (Fastify)', async () => {
    wall += 60_000; // an hour of data time
    for (const path of [`/backup/sfbapi/jobs?${RANGE}`, '/nowhere']) {
      const response = await fetch(`${origin}${path}`);
      expect(response.headers.get('date'), path).toBe(httpDate(app.mock.clock.instant()));
    }
  });
});
