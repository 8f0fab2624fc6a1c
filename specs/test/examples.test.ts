// Every example in every spec validates against the schema it illustrates, and this test proves it.
import { describe, expect, it } from 'vitest';
import {
  createAjv,
  isNode,
  type OpenApiDocument,
  type SpecNode,
  type SpecWalker,
  specNames,
  walkSpec,
} from '../src/index.js';

type Example = { where: string; schema: unknown; value: unknown };

const entries = (value: unknown): [string, SpecNode][] =>
  Object.entries(isNode(value) ? value : {}).filter((e): e is [string, SpecNode] => isNode(e[1]));

function collectExamples(walker: SpecWalker): Example[] {
  const doc = walker.document as OpenApiDocument;
  const found: Example[] = [];
  const visitContent = (where: string, content: unknown) => {
    for (const [mediaType, media] of entries(content)) {
      for (const [name, example] of entries(media.examples)) {
        found.push({
          where: `${where} ${mediaType} examples.${name}`,
          schema: media.schema,
          value: example.value,
        });
      }
    }
  };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      for (const [status, response] of Object.entries(op.responses)) {
        visitContent(`${method.toUpperCase()} ${path} ${status}`, walker.resolve(response).content);
      }
      for (const param of op.parameters ?? []) {
        const p = walker.resolve(param);
        if (p.example !== undefined) {
          // Query values arrive as text: an integer parameter's example is a string of digits, read as a number.
          const value =
            typeof p.example === 'string' && /^-?\d+$/.test(p.example) ? Number(p.example) : p.example;
          found.push({ where: `parameter ${String(p.name)} example`, schema: p.schema, value });
        }
      }
    }
  }
  for (const [name, response] of entries(doc.components.responses)) {
    visitContent(`components.responses.${name}`, response.content);
  }
  for (const [name, schema] of entries(doc.components.schemas)) {
    const examples = Array.isArray(schema.examples) ? schema.examples : [];
    for (const [i, value] of examples.entries()) {
      found.push({
        where: `components.schemas.${name}.examples[${i}]`,
        schema: { $ref: `#/components/schemas/${name}` },
        value,
      });
    }
  }
  return found;
}

describe.each(specNames)('%s spec examples', (api) => {
  const walker = walkSpec(api);
  const ajv = createAjv();
  ajv.addSchema({ ...walker.document, $id: 'spec' }, 'spec');
  const examples = collectExamples(walker);

  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples.map((e) => [e.where, e] as const))(
    '%s validates against its schema',
    (_where, example) => {
      const schema = JSON.parse(JSON.stringify(example.schema).replaceAll('"#/', '"spec#/'));
      const validate = ajv.compile(schema);
      const ok = validate(example.value);
      expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
      expect(ok).toBe(true);
    },
  );
});
