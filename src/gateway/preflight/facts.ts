/**
 * What the gateway checks about an operation before it runs, gathered in one typed walk over the
 * document and cached per parsed document: mercurius reuses the parsed document for repeated query
 * text, so a request then pays only for the checks that depend on its variables (a few values per
 * argument site), never for another walk.
 */
import {
  getNamedType,
  getOperationAST,
  isCompositeType,
  isEnumType,
  isInterfaceType,
  isObjectType,
  Kind,
  valueFromAST,
  valueFromASTUntyped,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationTypeNode,
  type SelectionSetNode,
} from 'graphql';
import type { FieldPlan, MappedOperation, OperationMap } from '../../schema/operation-map.js';
import type { CredentialIndex } from './credentials.js';

/** One argument as written in the document (a literal or a variable). */
export interface ArgumentSite {
  /** `Type.field` the argument belongs to. */
  field: string;
  argument: GraphQLArgument;
  node: ArgumentNode;
}

/** An argument whose value must be checked before any upstream call. */
export type InputCheck =
  /** A path value: its SID pattern, when the parameter has one, and the segment rules. */
  | { kind: 'path'; site: ArgumentSite; pattern?: RegExp }
  /** A header value (`ifMatch`): no line breaks. */
  | { kind: 'header'; site: ArgumentSite }
  /** A connection's `after`: a cursor of this gateway for this operation, within the page cap. */
  | { kind: 'cursor'; site: ArgumentSite; op: MappedOperation; cap: number }
  /** `Query.node(id:)`: a global id of a fetchable type with valid path values. */
  | { kind: 'node-id'; site: ArgumentSite };

/**
 * Where an operation may name a 2010 account other than the request's own: a path argument holding
 * an Account SID (`accountSid:` of 2010 fields, `account(sid:)`, `updateAccount(sid:)`), a global id
 * (`node(id:)`) or entity representations (`_entities`), whose values can carry one.
 */
export type AccountReference =
  | { kind: 'path'; site: ArgumentSite }
  | { kind: 'node-id'; site: ArgumentSite }
  | { kind: 'entities'; site: ArgumentSite };

/** Fields by name (or `Type.field`), each with the nodes that select it (for error locations). */
export type FieldSelections = ReadonlyMap<string, readonly FieldNode[]>;

/** The facts of one operation of a document. */
export interface OperationFacts {
  operation: OperationTypeNode;
  /** Selects only introspection and the federation SDL (`_service`): runs without credentials. */
  introspectionOnly: boolean;
  /** Root field names, fragments expanded (`__typename` left out). */
  rootFields: FieldSelections;
  /** Selected credential fields and credential-minting mutations, as `Type.field`. */
  credentials: FieldSelections;
  inputs: readonly InputCheck[];
  /** Arguments of root mutations that name a TaskRouter worker (`updateWorker(sid:)`). */
  workerArguments: readonly ArgumentSite[];
  /** Arguments that may name another account (see {@link AccountReference}). */
  accountReferences: readonly AccountReference[];
  /** Fields on the 2010 Accounts collection (`accounts`, `createAccount`: subaccounts), as `Type.field`. */
  accountCollections: FieldSelections;
  /** Declared variable defaults, applied under the request's variables. */
  variableDefaults: Readonly<Record<string, unknown>>;
}

/** What the walk reads: the schema, its credential index and, when known, the operation map. */
export interface FactsModel {
  schema: GraphQLSchema;
  credentials: CredentialIndex;
  /** Without it only schema-level facts are gathered (no argument checks). */
  operations?: { map: OperationMap; maxFirst: number };
}

/** The 2010 API's collection of (sub)accounts: listing it, or creating in it, reaches other accounts. */
const ACCOUNTS_COLLECTION = '/2010-04-01/Accounts.json';

/** Whether a path parameter of `op` holds an Account SID (its pattern is the `AC…` one). */
export function isAccountParam(op: MappedOperation, param: string): boolean {
  return op.params[param]?.pattern?.startsWith('^AC') === true;
}

