/**
 * Locations for errors raised before execution. graphql-js reports validation errors with the
 * line and column of what they are about; the gateway's own refusals (an argument, a field a Flex
 * token may not select, a `first` out of range) do the same, so editors can point at it.
 */
import { getLocation, type ASTNode, type SourceLocation } from 'graphql';

/** An error that reports where in the query text its cause is (mercurius copies `locations` into the response). */
export interface Locatable {
  locations?: readonly SourceLocation[];
}

/** Sets `error.locations` to where `nodes` start; nodes of a document parsed without locations add none. */
export function locatedAt<T extends Locatable>(error: T, nodes: readonly ASTNode[]): T {
  const locations = nodes.flatMap((node) => (node.loc ? [getLocation(node.loc.source, node.loc.start)] : []));
  if (locations.length > 0) error.locations = locations;
  return error;
}
