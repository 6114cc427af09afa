/**
 * Name and path-template helpers shared by the router, the catalog and the store.
 */

/**
 * Converts a Twilio wire parameter name to its response-field spelling:
 * `FriendlyName` -> `friendly_name`, `SIPDomainSid` -> `sip_domain_sid`, `rawId` -> `raw_id`.
 */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[.\-\s]+/g, '_')
    .toLowerCase();
}

/** The 2010 API writes every path with a `.json` suffix; the emulator matches segments without it. */
export const JSON_SUFFIX = '.json';

/** A path template split into segments; placeholders keep their braces: `['v1', 'Workspaces', '{WorkspaceSid}']`. */
export interface SplitTemplate {
  segments: string[];
  json: boolean;
}

/** Splits `/2010-04-01/Accounts/{AccountSid}/Calls.json` into segments and the `.json` flag. */
export function splitTemplate(template: string): SplitTemplate {
  const json = template.endsWith(JSON_SUFFIX);
  const bare = json ? template.slice(0, -JSON_SUFFIX.length) : template;
  return { segments: bare.split('/').filter((s) => s.length > 0), json };
}

/** True for a `{Placeholder}` segment. */
export function isPlaceholder(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

/** `{WorkspaceSid}` -> `WorkspaceSid`. */
export function placeholderName(segment: string): string {
  return segment.slice(1, -1);
}

/** Names of a template's placeholders, in order. */
export function placeholders(template: string): string[] {
  return splitTemplate(template).segments.filter(isPlaceholder).map(placeholderName);
}

/**
 * The shape of a template: placeholders replaced by `*`, `.json` dropped. Templates that name
 * their placeholders differently (`/Workspaces/{Sid}` vs `/Workspaces/{WorkspaceSid}/Workers`)
 * line up by shape, which is how parents and children are found.
 */
export function shapeOf(segments: readonly string[]): string {
  return '/' + segments.map((s) => (isPlaceholder(s) ? '*' : s)).join('/');
}

/** A path template split once into its literal text and placeholder names, for fast filling. */
export interface CompiledTemplate {
  /** Text around the placeholders: always one more entry than {@link names}. */
  readonly literals: readonly string[];
  /** Placeholder names, in order (`WorkspaceSid`, `Sid`). */
  readonly names: readonly string[];
}

// Templates come from the API model, a fixed set: every one is compiled once and kept. Records
// are rendered with their `url` and `links` on every read, so this is on the emulator's hot path.
const compiledTemplates = new Map<string, CompiledTemplate>();

/** The template's literal text and placeholder names (cached per template). */
export function compileTemplate(template: string): CompiledTemplate {
  let compiled = compiledTemplates.get(template);
  if (compiled === undefined) {
    const parts = template.split(/\{([^}]+)\}/);
    compiled = { literals: parts.filter((_, i) => i % 2 === 0), names: parts.filter((_, i) => i % 2 === 1) };
    compiledTemplates.set(template, compiled);
  }
  return compiled;
}

/** Fills a template's placeholders, in order, with `values` (URL-encoded). */
export function fillTemplate(template: string, values: readonly string[]): string {
  const { literals } = compileTemplate(template);
  let out = literals[0]!;
  for (let i = 1; i < literals.length; i++) out += encodeURIComponent(values[i - 1] ?? '') + literals[i]!;
  return out;
}
