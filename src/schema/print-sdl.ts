import type { Graph, GraphField, GraphType } from './graph.js';

/** Root and shared types first, then everything else alphabetically: stable diffs. */
const LEADING = ['Query', 'Mutation', 'Node', 'PageInfo', 'DateTime', 'JSON', 'URL'];

/**
 * Prints the graph as SDL. Output depends only on the graph's content (types are
 * sorted; fields keep their generated order), so regeneration is byte-for-byte stable.
 */
export function printGraph(graph: Graph): string {
  const names = [...graph.keys()].sort((a, b) => {
    const ia = LEADING.indexOf(a);
    const ib = LEADING.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? LEADING.length : ia) - (ib === -1 ? LEADING.length : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return names.map((name) => printType(graph.get(name)!)).join('\n\n') + '\n';
}

function printType(type: GraphType): string {
  const head = description(type.description, '');
  switch (type.kind) {
    case 'scalar':
      return `${head}scalar ${type.name}`;
    case 'enum':
      return `${head}enum ${type.name} {\n${type.values!.map((v) => `  ${v}`).join('\n')}\n}`;
    case 'input':
      return `${head}input ${type.name} {\n${type.fields!.map(printInputField).join('\n')}\n}`;
    case 'interface':
    case 'object': {
      const keyword = type.kind === 'interface' ? 'interface' : 'type';
      const impl = type.interfaces?.length ? ` implements ${type.interfaces.join(' & ')}` : '';
      return `${head}${keyword} ${type.name}${impl} {\n${type.fields!.map(printField).join('\n')}\n}`;
    }
  }
}

function printField(field: GraphField): string {
  const args = field.args.length
    ? `(${field.args.map((a) => `${a.name}: ${a.type}${a.defaultValue !== undefined ? ` = ${a.defaultValue}` : ''}`).join(', ')})`
    : '';
  return `${description(field.description, '  ')}  ${field.name}${args}: ${field.type}`;
}

function printInputField(field: GraphField): string {
  return `${description(field.description, '  ')}  ${field.name}: ${field.type}`;
}

function description(text: string | undefined, indent: string): string {
  if (!text) return '';
  return `${indent}${JSON.stringify(text)}\n`;
}
