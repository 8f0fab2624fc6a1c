// The browser module (the `browser` export condition) gives the Node loader's API and the same documents, read
// from the YAML as it is now (the build inlines them), and says clearly what it cannot do.
import { describe, expect, it } from 'vitest';
import * as browser from '../dist/browser.js';
import type { SpecNode } from '../src/index.js';
import * as node from '../src/index.js';

describe('the browser module', () => {
  it('exports exactly what the Node loader exports', async () => {
    const built = await import('../dist/index.js');
    expect(Object.keys(browser).sort()).toEqual(Object.keys(built).sort());
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
  });

  it.each(node.specNames)('carries the %s document of the YAML, with its exact integers', (spec) => {
    const fromYaml = node.parseSpec(node.readSpecText(spec), 'x.yaml');
    expect(browser.loadSpec(spec)).toEqual(fromYaml.document);
    expect(browser.loadSpec(spec)).toBe(browser.loadSpec(spec)); // parsed once
    const walker = browser.walkSpec(spec);
    expect(walker).toBeInstanceOf(browser.SpecWalker);
    expect(walker).toBe(browser.walkSpec(spec));
    for (const [pointer, digits] of Object.entries(fromYaml.exactIntegers)) {
      const steps = pointer
        .split('/')
        .slice(1)
        .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));
      const keyword = steps.pop()!;
      const parent = steps.reduce<unknown>(
        (node, step) => (node as Record<string, unknown>)[step],
        walker.document,
      );
      expect(walker.exactInteger(parent as SpecNode, keyword)).toBe(BigInt(digits));
    }
  });

  it('has exact integers to compare: the 2024-10 spec bounds its ticks beyond 2^53', () => {
    const { exactIntegers } = node.parseSpec(node.readSpecText('dynamics365'), 'x.yaml');
    expect(Object.keys(exactIntegers).length).toBeGreaterThan(0);
  });

  it('walks the documents as the Node loader does', () => {
    for (const spec of node.specNames) {
      const paths = Object.keys(node.loadSpec(spec).paths);
      expect(paths.length, spec).toBeGreaterThan(0);
      for (const path of paths) {
        expect(browser.walkSpec(spec).parameters(path)).toEqual(node.walkSpec(spec).parameters(path));
      }
    }
  });

  it.each([
    ['specPath', () => browser.specPath('salesforce')],
    ['readSpecText', () => browser.readSpecText('salesforce')],
    ['compiledSpecPath', () => browser.compiledSpecPath('salesforce')],
    ['parseSpec', () => browser.parseSpec('openapi: 3.1.0', 'x.yaml')],
    ['parseSpecText', () => browser.parseSpecText('openapi: 3.1.0', 'x.yaml')],
    ['sha256', () => browser.sha256('x')],
  ])('%s throws a clear error', (name, call) => {
    expect(call).toThrow(new RegExp(`^@jobwatch/specs: ${name} is not available in the browser`));
  });
});
