/**
 * The API model: what the generator, the emulator and (through the generated
 * operation map) the gateway know about Twilio's REST APIs. It is read from the
 * official OpenAPI specs by `readApiModel` and holds facts only (paths, parameter
 * names, types, enums, SID prefixes, parents) — never the specs' prose.
 */

/** One OpenAPI spec file of twilio-oai, e.g. `twilio_taskrouter_v1`. */
export interface SpecInfo {
  /** Spec id without the `twilio_` prefix: `taskrouter_v1`, `api_v2010`. */
  id: string;
  /** Product host label, the first label of the host: `taskrouter`, `api`, `flex-api`. */
  product: string;
  /** Full production host: `taskrouter.twilio.com`. */
  host: string;
  /** Paging envelope used by this API's list operations. */
  paging: PagingFormat;
  /** How this API writes timestamps. */
  dateFormat: DateFormat;
}

/**
 * `v2010`: flat envelope with `next_page_uri` (relative), `page`, `page_size`, `uri` …
 * `meta`: `{ meta: { next_page_url (absolute), key, page, page_size, … } }`.
 */
export type PagingFormat = 'v2010' | 'meta';

/** `rfc2822` for the 2010 API (`Fri, 24 May 2019 17:44:46 +0000`), `iso8601` elsewhere. */
export type DateFormat = 'rfc2822' | 'iso8601';

/** A value type, shared by parameters and response fields. */
export type ValueType =
  | { kind: 'string'; format?: string; pattern?: string; sidPrefixes?: string[] }
  | { kind: 'integer' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  /** `format` is the spec's, when it gives one (`http-method`: a `GET`/`POST` choice). */
  | { kind: 'enum'; name: string; values: string[]; format?: string }
  | { kind: 'array'; items: ValueType }
  /**
   * JSON. `untyped`: the spec gives no type at all, so any JSON value is allowed (Video's
   * `Rules`, a JSON-encoded array); without it the spec says `object`.
   */
  | { kind: 'object'; untyped?: true };

/** Where an operation parameter travels. */
export type ParamLocation = 'path' | 'query' | 'header' | 'body';

/** One parameter of an operation, with its wire name as Twilio spells it. */
export interface Param {
  /** Wire name: `WorkspaceSid`, `DateSent>`, `Timers.Closed`, `X-Twilio-Webhook-Enabled`. */
  name: string;
  in: ParamLocation;
  required: boolean;
  type: ValueType;
  /** Numeric bounds where the spec gives them (PageSize: 1..1000). */
  minimum?: number;
  maximum?: number;
  /**
   * Path parameters: response fields whose value may stand in for the SID, where the spec says
   * so (a Conversation's `unique_name`, a User's or Participant's `identity`).
   */
  aliases?: string[];
}

/** A property of a response schema, with its wire (snake_case) name. */
export interface Field {
  name: string;
  type: ValueType;
  nullable: boolean;
  /** The spec's `default`, where it gives a scalar one (a Queue's `current_size`: 0). */
  default?: string | number | boolean;
}

/** A named response schema (components/schemas entry, e.g. `taskrouter.v1.workspace.worker`). */
export interface ResourceSchema {
  /** Component name, unique within one spec. */
  name: string;
  spec: string;
  fields: Field[];
  /** Two-letter prefix of this resource's own `sid`, where the schema gives a pattern. */
  sidPrefixes: string[];
  /** Fields Twilio fills only when the resource is fetched alone; list reads leave them null. */
  fetchOnly?: string[];
}

export type HttpMethod = 'GET' | 'POST' | 'DELETE' | 'PATCH';

/** What an operation returns. */
export type OperationResult =
  | { kind: 'none' }
  | { kind: 'instance'; schema: string }
  | {
      kind: 'list';
      schema: string;
      key: string;
      paging: PagingFormat;
      /** The response carries the whole list and its `uri`, without paging metadata (2010 available-number countries). */
      unpaged?: true;
    };

/** One HTTP operation of a spec. */
export interface Operation {
  /** `${spec}:${operationId}`, unique across all specs. */
  key: string;
  spec: string;
  operationId: string;
  method: HttpMethod;
  /** Path template exactly as in the spec: `/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}`. */
  path: string;
  pathType: 'list' | 'instance';
  params: Param[];
  /** Body encoding for POST/PATCH operations that take a body. */
  bodyEncoding?: 'form' | 'json';
  /** HTTP status of the success response. */
  successStatus: number;
  result: OperationResult;
  /** Parent path (full, with the version prefix) from `x-twilio.parent`. */
  parentPath?: string;
  /** `x-twilio.mountName` of the operation or its path, where given. */
  mountName?: string;
  /**
   * `x-twilio.conditional`: groups of parameters (wire names) of which at least one must be
   * given, e.g. Messages create needs `From` or `MessagingServiceSid`.
   */
  oneOf?: string[][];
}

/** Children named by a path's `x-twilio.dependentProperties`. */
export interface DependentProperty {
  /** Path whose item the mapping reads from (the path carrying the extension). */
  ownerPath: string;
  /** Child name as Twilio calls it: `reservations`, `worker_channels`. */
  name: string;
  /** Target path template with the version prefix, placeholders in snake_case. */
  resourceUrl: string;
  /** Placeholder in `resourceUrl` → field of the owner's response item. */
  mapping: Record<string, string>;
}

/** The whole model for a set of specs. */
export interface ApiModel {
  specs: SpecInfo[];
  operations: Operation[];
  /** Keyed by `${spec}:${componentName}`. */
  schemas: Record<string, ResourceSchema>;
  dependents: DependentProperty[];
}
