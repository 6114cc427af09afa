/**
 * The operation map: everything the gateway needs at run time to execute a field
 * of `twilio-schema.graphql` against Twilio's REST APIs. It is generated with the SDL
 * (`generated/operation-map.json`) and loaded once at start.
 */
import type { HttpMethod, ParamLocation, PagingFormat } from '../spec/model.js';

/** How one wire parameter is encoded. `json`: objects are JSON-stringified. */
export interface MappedParam {
  in: ParamLocation;
  /** JSON-valued parameter (`Attributes`): a JSON scalar value is sent as a JSON string. */
  json?: true;
  /** SID pattern or other regular expression a value must match before any call. */
  pattern?: string;
}

/** One REST operation as the gateway calls it. */
export interface MappedOperation {
  /** Product host label (`taskrouter`, `api`, `flex-api`). */
  product: string;
  method: HttpMethod;
  /** Path template as in the spec (`/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}`). */
  path: string;
  bodyEncoding?: 'form' | 'json';
  /** Wire name → encoding, for every parameter of the operation. */
  params: Record<string, MappedParam>;
  /** `none`: no body (DELETE); `instance`: one object; `list`: a page with `key` items. */
  result: 'none' | 'instance' | 'list';
  /** For lists: the response key holding the items, and the paging format. */
  listKey?: string;
  paging?: PagingFormat;
  /** For lists: the largest `PageSize` the operation accepts. */
  maxPageSize?: number;
  /** Groups of wire parameters of which at least one must be sent (`From` | `MessagingServiceSid`). */
  oneOf?: string[][];
}

/**
 * Where a path parameter's value comes from when a field runs.
 * - `arg`: a GraphQL argument of the field;
 * - `field`: a wire field of the parent object (`workspace_sid`);
 * - `url`: extracted from the parent object's `url`/`uri` by matching `template`;
 * - `account`: the authenticated account SID (2010 API account-scoped paths);
 * - `argOrAccount`: an optional argument, defaulting to the authenticated account.
 */
export type ValueSource =
  | { from: 'arg'; arg: string }
  | { from: 'field'; field: string }
  | { from: 'url'; template: string; param: string }
  | { from: 'account' }
  | { from: 'argOrAccount'; arg: string };

/** How a field that calls Twilio is executed. */
export interface FieldPlan {
  /** `fetch`: one object; `connection`: a Relay connection over a list; `mutation`; `delete`. */
  kind: 'fetch' | 'connection' | 'mutation' | 'delete';
  /** Operation key (`taskrouter_v1:FetchWorker`). */
  op: string;
  /** Path parameter wire name → source. */
  path: Record<string, ValueSource>;
  /** GraphQL argument → wire parameter, for query/header parameters given as arguments. */
  args?: Record<string, string>;
  /** Name of the `input` argument's type, whose fields map through `inputs`. */
  input?: string;
  /**
   * For link fields (`Worker.activity`): the parent field holding the SID. When it is
   * null the link resolves to null without a call.
   */
  requires?: string;
}

/** How a response object's fields are read, and how to refetch the object (Node). */
export interface MappedType {
  /** GraphQL field → wire field, for plain data fields (`''`: the whole object). */
  fields: Record<string, string>;
  /** Present when the type implements Node: the fetch operation and its path sources. */
  node?: { op: string; path: Record<string, ValueSource> };
  /** Wire fields Twilio fills only when the resource is fetched alone, never in list reads. */
  fetchOnly?: string[];
}

/** The whole map. */
export interface OperationMap {
  /** Format version, bumped on incompatible changes. */
  version: 1;
  operations: Record<string, MappedOperation>;
  types: Record<string, MappedType>;
  /** Parent type name (`Query`, `Mutation`, `Worker` …) → field name → plan. */
  fields: Record<string, Record<string, FieldPlan>>;
  /** Enum type → GraphQL value → wire value. */
  enums: Record<string, Record<string, string>>;
  /** Input type → GraphQL field → wire parameter. */
  inputs: Record<string, Record<string, string>>;
}
