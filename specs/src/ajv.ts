// One place that builds an Ajv for OpenAPI 3.1 (JSON Schema 2020-12) with formats, so the engine's tests, the mock
// server and the contract suite validate against the specs the same way. Ajv is loaded only when the first one is
// built: it costs about 40 ms to load, and most importers of the specs (the engine, the mock's dataset worker)
// read the documents and never validate. The Node entry loads it with require and the browser entry imports it
// (a bundler needs a static import); both hand the modules to `ajvFactory`.
import type { Ajv2020, Options } from 'ajv/dist/2020.js';
import type formatsModule from 'ajv-formats';

export type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';

/** What an Ajv is built from. */
export interface AjvModules {
  Ajv2020: typeof Ajv2020;
  addFormats: typeof formatsModule.default;
}

/** `createAjv`, loading the modules on its first call. */
export function ajvFactory(load: () => AjvModules): (options?: Options) => Ajv2020 {
  let modules: AjvModules | undefined;
  /** A fresh Ajv (draft 2020-12) with the standard formats and OpenAPI keywords tolerated. */
  return (options = {}) => {
    modules ??= load();
    const ajv = new modules.Ajv2020({ strict: false, allErrors: true, ...options });
    modules.addFormats(ajv);
    // OpenAPI annotations that are not JSON Schema keywords.
    for (const keyword of ['example', 'x-enum-varnames', 'x-enum-descriptions']) ajv.addKeyword(keyword);
    return ajv;
  };
}
