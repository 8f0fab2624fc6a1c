// A static file server for dist/ on 127.0.0.1 and a random port (node:http): a loopback origin is a secure
// context, so the page may register MSW's service worker, and nothing is reachable from elsewhere.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Serves the files under `root` until `close()`; `/` is index.html. `paths` lists every path asked for, so that a
 * test can tell what the network served from what the service worker answered.
 * @param {string} root
 * @returns {Promise<{ url: string; paths: string[]; close(): Promise<void> }>}
 */
export async function serveFolder(root) {
  /** @type {string[]} */
  const paths = [];
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    paths.push(path);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type':
          TYPES[/** @type {keyof typeof TYPES} */ (extname(file))] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    paths,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
