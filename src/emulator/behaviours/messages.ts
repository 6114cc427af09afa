import { isoDate } from '../dates.js';
import { EmulatorError } from '../errors.js';
import type { RecordData, StoredRecord } from '../store.js';
import type { BehaviourContext } from './host.js';

/** Schema key of a 2010 API Message. */
export const MESSAGE_SCHEMA = 'api_v2010:api.v2010.account.message';
/** Schema key of a Message's Media. */
const MEDIA_SCHEMA = 'api_v2010:api.v2010.account.message.media';

/** Content types by file extension, for the Media of a `MediaUrl` (Twilio reads them from the fetched file). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  pdf: 'application/pdf',
  vcf: 'text/vcard',
};

/** The content type a media URL's extension suggests. */
function contentTypeOf(url: string): string {
  const path = url.split(/[?#]/)[0] ?? '';
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (ext && CONTENT_TYPES[ext]) ?? 'application/octet-stream';
}

// GSM 03.38 basic set plus the extension table (extension characters count double).
const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

/** SMS segments a body needs: 160/153 GSM-7 septets, or 70/67 UCS-2 characters. */
export function segmentCount(body: string): number {
  if (body === '') return 1;
  let septets = 0;
  let gsm = true;
  for (const ch of body) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXTENDED.includes(ch)) septets += 2;
    else gsm = false;
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  // UCS-2 counts UTF-16 code units.
  return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
}

/**
 * An outbound message's life: `queued` (or `accepted` through a Messaging
 * Service, then `queued`) -> `sending` -> `sent` -> `delivered`, one step per
 * timeline tick. Every status after the initial one is POSTed, signed, to the
 * request's `StatusCallback` — Twilio sends no callback for the initial status.
 * Each `MediaUrl` becomes a Media record of the message. Only a scheduled
 * message can be canceled.
 */
export class MessageLifecycle {
  constructor(private readonly ctx: BehaviourContext) {}

  created(message: StoredRecord, params: Record<string, unknown>): void {
    const viaService = typeof params.MessagingServiceSid === 'string' && params.MessagingServiceSid !== '';
    const body = typeof params.Body === 'string' ? params.Body : '';
    const media = params.MediaUrl === undefined ? [] : [params.MediaUrl].flat();
    this.ctx.records.patch(message, {
      status: viaService ? 'accepted' : 'queued',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      num_segments: String(segmentCount(body)),
      num_media: String(media.length),
      price: null,
      price_unit: 'USD',
      error_code: null,
      error_message: null,
      date_sent: null,
    });
    for (const url of media) {
      this.ctx.records.insert(message.accountSid, MEDIA_SCHEMA, {
        // Addresses the parent message (the list path's `{MessageSid}`); `parent_sid` is the field.
        message_sid: message.id,
        parent_sid: message.id,
        content_type: contentTypeOf(String(url)),
      });
    }
    // A scheduled message waits for its send time; the emulator does not run a scheduler for it.
    if (params.ScheduleType === 'fixed') {
      this.ctx.records.patch(message, { status: 'scheduled' });
      return;
    }
    const statuses = [...(viaService ? ['queued'] : []), 'sending', 'sent', 'delivered'];
    const callback = typeof params.StatusCallback === 'string' && params.StatusCallback !== '' ? params.StatusCallback : undefined;
    this.ctx.timeline.run(
      statuses.map((status) => () => {
        // Deleted meanwhile (or the store was reset): nothing left to move.
        const current = this.ctx.records.get(message.accountSid, MESSAGE_SCHEMA, message.id);
        if (!current) throw new Error(`message ${message.id} is gone`);
        this.ctx.records.patch(current, { status, ...(status === 'sent' ? { date_sent: isoDate(new Date()) } : {}) });
        if (callback) this.notify(current, callback);
      }),
      (error) => this.ctx.log(`message lifecycle stopped: ${String(error)}`),
    );
  }

  /**
   * After UpdateMessage: `Status=canceled` cancels only a message still scheduled (Twilio's
   * 400/30409 otherwise, and the request changes nothing).
   */
  updated(message: StoredRecord, params: Record<string, unknown>, previous: RecordData | undefined): void {
    const before = String(previous?.status ?? message.data.status);
    if (params.Status === 'canceled' && before !== 'scheduled') {
      throw new EmulatorError(400, 30409, `Message ${message.id} cannot be canceled: only a scheduled message can be, and it is ${before}`);
    }
  }

  private notify(record: StoredRecord, url: string): void {
    const message = record.data;
    const params: Record<string, string> = {
      AccountSid: record.accountSid,
      ApiVersion: '2010-04-01',
      MessageSid: record.id,
      SmsSid: record.id,
      MessageStatus: String(message.status),
      SmsStatus: String(message.status),
      To: String(message.to ?? ''),
      From: String(message.from ?? ''),
    };
    if (typeof message.messaging_service_sid === 'string') params.MessagingServiceSid = message.messaging_service_sid;
    if (message.status === 'delivered') params.RawDlrDoneDate = rawDlrDate(new Date());
    void this.ctx.webhooks.send({ url, params, authToken: this.ctx.authToken(record.accountSid), orderKey: record.id });
  }
}

/** Carrier delivery-receipt time, `YYMMDDhhmm` in UTC, as Twilio forwards it. */
function rawDlrDate(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(date.getUTCFullYear() % 100)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}`;
}
