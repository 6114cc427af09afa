/**
 * Which parts of the schema hand out credentials, found by rule so that new specs are covered
 * without a list to maintain: a leaf field named like a secret (`authToken`, `secondaryAuthToken`,
 * `secret`, `password`, `privateKey`, `token`), and a mutation whose result is a credential object
 * (a type with such a field that exists only as a mutation result, not as a fetchable `Node`:
 * `createNewKey`, `createNewSigningKey`, `createSecondaryAuthToken`, `updateAuthTokenPromotion`,
 * `createToken`). Requests made on behalf of a Flex token may touch neither (see flex-access.ts).
 */
import { getNamedType, isLeafType, isObjectType, type GraphQLSchema } from 'graphql';

/** Field names that hold a secret: exact names, or a camelCase suffix. */
const SECRET_FIELD = /^(token|secret|password)$|(AuthToken|authToken|Secret|Password|privateKey|PrivateKey)$/;

/** The credential-bearing fields and credential-minting mutations of a schema. */
export interface CredentialIndex {
  /** `Type.field` of every leaf field that returns a secret. */
  readonly fields: ReadonlySet<string>;
  /** Mutation field names whose result is a credential object. */
  readonly mutations: ReadonlySet<string>;
}

/** Indexes `schema` by the rule above; run once per schema. */
export function indexCredentials(schema: GraphQLSchema): CredentialIndex {
  const fields = new Set<string>();
  const holders = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (SECRET_FIELD.test(field.name) && isLeafType(getNamedType(field.type))) {
        fields.add(`${type.name}.${field.name}`);
        holders.add(type.name);
      }
    }
  }
  const node = schema.getType('Node');
  const mutations = new Set<string>();
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const result = getNamedType(field.type);
    const fetchable = isObjectType(result) && result.getInterfaces().some((i) => i === node);
    if (holders.has(result.name) && !fetchable) mutations.add(field.name);
  }
  return { fields, mutations };
}
