// The spec as the mock serves it at /openapi/<file>: the hand-written spec (files in specs/ stay as they are),
// rewritten on the way out so that /docs "Try it out" works against this very server, at whatever origin the page
// was reached (its own port, localhost or 127.0.0.1, a port mapping or a proxy in front of it):
// - the first server (Swagger UI's default) is `/`, which OpenAPI resolves against the document's own URL, so this
//   server as the caller reached it; then its listening origin; loopback servers written in the spec (the
//   conventional http://127.0.0.1:4010) are dropped, since they name some other port;
// - every OAuth flow's token URL is its own token endpoint, `/connect/token`, resolved the same way, so Authorize
//   gets a token from this server (the page's CSP allows only its own origin, and the demo client exists only
//   here). Nothing is taken from the request: a relative URL names no host.
// - every enum with `x-enum-varnames` gets its names in its description (and in that of each parameter that
//   uses it), because Swagger UI shows only the bare values (`4`) and never the vendor extension.
// One function for every served spec and revision; nothing in it names an API.
import { TOKEN_PATH } from './token.js';

/** A JSON value of a parsed spec. */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** True for a server URL on this machine (localhost, 127.0.0.0/8, [::1]), with or without a port. */
function isLoopbackServer(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  } catch {
    return false; // a templated URL such as https://graph-{dc}.… is never loopback
  }
}

/** `Values: `0` All, `1` Backup, …` for an enum with names, or undefined for one without. */
export function enumNamesLine(schema: JsonObject): string | undefined {
  const values = schema.enum;
  const names = schema['x-enum-varnames'];
  if (!Array.isArray(values) || !Array.isArray(names) || names.length !== values.length) return undefined;
  const labels = Array.isArray(schema['x-enum-descriptions']) ? schema['x-enum-descriptions'] : [];
  const items = values.map((value, i) => {
    const name = String(names[i]);
    const label = labels[i];
    const more = typeof label === 'string' && label.replace(/\W/g, '').toLowerCase() !== name.toLowerCase();
    return `\`${String(value)}\` ${name}${more ? ` (${label})` : ''}`;
  });
  return `Values: ${items.join(', ')}.`;
}

function withLine(description: Json | undefined, line: string): string {
  const text = typeof description === 'string' ? description.trimEnd() : '';
  return text === '' ? line : `${text}\n\n${line}`;
}

/** The names lines of a schema, or of each branch of its `anyOf` / `oneOf` (a flag, or a combination of flags). */
function schemaLines(doc: JsonObject, schema: Json | undefined): string[] {
  if (!isObject(schema)) return [];
  const own = enumNamesLine(schema);
  if (own) return [own];
  const branches = [schema.anyOf, schema.oneOf].flatMap((list) => (Array.isArray(list) ? list : []));
  return branches.flatMap((branch) => schemaLines(doc, deref(doc, branch)));
}

/** Follows a local `$ref` (`#/components/schemas/X`) to its target, or returns the object itself. */
function deref(doc: JsonObject, value: Json | undefined, seen = new Set<string>()): Json | undefined {
  if (!isObject(value) || typeof value.$ref !== 'string' || !value.$ref.startsWith('#/')) return value;
  if (seen.has(value.$ref)) return undefined;
  seen.add(value.$ref);
  let target: Json | undefined = doc;
  for (const part of value.$ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    target = isObject(target) ? target[key] : undefined;
  }
  return deref(doc, target, seen);
}

/** This server first among the servers, and its own token endpoint in every OAuth flow. */
function pointAt(doc: JsonObject, origin: string | undefined): void {
  const servers = Array.isArray(doc.servers) ? doc.servers : [];
  const kept = servers.filter((s) => !(isObject(s) && typeof s.url === 'string' && isLoopbackServer(s.url)));
  doc.servers = [
    { url: '/', description: 'This mock server, at the origin this document was fetched from' },
    ...(origin === undefined ? [] : [{ url: origin, description: 'This mock server, where it listens' }]),
    ...kept,
  ];
  const tokenUrl = TOKEN_PATH;
  const schemes = isObject(doc.components) ? doc.components.securitySchemes : undefined;
  for (const scheme of isObject(schemes) ? Object.values(schemes) : []) {
    const flows = isObject(scheme) && scheme.type === 'oauth2' ? scheme.flows : undefined;
    for (const flow of isObject(flows) ? Object.values(flows) : []) {
      if (isObject(flow) && 'tokenUrl' in flow) flow.tokenUrl = tokenUrl;
    }
  }
}

/** Every object in the document, depth first (the document is a tree: refs are strings, not links). */
function* objects(value: Json): Generator<JsonObject> {
  if (Array.isArray(value)) for (const item of value) yield* objects(item);
  else if (isObject(value)) {
    yield value;
    for (const item of Object.values(value)) yield* objects(item);
  }
}

/**
 * Rewrites a parsed spec for serving from a server listening at `origin` (such as `http://127.0.0.1:43121`): see
 * the file comment. Without an origin (a server that does not listen, tested with inject) it is not listed.
 * Returns a new document; `spec` is not changed.
 */
export function specForOrigin(spec: object, origin: string | undefined): JsonObject {
  const doc = structuredClone(spec) as JsonObject;
  pointAt(doc, origin);

  // Parameters first, while every schema description is still as written: a parameter takes the line of the
  // schema it refers to. Then each enum schema itself, for the Schemas section.
  for (const node of objects(doc)) {
    if (typeof node.in !== 'string' || typeof node.name !== 'string') continue;
    const line = schemaLines(doc, deref(doc, node.schema)).join(' ');
    if (line) node.description = withLine(node.description, line);
  }
  for (const node of objects(doc)) {
    const line = enumNamesLine(node);
    if (line) node.description = withLine(node.description, line);
  }
  return doc;
}
