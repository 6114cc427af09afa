/**
 * Twilio behaviours the specs state only in prose, recorded here as facts. The spec reader puts
 * them into the API model, so the emulator and the generated operation map share them.
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
