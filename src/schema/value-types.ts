import type { Field, Param, ValueType } from '../spec/model.js';
import type { Graph } from './graph.js';
import type { TypeNames } from './type-names.js';
import { HTTP_METHOD_ENUM, JSON_STRING_FIELDS, isHttpMethodChoice, enumValueName, joinDroppingRepeat, pascalCase } from './naming.js';

/** Input parameters whose string value Twilio parses as JSON; they take the JSON scalar. */
const JSON_STRING_PARAMS = new Set(['Attributes', 'Configuration', 'ConversationAttributes']);

/**
 * Turns model value types into GraphQL type references, registering the enum
 * types they need (with their GraphQL value → wire value map) on the way.
 */
export class ValueTypes {
  /** Enum type → GraphQL value → wire value. */
  readonly enums: Record<string, Record<string, string>> = {};

  /** Enum name → the owner and field words it was made from, so distinct enums never merge. */
  private readonly words = new Map<string, string>();
  /** Resource type names, which an enum never takes. */
  private readonly resourceNames: ReadonlySet<string>;

  constructor(
    private readonly graph: Graph,
    private readonly names: TypeNames,
  ) {
    this.resourceNames = new Set(names.ofSchema.values());
  }

  /** GraphQL output type (nullable) of a response field of `owner` (a type name). */
  output(field: Field, spec: string, owner: string): string {
    return this.ref(field.type, spec, owner, field.name, 'output');
  }

  /**
   * True for a parameter sent as JSON text in a form field (`Attributes`, `uri-map` values): the
   * gateway stringifies a JSON value given for it. Registers nothing, unlike `input`.
   */
  isJsonText(param: Param): boolean {
    return param.type.kind === 'string' && (JSON_STRING_PARAMS.has(param.name) || param.type.format === 'uri-map');
  }

  /** GraphQL input type of an operation parameter (JSON for {@link isJsonText} ones); `context` names inline enums. */
  input(param: Param, spec: string, context: string): string {
    if (this.isJsonText(param)) return 'JSON';
    return this.ref(param.type, spec, context, param.name, 'input');
  }

  private ref(type: ValueType, spec: string, owner: string, wire: string, mode: 'input' | 'output'): string {
    switch (type.kind) {
      case 'string':
        if (type.sidPrefixes) return 'ID';
        if (mode === 'output' && JSON_STRING_FIELDS.has(wire)) return 'JSON';
        if (type.format === 'date-time' || type.format === 'date-time-rfc-2822') return 'DateTime';
        if (type.format === 'uri' && mode === 'output') return 'URL';
        if (type.format === 'uri-map') return 'JSON';
        return 'String';
      case 'integer':
        // Millisecond timestamps and byte sizes overflow GraphQL's 32-bit Int.
        return /(_ms|^size|_size)$/.test(wire) ? 'Float' : 'Int';
      case 'number':
        return 'Float';
      case 'boolean':
        return 'Boolean';
      case 'object':
        return 'JSON';
      case 'array':
        return `[${this.ref(type.items, spec, owner, wire, mode)}!]`;
      case 'enum':
        if (isHttpMethodChoice(type)) return this.sharedEnum(HTTP_METHOD_ENUM, type.values);
        return this.enumType(type.name, type.values, spec, owner, wire, mode);
    }
  }

  /**
   * Enum naming: `task_enum_status` → `TaskStatus` (owner class mapped like types); an inline
   * enum is named after its owner (resource type or mutation) and field. A word repeated where
   * owner and field meet is dropped (`interaction_channel_enum_channel_status` →
   * `InteractionChannelStatus`) unless another enum has that name, and never after a mutation,
   * whose parameters share words (`createCallRecording` has StatusCallbackMethod and
   * RecordingStatusCallbackMethod). A resource type's name gets `Enum` appended. Enums merge
   * values only when made of the same words (both reservation schemas' `status` → `ReservationStatus`).
   */
  private enumType(modelName: string, values: string[], spec: string, owner: string, wire: string, mode: 'input' | 'output'): string {
    let ownerName = owner;
    let fieldName = pascalCase(wire);
    // An inline enum of a resource field is owned by the resource; one of a parameter, by a mutation.
    let shorten = mode === 'output';
    if (modelName) {
      const component = modelName.slice(modelName.indexOf(':') + 1);
      const [ownerPart, fieldPart] = component.split('_enum_') as [string, string | undefined];
      // `room_enum_room_status`: the owner is repeated before its class is mapped (`task_queue` → `Queue`).
      const field = fieldPart?.startsWith(`${ownerPart}_`) ? fieldPart.slice(ownerPart.length + 1) : fieldPart;
      ownerName = field ? this.names.ofClass(spec, pascalCase(ownerPart)) : '';
      fieldName = pascalCase(field ?? component);
      shorten = true;
    }
    const words = `${ownerName}${fieldName}`;
    let name = shorten ? joinDroppingRepeat(ownerName, fieldName) : words;
    if (this.words.has(name) && this.words.get(name) !== words) name = words;
    // numbers_v2 has both an `end_user_type` resource and an `end_user_enum_type` enum.
    if (this.resourceNames.has(name)) name = `${name}Enum`;
    const existing = this.graph.get(name);
    if (existing && existing.kind !== 'enum') throw new Error(`Enum ${name} clashes with the ${existing.kind} type of that name`);
    const claimed = this.words.get(name);
    if (claimed !== undefined && claimed !== words) throw new Error(`Enum name ${name} stands for both ${claimed} and ${words}`);
    this.words.set(name, words);
    return this.register(name, values);
  }

  /** An enum shared by every field of its kind; it holds the values of all of them. */
  private sharedEnum(name: string, values: readonly string[]): string {
    const existing = this.graph.get(name);
    if (existing && existing.kind !== 'enum') throw new Error(`Enum ${name} clashes with the ${existing.kind} type of that name`);
    this.words.set(name, name);
    return this.register(name, values);
  }

  /** Adds `values` to enum `name` (GraphQL value → wire value) and returns the name. */
  private register(name: string, values: readonly string[]): string {
    const map = (this.enums[name] ??= {});
    const wireValues = new Set(Object.values(map));
    for (const value of values) {
      if (wireValues.has(value)) continue;
      let gql = enumValueName(value);
      for (let n = 2; gql in map; n++) gql = `${enumValueName(value)}_${n}`;
      map[gql] = value;
      wireValues.add(value);
    }
    this.graph.set(name, { kind: 'enum', name, values: Object.keys(map) });
    return name;
  }
}
