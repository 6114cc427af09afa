/**
 * Twilio behaviours the specs state only in prose, recorded here as facts the generator
 * carries into the operation map.
 */

/**
 * Response fields Twilio returns only when one resource is fetched, and leaves null in list
 * reads (TaskRouter's Worker and Task `attributes`). A list item missing one of them is not a
 * complete copy of the resource.
 */
export const FETCH_ONLY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'taskrouter_v1:taskrouter.v1.workspace.worker': ['attributes'],
  'taskrouter_v1:taskrouter.v1.workspace.task': ['attributes'],
};
