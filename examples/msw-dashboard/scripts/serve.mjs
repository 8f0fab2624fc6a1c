// `pnpm serve`: builds dist/ and serves it on 127.0.0.1 (a random port) for a person to open the page.
import { buildSite, distDir } from './build.mjs';
import { serveFolder } from './static-server.mjs';

await buildSite();
const { url } = await serveFolder(distDir);
console.log(`the dashboard: ${url}/  (the benchmark: ${url}/bench.html)  — Ctrl-C stops`);
