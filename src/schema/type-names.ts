import type { ApiModel } from '../spec/model.js';
import { SPEC_QUALIFIERS, TYPE_OVERRIDES, defaultTypeName, pascalCase } from './naming.js';

/** Names the generator itself defines; a resource never takes one of these. */
const RESERVED = new Set([
  'Query',
  'Mutation',
  'Node',
  'PageInfo',
  'DateTime',
  'JSON',
  'URL',
  'String',
  'Int',
  'Float',
  'Boolean',
  'ID',
]);

/**
 * The resolved GraphQL type name of every response schema in the model, and the
 * lookup from an operationId's class part (`TaskQueue`) to that name per spec.
 */
export interface TypeNames {
  /** `spec:component` → GraphQL type name. */
  ofSchema: Map<string, string>;
  /** Maps Twilio's class name (default type name) within a spec to our type name. */
  ofClass(spec: string, className: string): string;
}

/**
 * Applies naming rules 1–2 (see naming.ts) to every schema of the model: a name from
 * `TYPE_OVERRIDES` is kept as pinned; a default name is qualified by product when another spec
 * produces it too or another schema of the model has it pinned; a name the generator defines
 * (`Node`, `Query` …) gets `Resource` appended.
 *
 * @throws Error when two unrelated schemas still end up with one name (a `TYPE_OVERRIDES` entry
 *   is needed); schemas share a type only when pinned to it or defaulting to it within one spec
 */
export function resolveTypeNames(model: ApiModel): TypeNames {
  const keys = Object.keys(model.schemas).sort();
  const specOf = (key: string): string => key.slice(0, key.indexOf(':'));
  const pinned = new Set(keys.flatMap((key) => TYPE_OVERRIDES[key] ?? []));
  const specsByName = new Map<string, Set<string>>();
  for (const key of keys) {
    if (TYPE_OVERRIDES[key]) continue;
    const name = defaultTypeName(key);
    (specsByName.get(name) ?? specsByName.set(name, new Set()).get(name)!).add(specOf(key));
  }
  const ofSchema = new Map<string, string>();
  const claimedBy = new Map<string, { family: string; key: string }>();
  for (const key of keys) {
    const spec = specOf(key);
    const override = TYPE_OVERRIDES[key];
    let name = override ?? defaultTypeName(key);
    if (!override && (specsByName.get(name)!.size > 1 || pinned.has(name))) name = `${SPEC_QUALIFIERS[spec] ?? pascalCase(spec)}${name}`;
    if (RESERVED.has(name)) name = `${name}Resource`;
    const family = override ? `pinned:${override}` : `${spec}:${defaultTypeName(key)}`;
    const claim = claimedBy.get(name);
    if (claim && claim.family !== family) {
      throw new Error(`Type name ${name} is produced by ${claim.key} and ${key}: name one of them in TYPE_OVERRIDES (src/schema/naming.ts)`);
    }
    claimedBy.set(name, { family, key });
    ofSchema.set(key, name);
  }

  const byClass = new Map<string, string>();
  for (const [key, name] of ofSchema) byClass.set(`${specOf(key)}:${defaultTypeName(key)}`, name);
  return {
    ofSchema,
    ofClass: (spec, className) => byClass.get(`${spec}:${className}`) ?? className,
  };
}
