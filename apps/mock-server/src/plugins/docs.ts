// /docs and /openapi/*: the interactive reference and the verbatim specs (routes/docs.ts).
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import { registerDocsRoutes } from '../routes/docs.js';

const docs: FastifyPluginCallback = (app, _options, done) => {
  registerDocsRoutes(app);
  done();
};

export const docsPlugin = fp(docs, { name: 'jobwatch-docs' });
