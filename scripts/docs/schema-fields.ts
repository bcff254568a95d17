// Turns a JSON schema into rows of a field table. It reads both dialects the generator meets:
// TypeBox's own JSON Schema (events.ts: `anyOf [T, null]`, `const`) and the OpenAPI 3.0 that
// @fastify/swagger makes of it (`nullable: true`, `enum`). Objects that match a named shape of the
// contract (Message, StaffInfo, …) are linked instead of expanded, so each is documented once.
import type { TSchema } from 'typebox';

export type Json = Record<string, unknown>;

export const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Field {
  path: string;
  type: string;
  required: boolean;
  description: string;
}

/** A shape documented once, in a section of its own; `keys` identifies it wherever it is inlined. */
export interface NamedShape {
  name: string;
  schema: TSchema;
  keys: string;
  /** Field notes for fields whose schema has no description yet (see field-notes.ts). */
  notes: Record<string, string>;
}

export function namedShape(name: string, schema: TSchema, notes: Record<string, string> = {}): NamedShape {
  return { name, schema, keys: objectKeys(schema) ?? name, notes };
}

export const anchor = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** Renders names and types; records which named shapes were linked, so the page can add them. */
export class ShapeIndex {
  readonly used = new Set<string>();

  constructor(
    private readonly shapes: readonly NamedShape[],
    /** Where a shape's section is, relative to the page that links it. */
    private readonly href: (shape: NamedShape) => string = (s) => `#${anchor(s.name)}`,
  ) {}

  /** The shape this object schema is, if any. */
  match(schema: unknown): NamedShape | undefined {
    const keys = objectKeys(schema);
    return keys === null ? undefined : this.shapes.find((s) => s.keys === keys);
  }

  link(shape: NamedShape): string {
    this.used.add(shape.name);
    return `[${shape.name}](${this.href(shape)})`;
  }

  /** The used shapes and the shapes they use in turn, in the order they were declared. */
  closure(): NamedShape[] {
    let size = -1;
    while (size !== this.used.size) {
      size = this.used.size;
      for (const s of this.shapes.filter((x) => this.used.has(x.name))) shapeFields(s, this);
    }
    return this.shapes.filter((s) => this.used.has(s.name));
  }
}

/** The null member of a union: `{type: 'null'}`, or OpenAPI 3.0's `{nullable: true, enum: [null]}`. */
const isNull = (m: unknown): boolean => isJson(m) && (m.type === 'null' || (Array.isArray(m.enum) && m.enum.length === 1 && m.enum[0] === null));

/** `T | null` in either dialect, as the schema of T and whether null is allowed. */
function unwrap(schema: unknown): { s: Json; nullable: boolean } {
  if (!isJson(schema)) return { s: {}, nullable: false };
  const union = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : null;
  if (union) {
    const rest = union.filter((m) => !isNull(m));
    if (rest.length === 1 && rest.length < union.length) {
      const inner = unwrap(rest[0]);
      const description = typeof schema.description === 'string' ? schema.description : undefined;
      return { s: description && !inner.s.description ? { ...inner.s, description } : inner.s, nullable: true };
    }
  }
  return { s: mergeAllOf(schema), nullable: schema.nullable === true };
}

/** An intersection of objects as one object (TypeBox Intersect, OpenAPI allOf). */
function mergeAllOf(schema: Json): Json {
  if (!Array.isArray(schema.allOf)) return schema;
  const parts = schema.allOf.filter(isJson).map(mergeAllOf);
  const properties = Object.assign({}, ...parts.map((p) => (isJson(p.properties) ? p.properties : {}))) as Json;
  const required = parts.flatMap((p) => (Array.isArray(p.required) ? p.required : []));
  const { allOf: _allOf, ...own } = schema;
  return { ...own, type: 'object', properties, required };
}

function objectKeys(schema: unknown): string | null {
  const { s } = unwrap(schema);
  return isJson(s.properties) ? Object.keys(s.properties).sort().join(',') : null;
}

