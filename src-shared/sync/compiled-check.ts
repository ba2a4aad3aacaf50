import type { z } from 'zod';

/**
 * A yes-or-no check compiled once from a zod schema, for the collector's hot path: tens of
 * thousands of events a second, almost all of them valid. It walks the schema's definition once and
 * builds plain closures — strict objects, strings with their patterns and lengths, integers with
 * their bounds, literals, enums, booleans, arrays, nullable and optional, a discriminated union
 * picked by its discriminator in one lookup — with the same patterns zod uses.
 *
 * It is only ever as permissive as zod, never more: anything it does not recognise (a transform, a
 * refinement, a string format that is not a pattern, a loose object) makes that part answer
 * "don't know", and the caller asks zod itself. So `true` means zod accepts the value unchanged (no
 * schema here transforms or defaults), and `false` means "ask zod" — which gives the reason, and
 * has the last word.
 */
export type CompiledCheck = (value: unknown) => boolean;

type Def = {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  format?: string;
  pattern?: RegExp;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  innerType?: Schema;
  element?: Schema;
  values?: unknown[];
  entries?: Record<string, unknown>;
  options?: Schema[];
  discriminator?: string;
  coerce?: boolean;
};
type CheckDef = { check: string; format?: string; pattern?: RegExp; value?: unknown; inclusive?: boolean; minimum?: number; maximum?: number; when?: unknown };
type Schema = { _zod: { def: Def; pattern?: RegExp } };

class Unsupported extends Error {}

const never: CompiledCheck = () => false;

/** Compiles `schema` to a check; a schema with parts it does not know compiles to "always ask zod". */
export function compileCheck(schema: z.ZodType): CompiledCheck {
  try {
    return compile(schema as unknown as Schema);
  } catch (error) {
    if (error instanceof Unsupported) return never;
    throw error;
  }
}

function compile(schema: Schema): CompiledCheck {
  const def = schema._zod.def;
  if ((def as { coerce?: boolean }).coerce) throw new Unsupported('coercion');
  switch (def.type) {
    case 'string':
      return compileString(schema);
    case 'number':
      return compileNumber(def);
    case 'boolean':
      noChecks(def);
      return (v) => typeof v === 'boolean';
    case 'literal': {
      noChecks(def);
      const values = new Set(def.values);
      return (v) => values.has(v);
    }
    case 'enum': {
      noChecks(def);
      const values = new Set(Object.values(def.entries ?? {}));
      return (v) => values.has(v);
    }
    case 'nullable': {
      noChecks(def);
      const inner = compile(def.innerType!);
      return (v) => v === null || inner(v);
    }
    case 'optional': {
      noChecks(def);
      const inner = compile(def.innerType!);
      return (v) => v === undefined || inner(v);
    }
    case 'array':
      return compileArray(def);
    case 'object':
      return compileObject(def);
    case 'union':
      return compileUnion(def);
    default:
      throw new Unsupported(def.type);
  }
}

function noChecks(def: Def): void {
  if (def.checks && def.checks.length > 0) throw new Unsupported(`checks on ${def.type}`);
}

function checkDefs(def: Def): CheckDef[] {
  const list = (def.checks ?? []).map((c) => c._zod.def);
  // Length checks carry zod's own condition "when the value has a length", which the compiled
  // check meets by testing the type first; any other condition is not understood here.
  for (const c of list) if (c.when && c.check !== 'min_length' && c.check !== 'max_length') throw new Unsupported('conditional check');
  return list;
}

function compileString(schema: Schema): CompiledCheck {
  const def = schema._zod.def;
  const patterns: RegExp[] = [];
  if (def.format !== undefined) {
    // A format that is only a pattern (ISO dates and times, UUIDs …); others (URLs, IPv6) are not.
    if (!['datetime', 'date', 'time', 'uuid', 'guid'].includes(def.format) || !(def.pattern instanceof RegExp)) throw new Unsupported(`string format ${def.format}`);
    patterns.push(def.pattern);
  }
  let min = 0;
  let max = Infinity;
  for (const c of checkDefs(def)) {
    if (c.check === 'string_format' && c.format === 'regex' && c.pattern instanceof RegExp) patterns.push(c.pattern);
    else if (c.check === 'min_length' && typeof c.minimum === 'number') min = Math.max(min, c.minimum);
    else if (c.check === 'max_length' && typeof c.maximum === 'number') max = Math.min(max, c.maximum);
    else throw new Unsupported(`string check ${c.check}`);
  }
  // Global or sticky patterns carry state between calls; copies without those flags do not.
  const own = patterns.map((p) => (p.global || p.sticky ? new RegExp(p.source, p.flags.replace(/[gy]/g, '')) : p));
  return (v) => {
    if (typeof v !== 'string' || v.length < min || v.length > max) return false;
    for (const p of own) if (!p.test(v)) return false;
    return true;
  };
}

