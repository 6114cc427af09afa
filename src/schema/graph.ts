/**
 * A small intermediate form of the GraphQL schema, built from the API model and
 * printed to SDL. Kept separate from graphql-js types so the generator controls
 * ordering and output byte-for-byte.
 */

export interface GraphArg {
  name: string;
  /** SDL type reference: `ID!`, `[String!]`, `WorkerConnection!`. */
  type: string;
  defaultValue?: string;
}

export interface GraphField {
  name: string;
  type: string;
  args: GraphArg[];
  description?: string;
}

export interface GraphType {
  kind: 'object' | 'input' | 'enum' | 'interface' | 'scalar';
  name: string;
  description?: string;
  interfaces?: string[];
  fields?: GraphField[];
  /** Enum values, in order. */
  values?: string[];
}

/** Types by name; insertion order is irrelevant (the printer sorts). */
export type Graph = Map<string, GraphType>;
