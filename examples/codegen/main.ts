/**
 * Prints a Flex plugin's three panels (an agent's reservations, a queue, a conversation) fetched
 * with Apollo Client through the typed documents. Start the gateway first, then:
 *
 *   TWILIO_GRAPHQL_AUTHORIZATION='Basic …' npx tsx examples/codegen/main.ts
 *
 * TWILIO_GRAPHQL_URL defaults to http://127.0.0.1:4000/graphql.
 */
import { createFlexClient, directory, loadFlexPanels, type FlexPanels } from './flex-client.js';

const url = process.env.TWILIO_GRAPHQL_URL ?? 'http://127.0.0.1:4000/graphql';
const authorization = process.env.TWILIO_GRAPHQL_AUTHORIZATION;
if (!authorization) {
  console.error('Set TWILIO_GRAPHQL_AUTHORIZATION to the Authorization header the gateway printed at start.');
  process.exit(2);
}

const client = createFlexClient({ url, authorization });
try {
  const found = await directory(client);
  const workspace = found.workspaces?.nodes[0];
  const worker = workspace?.workers?.nodes[0];
  const queue = workspace?.queues?.nodes[0];
  const conversation = found.conversations?.nodes[0];
  if (!workspace?.sid || !worker?.sid || !queue?.sid || !conversation?.sid) {
    throw new Error('The account needs a TaskRouter workspace with a worker and a queue, and a conversation.');
  }
  const panels = await loadFlexPanels(client, {
    workspaceSid: workspace.sid,
    workerSid: worker.sid,
    queueSid: queue.sid,
    conversationSid: conversation.sid,
  });
  console.log(render(panels));
} finally {
  client.stop();
}

function render({ agent, queue, conversation }: FlexPanels): string {
  const lines: string[] = [];
  const reservations = agent.worker?.reservations?.nodes ?? [];
  lines.push(`Agent ${agent.worker?.friendlyName} (${agent.worker?.activity?.friendlyName}): ${reservations.length} reservation(s)`);
  for (const r of reservations) {
    lines.push(`  ${r.sid} ${r.reservationStatus}: task ${r.task?.sid} ${r.task?.assignmentStatus} in ${r.task?.queue?.friendlyName}`);
  }
  const stats = queue.queue?.realTimeStatistics;
  lines.push(
    `Queue ${queue.queue?.friendlyName}: ${stats?.totalTasks} task(s), ${stats?.totalAvailableWorkers} of ${stats?.totalEligibleWorkers} eligible worker(s) available`,
  );
  for (const w of queue.workers?.nodes ?? []) lines.push(`  ${w.friendlyName} (${w.activity?.friendlyName})`);
  lines.push(`Conversation "${conversation.friendlyName}" (${conversation.state}), latest messages:`);
  for (const m of conversation.messages?.nodes ?? []) lines.push(`  #${m.index} ${m.author}: ${m.body}`);
  return lines.join('\n');
}
