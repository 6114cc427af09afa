/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query AgentReservations($workspaceSid: ID!, $workerSid: ID!, $first: Int = 10) {\n  workspace(sid: $workspaceSid) {\n    id\n    worker(sid: $workerSid) {\n      id\n      sid\n      friendlyName\n      available\n      activity {\n        friendlyName\n      }\n      reservations(first: $first) {\n        nodes {\n          id\n          sid\n          reservationStatus\n          dateCreated\n          task {\n            id\n            sid\n            assignmentStatus\n            priority\n            age\n            attributes\n            queue {\n              sid\n              friendlyName\n            }\n          }\n        }\n      }\n    }\n  }\n}": typeof types.AgentReservationsDocument,
    "query ConversationLastMessages($conversationSid: String!, $last: Int = 5) {\n  conversation(sid: $conversationSid) {\n    id\n    sid\n    friendlyName\n    state\n    messages(order: DESC, first: $last) {\n      nodes {\n        id\n        sid\n        index\n        author\n        body\n        dateCreated\n      }\n    }\n  }\n}": typeof types.ConversationLastMessagesDocument,
    "query Directory {\n  workspaces(first: 1) {\n    nodes {\n      sid\n      friendlyName\n      workers(first: 10) {\n        nodes {\n          sid\n          friendlyName\n        }\n      }\n      queues(first: 10) {\n        nodes {\n          sid\n          friendlyName\n        }\n      }\n    }\n  }\n  conversations(first: 5) {\n    nodes {\n      sid\n      friendlyName\n    }\n  }\n}": typeof types.DirectoryDocument,
    "query QueueOverview($workspaceSid: ID!, $queueSid: ID!, $firstWorkers: Int = 20) {\n  workspace(sid: $workspaceSid) {\n    id\n    queue(sid: $queueSid) {\n      id\n      sid\n      friendlyName\n      targetWorkers\n      realTimeStatistics {\n        totalTasks\n        totalAvailableWorkers\n        totalEligibleWorkers\n        longestTaskWaitingAge\n        tasksByStatus\n      }\n      statistics {\n        cumulative\n        realtime\n      }\n    }\n    workers(taskQueueSid: $queueSid, first: $firstWorkers) {\n      nodes {\n        id\n        sid\n        friendlyName\n        available\n        activity {\n          friendlyName\n        }\n      }\n    }\n  }\n}": typeof types.QueueOverviewDocument,
};
const documents: Documents = {
    "query AgentReservations($workspaceSid: ID!, $workerSid: ID!, $first: Int = 10) {\n  workspace(sid: $workspaceSid) {\n    id\n    worker(sid: $workerSid) {\n      id\n      sid\n      friendlyName\n      available\n      activity {\n        friendlyName\n      }\n      reservations(first: $first) {\n        nodes {\n          id\n          sid\n          reservationStatus\n          dateCreated\n          task {\n            id\n            sid\n            assignmentStatus\n            priority\n            age\n            attributes\n            queue {\n              sid\n              friendlyName\n            }\n          }\n        }\n      }\n    }\n  }\n}": types.AgentReservationsDocument,
    "query ConversationLastMessages($conversationSid: String!, $last: Int = 5) {\n  conversation(sid: $conversationSid) {\n    id\n    sid\n    friendlyName\n    state\n    messages(order: DESC, first: $last) {\n      nodes {\n        id\n        sid\n        index\n        author\n        body\n        dateCreated\n      }\n    }\n  }\n}": types.ConversationLastMessagesDocument,
    "query Directory {\n  workspaces(first: 1) {\n    nodes {\n      sid\n      friendlyName\n      workers(first: 10) {\n        nodes {\n          sid\n          friendlyName\n        }\n      }\n      queues(first: 10) {\n        nodes {\n          sid\n          friendlyName\n        }\n      }\n    }\n  }\n  conversations(first: 5) {\n    nodes {\n      sid\n      friendlyName\n    }\n  }\n}": types.DirectoryDocument,
    "query QueueOverview($workspaceSid: ID!, $queueSid: ID!, $firstWorkers: Int = 20) {\n  workspace(sid: $workspaceSid) {\n    id\n    queue(sid: $queueSid) {\n      id\n      sid\n      friendlyName\n      targetWorkers\n      realTimeStatistics {\n        totalTasks\n        totalAvailableWorkers\n        totalEligibleWorkers\n        longestTaskWaitingAge\n        tasksByStatus\n      }\n      statistics {\n        cumulative\n        realtime\n      }\n    }\n    workers(taskQueueSid: $queueSid, first: $firstWorkers) {\n      nodes {\n        id\n        sid\n        friendlyName\n        available\n        activity {\n          friendlyName\n        }\n      }\n    }\n  }\n}": types.QueueOverviewDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AgentReservations($workspaceSid: ID!, $workerSid: ID!, $first: Int = 10) {\n  workspace(sid: $workspaceSid) {\n    id\n    worker(sid: $workerSid) {\n      id\n      sid\n      friendlyName\n      available\n      activity {\n        friendlyName\n      }\n      reservations(first: $first) {\n        nodes {\n          id\n          sid\n          reservationStatus\n          dateCreated\n          task {\n            id\n            sid\n            assignmentStatus\n            priority\n            age\n            attributes\n            queue {\n              sid\n              friendlyName\n            }\n          }\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query AgentReservations($workspaceSid: ID!, $workerSid: ID!, $first: Int = 10) {\n  workspace(sid: $workspaceSid) {\n    id\n    worker(sid: $workerSid) {\n      id\n      sid\n      friendlyName\n      available\n      activity {\n        friendlyName\n      }\n      reservations(first: $first) {\n        nodes {\n          id\n          sid\n          reservationStatus\n          dateCreated\n          task {\n            id\n            sid\n            assignmentStatus\n            priority\n            age\n            attributes\n            queue {\n              sid\n              friendlyName\n            }\n          }\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ConversationLastMessages($conversationSid: String!, $last: Int = 5) {\n  conversation(sid: $conversationSid) {\n    id\n    sid\n    friendlyName\n    state\n    messages(order: DESC, first: $last) {\n      nodes {\n        id\n        sid\n        index\n        author\n        body\n        dateCreated\n      }\n    }\n  }\n}"): (typeof documents)["query ConversationLastMessages($conversationSid: String!, $last: Int = 5) {\n  conversation(sid: $conversationSid) {\n    id\n    sid\n    friendlyName\n    state\n    messages(order: DESC, first: $last) {\n      nodes {\n        id\n        sid\n        index\n        author\n        body\n        dateCreated\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Directory {\n  workspaces(first: 1) {\n    nodes {\n      sid\n      friendlyName\n      workers(first: 10) {\n        nodes {\n          sid\n          friendlyName\n        }\n      }\n      queues(first: 10) {\n        nodes {\n          sid\n          friendlyName\n        }\n      }\n    }\n  }\n  conversations(first: 5) {\n    nodes {\n      sid\n      friendlyName\n    }\n  }\n}"): (typeof documents)["query Directory {\n  workspaces(first: 1) {\n    nodes {\n      sid\n      friendlyName\n      workers(first: 10) {\n        nodes {\n          sid\n          friendlyName\n        }\n      }\n      queues(first: 10) {\n        nodes {\n          sid\n          friendlyName\n        }\n      }\n    }\n  }\n  conversations(first: 5) {\n    nodes {\n      sid\n      friendlyName\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query QueueOverview($workspaceSid: ID!, $queueSid: ID!, $firstWorkers: Int = 20) {\n  workspace(sid: $workspaceSid) {\n    id\n    queue(sid: $queueSid) {\n      id\n      sid\n      friendlyName\n      targetWorkers\n      realTimeStatistics {\n        totalTasks\n        totalAvailableWorkers\n        totalEligibleWorkers\n        longestTaskWaitingAge\n        tasksByStatus\n      }\n      statistics {\n        cumulative\n        realtime\n      }\n    }\n    workers(taskQueueSid: $queueSid, first: $firstWorkers) {\n      nodes {\n        id\n        sid\n        friendlyName\n        available\n        activity {\n          friendlyName\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query QueueOverview($workspaceSid: ID!, $queueSid: ID!, $firstWorkers: Int = 20) {\n  workspace(sid: $workspaceSid) {\n    id\n    queue(sid: $queueSid) {\n      id\n      sid\n      friendlyName\n      targetWorkers\n      realTimeStatistics {\n        totalTasks\n        totalAvailableWorkers\n        totalEligibleWorkers\n        longestTaskWaitingAge\n        tasksByStatus\n      }\n      statistics {\n        cumulative\n        realtime\n      }\n    }\n    workers(taskQueueSid: $queueSid, first: $firstWorkers) {\n      nodes {\n        id\n        sid\n        friendlyName\n        available\n        activity {\n          friendlyName\n        }\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;