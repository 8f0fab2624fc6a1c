// Enum values and their names are read from the spec (`enum` + `x-enum-varnames`), never retyped here.
import { loadSpec, type SpecName } from '@jobwatch/specs';

export type SpecEnum = { values: number[]; names: string[] };

export function specEnum(api: SpecName, schemaName: string): SpecEnum {
  const schema = loadSpec(api).components.schemas[schemaName] as Record<string, unknown> | undefined;
  if (!schema || !Array.isArray(schema.enum)) throw new Error(`spec ${api} has no enum schema ${schemaName}`);
  const values = schema.enum.filter((v): v is number => typeof v === 'number');
  const names = Array.isArray(schema['x-enum-varnames']) ? schema['x-enum-varnames'].map(String) : [];
  return { values, names };
}

export function specStringEnum(api: SpecName, schemaName: string): string[] {
  const schema = loadSpec(api).components.schemas[schemaName] as Record<string, unknown> | undefined;
  if (!schema || !Array.isArray(schema.enum)) throw new Error(`spec ${api} has no enum schema ${schemaName}`);
  return schema.enum.map(String);
}

/** Query values without the "all" value (0). */
export const withoutAll = (values: readonly number[]) => values.filter((v) => v !== 0);

/** A `pattern` from the spec, found by a path under components.schemas (e.g. `RequestIdValue`). */
export function specPattern(api: SpecName, ...path: string[]): RegExp {
  let node: unknown = loadSpec(api).components.schemas;
  for (const step of path) node = (node as Record<string, unknown> | undefined)?.[step];
  const pattern = (node as { pattern?: unknown } | undefined)?.pattern;
  if (typeof pattern !== 'string') throw new Error(`spec ${api} has no pattern at ${path.join('.')}`);
  return new RegExp(pattern);
}
