// Where the client asks for tokens when only a base URL is given: the mock's own endpoint on loopback, and
// nowhere (an error at creation) for any other host, so credentials never reach an identity service by guess.
import { createRecordingFetch } from '@jobwatch/graph-auth/testing';
import { describe, expect, it } from 'vitest';
import { createDynamicsBackupClient, GraphError } from '../src/index.js';

// One body serves both requests: the token endpoint reads access_token, the jobs call reads the empty page.
const body = {
  access_token: 'tok',
  token_type: 'Bearer',
  expires_in: 3600,
  ...{ totalNumber: 0, result: [] },
};
const credentials = { clientId: 'jobwatch-demo', clientSecret: 'jobwatch-demo-secret' };
const window = { startTime: '2025-01-01', finishTime: '2025-01-02' };

describe('createDynamicsBackupClient defaults', () => {
  it.each(['http://127.0.0.1:45678', 'http://localhost:45678/'])(
    'on the loopback base URL %s asks <baseUrl>/connect/token for the token',
    async (baseUrl) => {
      const { fetch, requests } = createRecordingFetch(body);
      const client = createDynamicsBackupClient({ baseUrl }, { revision: '2024-10', credentials, fetch });
      await client.listJobs(window);
      const origin = new URL(baseUrl).origin;
      expect(requests.map((r) => `${r.method} ${new URL(r.url).origin}${new URL(r.url).pathname}`)).toEqual([
        `POST ${origin}/connect/token`,
        `GET ${origin}/dynamicsbackup/jobs`,
      ]);
    },
  );

  it('refuses a non-loopback base URL without a token URL at creation, sending nothing', () => {
    const { fetch, requests } = createRecordingFetch(body);
    const create = () =>
      createDynamicsBackupClient(
        { baseUrl: 'https://jobs-proxy.example' },
        { revision: '2024-10', credentials, fetch },
      );
    expect(create).toThrow(GraphError);
    expect(create).toThrow(
      /No token URL for the base URL https:\/\/jobs-proxy\.example: give credentials\.tokenUrl/,
    );
    expect(requests).toHaveLength(0);
  });

  it('uses the token URL or environment given for such a base URL', async () => {
    const { fetch, requests } = createRecordingFetch(body);
    const client = createDynamicsBackupClient(
      { baseUrl: 'https://jobs-proxy.example' },
      { revision: '2024-10', credentials: { ...credentials, environment: 'gov' }, fetch },
    );
    await client.listJobs(window);
    expect(requests[0]!.url).toBe('https://identity-gov.avepointonlineservices.com/connect/token');
  });
});
