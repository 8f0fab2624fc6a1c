// jobwatch-mock (loaded by bin.ts): parse flags/env, build the app, listen, print the banner; on SIGTERM, SIGINT or
// SIGHUP stop accepting, let in-flight requests finish and drain keep-alive connections without resetting any
// (src/drain.ts), and exit 0. SIGHUP is what a closed terminal sends, so it drains too rather than reset every
// connection. SIGQUIT and SIGUSR2 keep Node's default on purpose: SIGQUIT is the "stop now" signal (immediate exit, no
// drain), and SIGUSR2 is left to tools that use it (nodemon restarts its child with it). SIGUSR1 starts Node's
// inspector, as always.
import { buildApp } from './app.js';
import { helpText, parseCli } from './cli/args.js';
import { bannerLines, baseUrlOf } from './cli/banner.js';
import { drainOf } from './drain.js';
import { ConfigError } from './errors.js';
import { DRAIN_SIGNALS, SHUTDOWN_GRACE_MS } from './limits.js';

function fail(message: string): never {
  process.stderr.write(`jobwatch-mock: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let config: ReturnType<typeof parseCli>;
  try {
    config = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (config.help) {
    process.stdout.write(helpText());
    return;
  }

  const started = performance.now();
  let app: ReturnType<typeof buildApp>;
  try {
    app = buildApp({
      ...config.app,
      logger: { level: config.logLevel, pretty: process.stdout.isTTY === true },
    });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    fail(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message.split('\n')[0]}`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const baseUrl = baseUrlOf(config.host, port);
  app.log.info({ ms: Math.round(performance.now() - started), baseUrl }, 'listening');
  process.stdout.write(`${bannerLines(app.mock, baseUrl).join('\n')}\n`);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) {
      // A second signal: the user insists.
      process.exit(1);
    }
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.warn('in-flight requests did not finish in time; closing connections');
      app.server.closeAllConnections();
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    // Drain first (src/drain.ts): stop accepting, answer what arrives with `Connection: close`, end connections
    // that stay quiet. Fastify's close() would destroy idle keep-alive connections, resetting any whose next
    // request is already on the way, so it runs only once no connection is left (for its onClose hooks).
    const drain = drainOf(app.server);
    (drain === undefined ? Promise.resolve() : drain.start())
      .then(() => app.close())
      .then(
        () => {
          app.log.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          app.log.error({ err: error }, 'close failed');
          process.exit(1);
        },
      );
  };
  for (const signal of DRAIN_SIGNALS) process.on(signal, shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`jobwatch-mock: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
