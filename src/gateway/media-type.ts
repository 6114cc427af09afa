/**
 * `Accept` negotiation for the GraphQL endpoint (GraphQL-over-HTTP: `application/graphql-response+json`
 * and `application/json`; browsers asking for `text/html` get GraphiQL).
 */

/** Media types the `/graphql` endpoint can answer with. */
export type GraphqlMediaType = 'application/graphql-response+json' | 'application/json' | 'text/html';

const OFFERS: readonly GraphqlMediaType[] = ['application/graphql-response+json', 'application/json', 'text/html'];

/**
 * Picks the offered media type the client prefers: highest `q`, then the most specific range, then
 * the earlier entry. Wildcards (`*\/*`, `application/*`) and a missing header mean `application/json`
 * (the spec's legacy default, which every client understands). An `Accept` naming only unsupported
 * types also gets `application/json`: the spec allows disregarding it instead of answering 406.
 */
export function negotiate(accept: string | undefined): GraphqlMediaType {
  if (accept === undefined || accept.trim() === '') return 'application/json';
  let best: GraphqlMediaType = 'application/json';
  let bestQ = 0;
  let bestSpecificity = -1;
  for (const range of accept.split(',')) {
    const [typePart, ...params] = range.split(';');
    const type = typePart?.trim().toLowerCase() ?? '';
    const q = qualityOf(params);
    if (q <= 0) continue;
    for (const offer of OFFERS) {
      const specificity = matches(type, offer);
      if (specificity < 0) continue;
      if (q > bestQ || (q === bestQ && specificity > bestSpecificity)) {
        // A wildcard means "anything": answer with data in the default type, never a web page.
        best = specificity === 2 ? offer : 'application/json';
        bestQ = q;
        bestSpecificity = specificity;
      }
      break;
    }
  }
  return best;
}

/** 2 for an exact match, 1 for `type/*`, 0 for `*\/*`, -1 for no match. */
function matches(range: string, offer: GraphqlMediaType): number {
  if (range === offer) return 2;
  if (range === '*/*') return 0;
  if (range.endsWith('/*') && offer.startsWith(range.slice(0, -1))) return 1;
  return -1;
}

function qualityOf(params: readonly string[]): number {
  for (const param of params) {
    const [key, value] = param.split('=');
    if (key?.trim().toLowerCase() === 'q') {
      const q = Number(value?.trim());
      return Number.isFinite(q) ? q : 0;
    }
  }
  return 1;
}