function compileNumber(def: Def): CompiledCheck {
  let integer = false;
  let lower = -Infinity;
  let lowerInclusive = true;
  let upper = Infinity;
  let upperInclusive = true;
  for (const c of checkDefs(def)) {
    if (c.check === 'number_format' && (c.format === 'safeint' || c.format === 'int32')) {
      integer = true;
      if (c.format === 'int32') {
        lower = Math.max(lower, -2147483648);
        upper = Math.min(upper, 2147483647);
      }
    } else if (c.check === 'greater_than' && typeof c.value === 'number') {
      if (c.value > lower || (c.value === lower && !c.inclusive)) {
        lower = c.value;
        lowerInclusive = c.inclusive === true;
      }
    } else if (c.check === 'less_than' && typeof c.value === 'number') {
      if (c.value < upper || (c.value === upper && !c.inclusive)) {
        upper = c.value;
        upperInclusive = c.inclusive === true;
      }
    } else throw new Unsupported(`number check ${c.check}`);
  }
  return (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
    if (integer && !Number.isSafeInteger(v)) return false;
    if (lowerInclusive ? v < lower : v <= lower) return false;
    if (upperInclusive ? v > upper : v >= upper) return false;
    return true;
  };
}

function compileArray(def: Def): CompiledCheck {
  let min = 0;
  let max = Infinity;
  for (const c of checkDefs(def)) {
    if (c.check === 'min_length' && typeof c.minimum === 'number') min = Math.max(min, c.minimum);
    else if (c.check === 'max_length' && typeof c.maximum === 'number') max = Math.min(max, c.maximum);
    else throw new Unsupported(`array check ${c.check}`);
  }
  const element = compile(def.element!);
  return (v) => {
    if (!Array.isArray(v) || v.length < min || v.length > max) return false;
    for (let i = 0; i < v.length; i += 1) if (!element(v[i])) return false;
    return true;
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function compileObject(def: Def): CompiledCheck {
  noChecks(def);
  // Only strict objects: a loose one would pass keys zod strips, and the caller keeps the value as it came.
  if (def.catchall?._zod.def.type !== 'never') throw new Unsupported('an object that is not strict');
  const fields = Object.entries(def.shape ?? {}).map(([key, schema]) => ({ key, check: compile(schema), optional: schema._zod.def.type === 'optional' }));
  const known = new Set(fields.map((f) => f.key));
  return (v) => {
    if (!isPlainObject(v)) return false;
    for (const key in v) if (!known.has(key)) return false;
    // A missing required key fails its own check (undefined is never a string, number, null …).
    for (const f of fields) if (!f.check(v[f.key])) return false;
    return true;
  };
}

function compileUnion(def: Def): CompiledCheck {
  noChecks(def);
  const key = def.discriminator;
  if (!key) throw new Unsupported('a union without a discriminator');
  const byValue = new Map<unknown, CompiledCheck>();
  for (const option of def.options ?? []) {
    const odef = option._zod.def;
    const discriminant = odef.shape?.[key]?._zod.def;
    const values = discriminant?.type === 'literal' ? discriminant.values : discriminant?.type === 'enum' ? Object.values(discriminant.entries ?? {}) : null;
    if (!values) throw new Unsupported('a discriminator that is not a literal or an enum');
    const check = compile(option);
    for (const value of values) {
      if (byValue.has(value)) throw new Unsupported('a discriminator value in two options');
      byValue.set(value, check);
    }
  }
  return (v) => {
    if (!isPlainObject(v)) return false;
    const check = byValue.get(v[key]);
    return check !== undefined && check(v);
  };
}
