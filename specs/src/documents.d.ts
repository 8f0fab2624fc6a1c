// The module the build writes next to browser.js (compile.ts → dist/documents.js): each spec's compiled JSON
// (the same text as dist/<spec>.json), inlined so that the browser module needs no file access. It is generated
// from the YAML at every build, never committed, so it cannot be stale.
import type { SpecName } from './names.js';

/** Each spec's CompiledSpec as JSON text (parsed on first use: JSON.parse of a string is faster than a literal). */
export declare const compiledSpecs: Readonly<Record<SpecName, string>>;
