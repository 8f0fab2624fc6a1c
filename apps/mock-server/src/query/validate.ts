// Validates a raw query against an operation's compiled parameters (decision 1): names match case-insensitively,
// unknown names are ignored, a repeat (also under another casing) is a 400 naming the parameter, integers are
// read only from strict integer text, int64 stays BigInt, and each value must pass its spec schema.
import type { ParamProblem, ValidatedParams } from '@jobwatch/jobs-engine';
import { apiMessages, problem } from '../errors.js';
import type { RawQuery } from './raw.js';
import type { OperationParams, ParamSpec } from './spec-params.js';

/** Strict integer text: "1e3", "1.0", " 1", "0x10", "+1" and "" are malformed. */
const INTEGER_TEXT = /^-?\d+$/;

export type ValidationResult =
  | { ok: true; params: ValidatedParams }
  | { ok: false; problems: ParamProblem[] };

function invalid(spec: ParamSpec): ParamProblem {
  return problem('InvalidParameter', spec.name, apiMessages.invalid(spec.name, spec.expectation));
}

/** Parses and checks one value; returns the typed value or a problem. */
function checkValue(spec: ParamSpec, text: string): number | bigint | string | ParamProblem {
  if (spec.kind === 'string') {
    return spec.validate?.(text) === false ? invalid(spec) : text;
  }
  // Digits beyond int64 are malformed whatever the schema says; the length bound also keeps BigInt cheap.
  if (text.length > 20 || !INTEGER_TEXT.test(text)) return invalid(spec);
  if (spec.kind === 'int64') {
    const value = BigInt(text);
    if ((spec.min !== null && value < spec.min) || (spec.max !== null && value > spec.max))
      return invalid(spec);
    return value;
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value)) return invalid(spec);
  return spec.validate?.(value) === false ? invalid(spec) : value;
}

export function validateQuery(operation: OperationParams, raw: RawQuery): ValidationResult {
  const problems: ParamProblem[] = [];
  // Null-prototype: keys are canonical spec names, never user-controlled, but stay safe regardless.
  const params: ValidatedParams = Object.create(null);
  // Sets of parameters as bits (spec.index): no Set allocation per request.
  let seen = 0;
  let reported = 0;

  for (let i = 0; i < raw.length; i++) {
    const pair = raw[i]!;
    const name = pair.name;
    if (name === null) continue; // an undecodable name cannot name a spec parameter: unknown, ignored
    const spec = operation.bySpelling.get(name) ?? operation.byLowerName.get(name.toLowerCase());
    if (spec === undefined) continue;
    const bit = 1 << spec.index;
    if ((seen & bit) !== 0) {
      if ((reported & bit) === 0) {
        reported |= bit;
        problems.push(problem('DuplicateParameter', spec.name, apiMessages.duplicate(spec.name)));
      }
      continue;
    }
    seen |= bit;
    if (pair.value === null) {
      reported |= bit;
      problems.push(problem('InvalidParameter', spec.name, apiMessages.badEncoding(spec.name)));
      continue;
    }
    const checked = checkValue(spec, pair.value);
    if (typeof checked === 'object') {
      reported |= bit;
      problems.push(checked);
    } else {
      params[spec.name] = checked;
    }
  }

  const has = (spec: ParamSpec) => (seen & (1 << spec.index)) !== 0;
  for (const spec of operation.list) {
    if (spec.aliasOf === null) continue;
    const target = operation.byLowerName.get(spec.aliasOf.toLowerCase());
    if (target && has(spec) && has(target)) {
      problems.push(
        problem('DuplicateParameter', spec.name, apiMessages.aliasConflict(spec.name, target.name)),
      );
    }
  }
  for (const spec of operation.list) {
    if (!spec.required || has(spec)) continue;
    // A required parameter is also satisfied by its deprecated alias (decision 17: endTime for finishTime).
    const satisfiedByAlias = operation.list.some((other) => other.aliasOf === spec.name && has(other));
    if (!satisfiedByAlias)
      problems.push(problem('MissingParameter', spec.name, apiMessages.missing(spec.name)));
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, params };
}
