// Validators for the specs' own schemas, so that tests judge rendered JSON by the specs and nothing else.
import { createAjv, loadSpec, type SpecName, type ValidateFunction } from '@jobwatch/specs';

const ajv = createAjv();
const added = new Set<SpecName>();
const cache = new Map<string, ValidateFunction>();

/** A validator for `#/components/schemas/<name>` of an API's spec. */
export function schemaValidator(api: SpecName, name: string): ValidateFunction {
  const id = `urn:jobwatch:${api}`;
  if (!added.has(api)) {
    ajv.addSchema({ ...structuredClone(loadSpec(api)), $id: id });
    added.add(api);
  }
  let validate = cache.get(`${api}/${name}`);
  if (!validate) {
    validate = ajv.compile({ $ref: `${id}#/components/schemas/${name}` });
    cache.set(`${api}/${name}`, validate);
  }
  return validate;
}

/** Throws with Ajv's errors when the value does not match the schema. */
export function expectValid(api: SpecName, name: string, value: unknown): void {
  const validate = schemaValidator(api, name);
  if (!validate(value)) {
    throw new Error(`${api} ${name} invalid: ${JSON.stringify(validate.errors)}\n${JSON.stringify(value)}`);
  }
}
