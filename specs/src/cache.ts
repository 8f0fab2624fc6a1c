// The per-process caches of parsed documents and walkers, over wherever the compiled specs come from (the Node
// loader reads dist/*.json or the YAML; the browser module has them inlined by the build).
import type { SpecName } from './names.js';
import { type SpecDocumentSource, SpecWalker } from './walker.js';

/** What a loader yields for a spec: the parsed document and its integers beyond 2^53 (see parseSpec). */
export type LoadedSpec = Required<SpecDocumentSource>;

export interface SpecCache<T extends LoadedSpec> {
  /** The loaded spec (cached). */
  compiled(spec: SpecName): T;
  /** The walker over a spec (cached). */
  walker(spec: SpecName): SpecWalker;
}

export function specCache<T extends LoadedSpec>(load: (spec: SpecName) => T): SpecCache<T> {
  const loaded = new Map<SpecName, T>();
  const walkers = new Map<SpecName, SpecWalker>();
  const compiled = (spec: SpecName): T => {
    let entry = loaded.get(spec);
    if (!entry) {
      entry = load(spec);
      loaded.set(spec, entry);
    }
    return entry;
  };
  return {
    compiled,
    walker(spec) {
      let walker = walkers.get(spec);
      if (!walker) {
        const { document, exactIntegers } = compiled(spec);
        walker = new SpecWalker({ document, exactIntegers });
        walkers.set(spec, walker);
      }
      return walker;
    },
  };
}