const patterns = new Map<string, RegExp>();
/** A parameter's pattern, compiled once per process (the map holds a few hundred distinct ones). */
export function compiledPattern(source: string): RegExp {
  let pattern = patterns.get(source);
  if (!pattern) patterns.set(source, (pattern = new RegExp(source)));
  return pattern;
}

/** Per-document cache of {@link OperationFacts}. */
export class OperationFactsCache {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, OperationFacts | null>>();

  constructor(private readonly model: FactsModel) {}

  /** Facts of the operation `operationName` selects; null when it selects none (execution then reports why). */
  of(document: DocumentNode, operationName: string | undefined): OperationFacts | null {
    let byName = this.byDocument.get(document);
    if (!byName) this.byDocument.set(document, (byName = new Map()));
    const key = operationName ?? '';
    let facts = byName.get(key);
    if (facts === undefined) {
      facts = gather(this.model, document, operationName);
      byName.set(key, facts);
    }
    return facts;
  }
}

/**
 * The value an argument has for one request: a variable's value (its default when the request
 * leaves it out) or the literal, coerced as execution will.
 */
export function argumentValue(site: ArgumentSite, variables: Readonly<Record<string, unknown>>): unknown {
  const value = site.node.value;
  return value.kind === Kind.VARIABLE ? variables[value.name.value] : valueFromAST(value, site.argument.type, variables);
}

function gather(model: FactsModel, document: DocumentNode, operationName: string | undefined): OperationFacts | null {
  const operation = getOperationAST(document, operationName);
  const root = operation && model.schema.getRootType(operation.operation);
  if (!operation || !root) return null;
  const walk = new FactsWalk(model, document);
  walk.selectionSet(operation.selectionSet, root, true);
  const variableDefaults: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) variableDefaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  return {
    operation: operation.operation,
    introspectionOnly: walk.introspectionOnly,
    rootFields: walk.rootFields,
    credentials: walk.credentials,
    inputs: walk.inputs,
    workerArguments: walk.workerArguments,
    accountReferences: walk.accountReferences,
    accountCollections: walk.accountCollections,
    variableDefaults,
  };
}

class FactsWalk {
  introspectionOnly = true;
  readonly rootFields = new Map<string, FieldNode[]>();
  readonly credentials = new Map<string, FieldNode[]>();
  readonly inputs: InputCheck[] = [];
  readonly workerArguments: ArgumentSite[] = [];
  readonly accountReferences: AccountReference[] = [];
  readonly accountCollections = new Map<string, FieldNode[]>();
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  /** `fragment@type` pairs walked already: walking one again under the same type adds nothing. */
  private readonly walked = new Set<string>();
  /** Field nodes already inspected (a fragment spread twice yields the same nodes). */
  private readonly seen = new Set<FieldNode>();

