import type { StoredRecord } from '../store.js';
import type { Records } from './records.js';

/** Schema keys of the Conversations service and the account's Conversations configuration. */
const SERVICE = 'conversations_v1:conversations.v1.service';
const CONFIGURATION = 'conversations_v1:conversations.v1.configuration';

/** What Twilio calls the service it gives every account. */
const DEFAULT_SERVICE_NAME = 'Default Conversations Service';

/**
 * Every account has a default Conversations service, named by its Conversations configuration
 * (`default_chat_service_sid`): the service the account-level resources (`/v1/Conversations`,
 * `/v1/Users` …) belong to. Made once per account, when the behaviours start (for the accounts
 * that exist then) and when a subaccount is created; kept if the configuration already names one.
 */
export class DefaultConversationsService {
  constructor(private readonly records: Records) {}

  /** The SID of the account's default service, creating the service (and configuration) if needed. */
  ensure(accountSid: string): string {
    const configuration = this.records.singleton(accountSid, CONFIGURATION);
    const named = configuration?.data.default_chat_service_sid;
    if (typeof named === 'string' && this.records.get(accountSid, SERVICE, named)) return named;
    const service = this.records.insert(accountSid, SERVICE, { friendly_name: DEFAULT_SERVICE_NAME });
    if (configuration) this.records.patch(configuration, { default_chat_service_sid: service.id });
    else this.records.putSingleton(accountSid, CONFIGURATION, { default_chat_service_sid: service.id });
    return service.id;
  }

  /**
   * A record made through an account-level Conversations path (not under `/v1/Services/…`)
   * belongs to the default service: its `chat_service_sid`, when it has one and it is unset.
   */
  created(record: StoredRecord, path: string): void {
    if (path.startsWith('/v1/Services/') || !('chat_service_sid' in record.data) || record.data.chat_service_sid != null) return;
    this.records.patch(record, { chat_service_sid: this.ensure(record.accountSid) });
  }
}
