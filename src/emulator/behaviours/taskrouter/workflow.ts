import { matches } from './expression.js';

/** One routing step of a workflow filter. */
export interface WorkflowTarget {
  queue: string;
  /** Narrows the queue's workers; may read `task.` and `worker.` attributes. */
  expression?: string;
  priority?: number;
  timeout?: number;
}

/** Where a workflow sends a task: the first target of the matching filter. */
export interface RoutingDecision {
  queueSid: string;
  target: WorkflowTarget;
  /** `filter_friendly_name` of the matched filter, or `Default Filter`. */
  filterName: string;
}

interface WorkflowFilter {
  filter_friendly_name?: string;
  expression?: string;
  targets?: WorkflowTarget[];
}

interface WorkflowConfiguration {
  task_routing?: { filters?: WorkflowFilter[]; default_filter?: { queue?: string } };
}

/**
 * Applies a workflow `configuration` (the JSON TaskRouter stores as a string)
 * to a task's attributes: filters in order, the first whose expression matches
 * and that names a queue wins; otherwise `default_filter.queue`. Returns
 * undefined when nothing routes the task (it then stays pending, as in Twilio).
 * Throws on JSON or expression text it cannot read, so the caller can log it.
 */
export function routeTask(configuration: string, taskAttributes: Record<string, unknown>): RoutingDecision | undefined {
  const config = JSON.parse(configuration) as WorkflowConfiguration;
  for (const [i, filter] of (config.task_routing?.filters ?? []).entries()) {
    const target = filter.targets?.find((t) => typeof t.queue === 'string');
    if (target && matches(filter.expression, { self: taskAttributes, task: taskAttributes })) {
      return { queueSid: target.queue, target, filterName: filter.filter_friendly_name ?? `Filter ${i + 1}` };
    }
  }
  const fallback = config.task_routing?.default_filter?.queue;
  return fallback ? { queueSid: fallback, target: { queue: fallback }, filterName: 'Default Filter' } : undefined;
}

/** The queues a workflow `configuration` can route to: its filters' targets and its default filter's. */
export function queuesOf(configuration: unknown): string[] {
  let config: WorkflowConfiguration | null;
  try {
    config = JSON.parse(typeof configuration === 'string' ? configuration : '{}') as WorkflowConfiguration | null;
  } catch {
    return [];
  }
  const routing = config?.task_routing;
  const list = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : []);
  const targets = list(routing?.filters).flatMap((f) => list(f?.targets).map((t) => t?.queue));
  return [...targets, routing?.default_filter?.queue].filter((q): q is string => typeof q === 'string');
}

/** Parses a JSON attributes string as TaskRouter stores it; anything else reads as `{}`. */
export function parseAttributes(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string' || text === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
