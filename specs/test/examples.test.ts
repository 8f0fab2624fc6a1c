// Every example in both specs validates against the schema it illustrates (issue 2: "each example validates
// against its own schema, and a test proves it").
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { apiNames, loadSpec, type OpenApiDocument } from '../src/index.js';

type Example = { where: string; schema: unknown; value: unknown };

function resolve(doc: OpenApiDocument, node: unknown): any {
  let current: any = node;
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    const path = (current.$ref as string).replace(/^#\//, '').split('/');
    current = path.reduce<any>((acc, key) => acc?.[key], doc);
  }
  return current;
}

function collectExamples(doc: OpenApiDocument): Example[] {
  const found: Example[] = [];
  const visitContent = (where: string, content: Record<string, any> | undefined) => {
    for (const [mediaType, media] of Object.entries(content ?? {})) {
      for (const [name, example] of Object.entries<any>(media.examples ?? {})) {
        found.push({ where: `${where} ${mediaType} examples.${name}`, schema: media.schema, value: example.value });
      }
    }
  };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      for (const [status, response] of Object.entries(op.responses)) {
        visitContent(`${method.toUpperCase()} ${path} ${status}`, resolve(doc, response).content);
      }
      for (const param of op.parameters ?? []) {
        const p = resolve(doc, param);
        if (p.example !== undefined) {
          // Query values arrive as text: an integer parameter's example is a string of digits, read as a number.
          const value = typeof p.example === 'string' && /^-?\d+$/.test(p.example) ? Number(p.example) : p.example;
          found.push({ where: `parameter ${p.name} example`, schema: p.schema, value });
        }
      }
    }
  }
  for (const [name, response] of Object.entries<any>(doc.components.responses ?? {})) {
    visitContent(`components.responses.${name}`, response.content);
  }
  for (const [name, schema] of Object.entries<any>(doc.components.schemas)) {
    for (const [i, value] of (schema.examples ?? []).entries()) {
      found.push({ where: `components.schemas.${name}.examples[${i}]`, schema: { $ref: `#/components/schemas/${name}` }, value });
    }
  }
  return found;
}

describe.each(apiNames)('%s spec examples', (api) => {
  const doc = loadSpec(api);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: 'spec' }, 'spec');
  const examples = collectExamples(doc);

  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples.map((e) => [e.where, e] as const))('%s validates against its schema', (_where, example) => {
    const schema = JSON.parse(JSON.stringify(example.schema).replaceAll('"#/', '"spec#/'));
    const validate = ajv.compile(schema);
    const ok = validate(example.value);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });
});
