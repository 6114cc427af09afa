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

/** Applies naming rules 1–2 (see naming.ts) to every schema of the model. */
export function resolveTypeNames(model: ApiModel): TypeNames {
  const keys = Object.keys(model.schemas).sort();
  const proposed = new Map<string, string>();
  for (const key of keys) proposed.set(key, TYPE_OVERRIDES[key] ?? defaultTypeName(key));

  // Rule 2: a name produced by more than one spec is qualified, the 2010 API keeping the bare name.
  const specsByName = new Map<string, Set<string>>();
  for (const [key, name] of proposed) {
    if (TYPE_OVERRIDES[key]) continue;
    const spec = key.slice(0, key.indexOf(':'));
    (specsByName.get(name) ?? specsByName.set(name, new Set()).get(name)!).add(spec);
  }
  const ofSchema = new Map<string, string>();
  for (const [key, name] of proposed) {
    const spec = key.slice(0, key.indexOf(':'));
    let final = name;
    if (!TYPE_OVERRIDES[key] && specsByName.get(name)!.size > 1) final = `${SPEC_QUALIFIERS[spec] ?? pascalCase(spec)}${name}`;
    if (RESERVED.has(final)) final = `${final}Resource`;
    ofSchema.set(key, final);
  }

  const byClass = new Map<string, string>();
  for (const [key, name] of ofSchema) {
    const spec = key.slice(0, key.indexOf(':'));
    byClass.set(`${spec}:${defaultTypeName(key)}`, name);
  }
  return {
    ofSchema,
    ofClass: (spec, className) => byClass.get(`${spec}:${className}`) ?? className,
  };
}