  constructor(
    private readonly model: FactsModel,
    document: DocumentNode,
  ) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
    }
  }

  selectionSet(set: SelectionSetNode, parent: GraphQLCompositeType, atRoot: boolean): void {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        this.field(selection, parent, atRoot);
        continue;
      }
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? this.fragments.get(selection.name.value) : undefined;
      const condition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition : fragment?.typeCondition;
      const type = condition ? this.model.schema.getType(condition.name.value) : parent;
      // Unknown fragments and cycles are validation errors; the guards keep the walk finite regardless.
      if (!isCompositeType(type)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        this.selectionSet(selection.selectionSet, type, atRoot);
      } else if (fragment && !this.walked.has(`${fragment.name.value}@${type.name}`)) {
        this.walked.add(`${fragment.name.value}@${type.name}`);
        this.selectionSet(fragment.selectionSet, type, atRoot);
      }
    }
  }

  private field(node: FieldNode, parent: GraphQLCompositeType, atRoot: boolean): void {
    const name = node.name.value;
    if (atRoot) {
      if (name !== '__typename') select(this.rootFields, name, node);
      if (!name.startsWith('__') && name !== '_service') this.introspectionOnly = false;
    }
    if (name.startsWith('__') || !(isObjectType(parent) || isInterfaceType(parent))) return;
    const definition = parent.getFields()[name];
    if (!definition) return;
    if (!this.seen.has(node)) {
      this.seen.add(node);
      this.inspect(node, parent.name, definition, atRoot);
    }
    const type = getNamedType(definition.type);
    if (node.selectionSet && isCompositeType(type)) this.selectionSet(node.selectionSet, type, false);
  }

  /** Records what this one field contributes: credentials, argument checks, worker arguments. */
  private inspect(node: FieldNode, parentName: string, definition: GraphQLField<unknown, unknown>, atRoot: boolean): void {
    const coordinate = `${parentName}.${definition.name}`;
    const { credentials, schema, operations } = this.model;
    const isMutation = atRoot && parentName === schema.getMutationType()?.name;
    if (credentials.fields.has(coordinate) || (isMutation && credentials.mutations.has(definition.name))) select(this.credentials, coordinate, node);
    if (!operations) return;
    const plan = operations.map.fields[parentName]?.[definition.name];
    const op = plan && operations.map.operations[plan.op];
    if (op?.product === 'api' && op.path === ACCOUNTS_COLLECTION) select(this.accountCollections, coordinate, node);
    if (!node.arguments?.length) return;
    const site = (argument: string): ArgumentSite | undefined => {
      const argNode = node.arguments!.find((a) => a.name.value === argument);
      const arg = definition.args.find((a) => a.name === argument);
      return argNode && arg ? { field: coordinate, argument: arg, node: argNode } : undefined;
    };
    if (parentName === schema.getQueryType()?.name && (definition.name === 'node' || definition.name === '_entities')) {
      const at = site(definition.name === 'node' ? 'id' : 'representations');
      if (at && definition.name === 'node') this.inputs.push({ kind: 'node-id', site: at });
      if (at) this.accountReferences.push({ kind: definition.name === 'node' ? 'node-id' : 'entities', site: at });
      return;
    }
    if (!plan || !op) return;
    this.planInputs(plan, op, site);
    if (isMutation) {
      const worker = /\/Workers\/\{(\w+)\}/.exec(op.path)?.[1];
      const source = worker === undefined ? undefined : plan.path[worker];
      const workerSite = source?.from === 'arg' ? site(source.arg) : undefined;
      if (workerSite) this.workerArguments.push(workerSite);
    }
  }

  private planInputs(plan: FieldPlan, op: MappedOperation, site: (argument: string) => ArgumentSite | undefined): void {
    for (const [param, source] of Object.entries(plan.path)) {
      if (source.from !== 'arg' && source.from !== 'argOrAccount') continue;
      const at = site(source.arg);
      // Enum values are a closed set GraphQL has already checked.
      if (!at || isEnumType(getNamedType(at.argument.type))) continue;
      const pattern = op.params[param]?.pattern;
      this.inputs.push(pattern === undefined ? { kind: 'path', site: at } : { kind: 'path', site: at, pattern: compiledPattern(pattern) });
      if (isAccountParam(op, param)) this.accountReferences.push({ kind: 'path', site: at });
    }
    for (const [arg, wire] of Object.entries(plan.args ?? {})) {
      const at = op.params[wire]?.in === 'header' ? site(arg) : undefined;
      if (at) this.inputs.push({ kind: 'header', site: at });
    }
    if (plan.kind === 'connection') {
      const at = site('after');
      const { maxFirst } = this.model.operations!;
      if (at) this.inputs.push({ kind: 'cursor', site: at, op, cap: Math.min(op.maxPageSize ?? maxFirst, maxFirst) });
    }
  }
}

/** Records that `node` selects `key`; the same node reached twice (a fragment spread twice) counts once. */
function select(selections: Map<string, FieldNode[]>, key: string, node: FieldNode): void {
  const nodes = selections.get(key);
  if (nodes === undefined) selections.set(key, [node]);
  else if (!nodes.includes(node)) nodes.push(node);
}
