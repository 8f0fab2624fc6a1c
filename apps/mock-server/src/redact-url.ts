// Request URLs are logged at debug level; a caller may put a credential in the query string (access_token=…,
// client_secret=…), so the values of parameters with secret-looking names are replaced before a URL is logged.
const SECRET_NAME = /token|secret|assertion|password|passwd|api[-_]?key|signature|^code$|^key$/i;

function decodedName(rawName: string): string {
  try {
    return decodeURIComponent(rawName.replace(/\+/g, ' '));
  } catch {
    return rawName;
  }
}

/** The URL (path + query) with the value of every secret-looking query parameter replaced by `[redacted]`. */
export function redactUrlSecrets(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const rawName = eq === -1 ? part : part.slice(0, eq);
      return eq !== -1 && SECRET_NAME.test(decodedName(rawName)) ? `${rawName}=[redacted]` : part;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}