/** The value schema of a map (TypeBox Record: `patternProperties`), if this is one. */
function mapValues(s: Json): unknown {
  if (isJson(s.patternProperties)) return Object.values(s.patternProperties)[0];
  return isJson(s.additionalProperties) ? s.additionalProperties : undefined;
}

const literal = (v: unknown): string => `\`${JSON.stringify(v)}\``;

/** A short type label: `integer`, `string (date-time)`, `"a" \| "b"`, `array of [Message](#message)`, with `\| null`. */
export function typeLabel(schema: unknown, index: ShapeIndex): string {
  const { s, nullable } = unwrap(schema);
  const orNull = nullable ? ' or null' : '';
  const shape = index.match(s);
  if (shape) return index.link(shape) + orNull;
  if ('const' in s) return literal(s.const) + orNull;
  if (Array.isArray(s.enum)) return s.enum.map(literal).join(' or ') + orNull;
  const union = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : null;
  if (union) return union.map((m) => typeLabel(m, index)).join(' or ') + orNull;
  if (s.type === 'array') return `array of ${typeLabel(s.items, index)}${orNull}`;
  if (typeof s.type === 'string') return (typeof s.format === 'string' ? `${s.type} (${s.format})` : s.type) + orNull;
  if (isJson(s.properties)) return `object${orNull}`;
  const values = mapValues(s);
  if (values !== undefined) return `object of ${typeLabel(values, index)} by name${orNull}`;
  return `any${orNull}`;
}

/** Limits a validator enforces, said in words (request fields are refused past them). */
function limits(s: Json): string {
  const out: string[] = [];
  const num = (k: string): number | undefined => (typeof s[k] === 'number' ? (s[k] as number) : undefined);
  const [minL, maxL, min, max] = [num('minLength'), num('maxLength'), num('minimum'), num('maximum')];
  if (minL !== undefined && maxL !== undefined) out.push(`${minL}–${maxL} characters`);
  else if (maxL !== undefined) out.push(`at most ${maxL} characters`);
  else if (minL !== undefined) out.push(`at least ${minL} characters`);
  if (min !== undefined && max !== undefined) out.push(`${min}–${max}`);
  else if (max !== undefined) out.push(`at most ${max}`);
  else if (min !== undefined) out.push(`at least ${min}`);
  if (typeof s.pattern === 'string') out.push(`matches \`${s.pattern}\``);
  return out.join(', ');
}

/**
 * The fields of an object schema, nested objects and arrays of objects flattened with dotted
 * paths (`rooms[].unread_count`). With `expandSelf`, a schema that is itself a named shape is
 * expanded (that shape's own section) rather than linked.
 */
export function fields(schema: unknown, index: ShapeIndex, prefix = '', expandSelf = false, notes: Record<string, string> = {}): Field[] {
  const { s } = unwrap(schema);
  if (!expandSelf && index.match(s)) return [];
  const values = mapValues(s);
  if (!isJson(s.properties)) return values === undefined ? [] : fields(values, index, `${prefix}{name}.`);
  const required = new Set(Array.isArray(s.required) ? s.required : []);
  return Object.entries(s.properties).flatMap(([name, prop]) => {
    const path = `${prefix}${name}`;
    const { s: inner } = unwrap(prop);
    const own = typeof inner.description === 'string' ? inner.description : (notes[name] ?? '');
    const description = [own, limits(inner)].filter(Boolean).join('; ');
    const row: Field = { path, type: typeLabel(prop, index), required: required.has(name), description };
    if (isJson(inner.properties)) return [row, ...fields(inner, index, `${path}.`)];
    if (inner.type === 'array' && isJson(inner.items)) return [row, ...fields(inner.items, index, `${path}[].`)];
    return [row];
  });
}

/** A named shape's own fields, for its section. */
export const shapeFields = (shape: NamedShape, index: ShapeIndex): Field[] => fields(shape.schema, index, '', true, shape.notes);
