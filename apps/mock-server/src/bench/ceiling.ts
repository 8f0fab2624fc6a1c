// The benchmark's ceiling: a bare node:http server answering every request with one pre-encoded constant page
// (the bytes of a real 10-job page, read from the file given as the first argument). It measures the limit of
// the HTTP stack on this machine; the mock is judged against it in the same run.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: ceiling.js <body-file>\n');
  process.exit(2);
}
const body = readFileSync(file);
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) };

const server = createServer((_request, response) => {
  response.writeHead(200, headers);
  response.end(body);
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`ready http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
