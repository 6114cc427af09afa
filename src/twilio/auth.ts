/**
 * Request identity: the Basic `Authorization` header from a credential and the client's
 * `User-Agent`. Header values are built here and nowhere else, so credentials never reach messages.
 */
import { PACKAGE_VERSION } from '../version.js';
import type { Credential } from './types.js';

/** `Basic base64(username:password)`, as twilio-node sends it. */
export function basicAuthorization(credential: Credential): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.password}`, 'utf8').toString('base64')}`;
}

/** `twilio-graphql/<version>` from the package manifest. */
export const USER_AGENT: string = `twilio-graphql/${PACKAGE_VERSION}`;
