// One place that builds an Ajv for OpenAPI 3.1 (JSON Schema 2020-12) with formats, so the engine's tests, the mock
// server and the contract suite validate against the specs the same way. Ajv and ajv-formats are CommonJS; under
// NodeNext the default import is the module object, hence the `.default` unwrapping.
import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';

export type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
export { Ajv2020 };

const addFormats = formatsModule.default;

/** A fresh Ajv (draft 2020-12) with the standard formats and OpenAPI keywords tolerated. */
export function createAjv(options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, ...options });
  addFormats(ajv);
  // OpenAPI annotations that are not JSON Schema keywords.
  for (const keyword of ['example', 'x-enum-varnames', 'x-enum-descriptions']) ajv.addKeyword(keyword);
  return ajv;
}
