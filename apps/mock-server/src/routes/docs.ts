// GET /openapi/<file>.yaml serves each spec of @jobwatch/specs as this server's own (served-spec.ts: its origin
// first, its token URL, enum names); /docs is an interactive reference of every spec (each API, and each revision
// of Dynamics 365, as its own entry) on one page, built from the swagger-ui-dist assets that @fastify/swagger-ui bundles (served from
// the package, no CDN). The @fastify/swagger-ui plugin itself is not registered: it serves one spec generated
// from routes by @fastify/swagger, whereas here the hand-written specs are the source.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadSpec, type SpecName, specFileName, specNames } from '@jobwatch/specs';
import type { FastifyInstance } from 'fastify';
import { stringify as toYaml } from 'yaml';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../auth/clients.js';
import { baseUrlOf } from '../cli/banner.js';
import { specForOrigin } from './served-spec.js';

const require = createRequire(import.meta.url);

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

// The page's own script is a file, not inline, so that the CSP can forbid inline scripts.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'self'; frame-ancestors 'self'";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function specUrl(api: SpecName): string {
  return `/openapi/${specFileName(api)}`;
}

function docsHtml(): string {
  const sections = specNames
    .map((api) => {
      const title = escapeHtml(loadSpec(api).info.title);
      return `<section class="api"><h2 id="${api}">${title}</h2><p class="spec">Spec: <a href="${specUrl(api)}">${specUrl(api)}</a></p><div id="ui-${api}" data-spec="${specUrl(api)}"></div></section>`;
    })
    .join('\n');
  const nav = specNames
    .map((api) => `<a href="#${api}">${escapeHtml(loadSpec(api).info.title)}</a>`)
    .join(' · ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>jobwatch mock — API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
<style>body{margin:0;font-family:sans-serif}header{padding:12px 20px;background:#1b1b1b;color:#fff}header a{color:#9cf}section.api{border-top:4px solid #eee;padding-top:8px}section.api h2,p.spec{margin:8px 20px}</style>
</head>
<body>
<header><strong>jobwatch mock server</strong> — ${nav}. Each reference talks to this server: <em>Authorize</em> with the demo client (<code>${escapeHtml(DEMO_CLIENT_ID)}</code> / <code>${escapeHtml(DEMO_CLIENT_SECRET)}</code>), then <em>Try it out</em>.</header>
${sections}
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;
}

const INIT_JS = `// One Swagger UI per spec, on one page.
document.querySelectorAll('[data-spec]').forEach(function (node) {
  SwaggerUIBundle({
    url: node.getAttribute('data-spec'),
    domNode: node,
    deepLinking: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    validatorUrl: null,
    tryItOutEnabled: false,
  });
});
`;

/** The origin a browser reaches a listening server at (a wildcard bind address through loopback). */
function originOf(app: FastifyInstance): string | undefined {
  const address = app.server.address();
  return typeof address === 'object' && address !== null
    ? baseUrlOf(address.address, address.port)
    : undefined;
}

export function registerDocsRoutes(app: FastifyInstance): void {
  // The served documents are derived once: at registration for an app that never listens (app.inject), again
  // when the server listens and its origin (port 0 → the real port) is known; never per request. Serializing
  // to YAML costs more than the rest of start-up, so each text is made on its first request and kept.
  const served = new Map<SpecName, { doc: object; text?: string }>();
  const derive = (origin: string | undefined) => {
    for (const api of specNames) served.set(api, { doc: specForOrigin(loadSpec(api), origin) });
  };
  derive(undefined);
  app.addHook('onListen', (done) => {
    derive(originOf(app));
    done();
  });
  for (const api of specNames) {
    app.get(specUrl(api), (_request, reply) => {
      const entry = served.get(api)!;
      entry.text ??= toYaml(entry.doc, { lineWidth: 0 });
      reply.header('content-type', 'application/yaml; charset=utf-8');
      return reply.send(entry.text);
    });
  }

  // Assets are read on first use: start-up does not pay for 2 MB nobody may ask for.
  const staticDir = join(dirname(require.resolve('@fastify/swagger-ui/package.json')), 'static');
  const cache = new Map<string, Buffer>();
  for (const [file, type] of Object.entries(ASSETS)) {
    app.get(`/docs/assets/${file}`, (_request, reply) => {
      let content = cache.get(file);
      if (content === undefined) {
        content = readFileSync(join(staticDir, file));
        cache.set(file, content);
      }
      reply.header('content-type', type).header('cache-control', 'public, max-age=3600');
      return reply.send(content);
    });
  }

  let html: string | undefined;
  const page = (_request: unknown, reply: import('fastify').FastifyReply) => {
    html ??= docsHtml();
    reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', CSP);
    return reply.send(html);
  };
  app.get('/docs', page);
  app.get('/docs/', page);
  app.get('/docs/init.js', (_request, reply) => {
    reply.header('content-type', 'application/javascript; charset=utf-8');
    return reply.send(INIT_JS);
  });
}
