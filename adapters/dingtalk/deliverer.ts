// The outbox worker's door to DingTalk (src/conversation/delivery.ts). Robot messages (sampleMarkdown) go through
// oToMessages/batchSend (a person) or groupMessages/send (a group); cards with buttons become interactive cards
// (card/instances/createAndDeliver) when a template is configured, and only those can be updated in place.
import {
  DeliveryError,
  type Address,
  type Deliverer,
  type DeliveryMeta,
  type DeliveryProgress,
} from '../../src/conversation/delivery.ts';
import type { Card, CardFile } from '../../src/kernel/card.ts';
import { exportFiles } from '../../src/modules/analytics/charts/export-files.ts';
import type { Locale } from '../../src/modules/i18n.ts';
import type { DingtalkApi } from './api.ts';
import { renderCardParams, renderMarkdown, renderMessage } from './render.ts';
import { log } from '../../src/log.ts';

/** Progress steps (delivery.ts): the chart's image message went out; the card went out (its reference). */
const IMAGE_SENT = 'dingtalk.image';
const CARD_SENT = 'dingtalk.card';

/** Our own pace per address. DingTalk throttles robots per app and per group (tens of messages a minute). */
export const DINGTALK_MIN_INTERVAL_MS = 3000;

export interface DingtalkSenderOptions {
  robotCode: string;
  /** An interactive card template (DingTalk card builder) with the variables of render.ts; without it, markdown. */
  cardTemplateId?: string;
  /** The HTTP callback route key registered for card clicks (else clicks arrive over Stream mode). */
  callbackRouteKey?: string;
  /** Resolves once the HTTP card callback is registered (index.ts); awaited before each card is sent. */
  callbackReady?: () => Promise<void>;
}

export interface DingtalkSender {
  /** Sends a card; returns our reference: `card:{outTrackId}`, `o2o:{processQueryKey}` or `group:{…}`. With
   * `progress`, the chart and the card an earlier try sent are not sent again. */
  send(
    address: Address,
    card: Card,
    locale: Locale,
    outTrackId: string,
    progress?: DeliveryProgress,
  ): Promise<string>;
  /** Updates an interactive card in place; false when the reference is a robot message, which cannot be edited. */
  updateCard(ref: string, card: Card): Promise<boolean>;
}

/**
 * The only file types a robot `sampleFile` message takes ("企业机器人发送消息的消息类型", msgKey sampleFile, fileType:
 * xlsx, pdf, zip, rar, doc, docx; https://open.dingtalk.com/document/orgapp/types-of-messages-sent-by-robots).
 * CSV is not among them: a table goes as an Excel workbook written from the same rows.
 */
export const DINGTALK_FILE_TYPES: readonly string[] = ['xlsx', 'pdf', 'zip', 'rar', 'doc', 'docx'];

/**
 * createAndDeliver answers 200 even when a target was not reached: `result.deliverResults[]` says, per space,
 * `success` and `errorMsg` (CreateAndDeliverResponseBodyResultDeliverResults in DingTalk's own SDK,
 * @alicloud/dingtalk card_1_0; https://open.dingtalk.com/document/orgapp/create-and-deliver-cards).
 */
interface CreateAndDeliverAnswer {
  success?: boolean;
  result?: {
    outTrackId?: string;
    deliverResults?: Array<{ spaceType?: string; spaceId?: string; success?: boolean; errorMsg?: string }>;
  };
}

/** Failures that will fail the same way again (no such person or group, a robot not in it): park, don't retry. */
const UNDELIVERABLE = /(not ?exist|notfound|not found|invalid|不存在|无效|未安装|not ?install)/i;

interface BatchSendAnswer {
  processQueryKey?: string;
  invalidStaffIdList?: string[];
  flowControlledStaffIdList?: string[];
}

/** How long cards go as markdown after DingTalk said the template does not exist (an admin may import it). */
const TEMPLATE_RETRY_MS = 10 * 60 * 1000;

/** createAndDeliver refused the template id itself (not a person, not a group). */
function isMissingTemplate(err: unknown): boolean {
  return (
    err instanceof DeliveryError &&
    err.options.permanent === true &&
    /template/i.test(err.message) &&
    /(not ?exist|notfound|not found|invalid|不存在)/i.test(err.message)
  );
}

export function dingtalkSender(api: DingtalkApi, options: DingtalkSenderOptions): DingtalkSender {
  const interactive = options.cardTemplateId !== undefined && options.cardTemplateId !== '';
  /** When DingTalk said the template does not exist: markdown instead until this time (epoch ms), then try again. */
  let templateMissingUntil = 0;

  async function sendCard(address: Address, cardParamMap: Record<string, string>, outTrackId: string) {
    // A card whose clicks would go to a URL DingTalk does not know yet would have dead buttons.
    if (options.callbackRouteKey !== undefined) await options.callbackReady?.();
    const group = address.kind === 'channel';
    const answer = await api.call<CreateAndDeliverAnswer>('POST', '/v1.0/card/instances/createAndDeliver', {
      cardTemplateId: options.cardTemplateId,
      outTrackId,
      cardData: { cardParamMap },
      ...(options.callbackRouteKey === undefined
        ? { callbackType: 'STREAM' }
        : { callbackType: 'HTTP', callbackRouteKey: options.callbackRouteKey }),
      openSpaceId: group ? `dtv1.card//IM_GROUP.${address.id}` : `dtv1.card//IM_ROBOT.${address.id}`,
      ...(group
        ? {
            imGroupOpenSpaceModel: { supportForward: true },
            imGroupOpenDeliverModel: { robotCode: options.robotCode },
          }
        : {
            imRobotOpenSpaceModel: { supportForward: true },
            imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: options.robotCode },
          }),
    });
    const failed = (answer.result?.deliverResults ?? []).filter((r) => r.success === false);
    if (failed.length > 0) {
      const why = failed.map(
        (r) => `${r.spaceType ?? ''} ${r.spaceId ?? ''}: ${r.errorMsg ?? 'no reason given'}`,
      );
      throw new DeliveryError(`dingtalk card/instances/createAndDeliver not delivered: ${why.join('; ')}`, {
        permanent: failed.every((r) => UNDELIVERABLE.test(r.errorMsg ?? '')),
      });
    }
    return `card:${outTrackId}`;
  }

  /** The file as DingTalk takes it: a table DingTalk would refuse as CSV becomes a workbook of the same rows. */
  async function sendableFile(file: CardFile): Promise<(CardFile & { fileType: string }) | undefined> {
    // Bytes dropped from an oversized outbox row (card-json.ts) and no rows to write them again from: no file.
    if (file.bytes.length === 0 && file.table === undefined) return undefined;
    const ext = (file.name.split('.').pop() ?? '').toLowerCase();
    if (DINGTALK_FILE_TYPES.includes(ext))
      return file.bytes.length > 0 ? { ...file, fileType: ext } : undefined;
    const [workbook] = file.table === undefined ? [] : await exportFiles(file, 'xlsx');
    if (workbook !== undefined) return { ...workbook, fileType: 'xlsx' };
    throw new DeliveryError(`dingtalk sampleFile: DingTalk takes no .${ext} file (${file.name})`, {
      permanent: true,
    });
  }

  /** A robot message (markdown, image, file) to a person or a group; our reference to it. */
  async function sendRobot(address: Address, msgKey: string, msgParam: object): Promise<string> {
    const common = { robotCode: options.robotCode, msgKey, msgParam: JSON.stringify(msgParam) };
    if (address.kind === 'channel') {
      const sent = await api.call<BatchSendAnswer>('POST', '/v1.0/robot/groupMessages/send', {
        ...common,
        openConversationId: address.id,
      });
      return `group:${sent.processQueryKey ?? ''}`;
    }
    const sent = await api.call<BatchSendAnswer>('POST', '/v1.0/robot/oToMessages/batchSend', {
      ...common,
      userIds: [address.id],
    });
    if (sent.invalidStaffIdList?.includes(address.id))
      throw new DeliveryError(`dingtalk oToMessages/batchSend: invalid user ${address.id}`, {
        permanent: true,
      });
    if (sent.flowControlledStaffIdList?.includes(address.id))
      throw new DeliveryError(`dingtalk oToMessages/batchSend: flow controlled for ${address.id}`, {
        retryAfterMs: 60_000,
      });
    return `o2o:${sent.processQueryKey ?? ''}`;
  }

  async function sendFile(address: Address, file: CardFile & { fileType: string }) {
    const mediaId = await api.upload('file', file.name, file.mime, file.bytes);
    await sendRobot(address, 'sampleFile', { mediaId, fileName: file.name, fileType: file.fileType });
  }

  return {
    async send(address, card, locale, outTrackId, progress) {
      // A chart goes first as an image message (uploaded media, `sampleImageMsg` whose photoURL takes the
      // media_id), then the card with its reading and buttons; a file follows as `sampleFile` (a table as xlsx).
      // The file is made ready first, so a table that cannot be written sends nothing at all.
      const file = card.file === undefined ? undefined : await sendableFile(card.file);
      // Robot messages cannot be found again or recalled by our id: what an earlier try sent is in its progress.
      if (card.image !== undefined && card.image.png.length > 0 && progress?.done[IMAGE_SENT] !== true) {
        const mediaId = await api.upload('image', 'chart.png', 'image/png', card.image.png);
        await sendRobot(address, 'sampleImageMsg', { photoURL: mediaId });
        await progress?.save(IMAGE_SENT, true);
      }
      const sentBefore = progress?.done[CARD_SENT];
      if (typeof sentBefore === 'string') {
        if (file !== undefined) await sendFile(address, file);
        return sentBefore;
      }
      const message = renderMessage(card, {
        locale,
        interactive: interactive && Date.now() >= templateMissingUntil,
      });
      let ref: string;
      if (message.kind === 'card') {
        try {
          ref = await sendCard(address, message.cardParamMap, outTrackId);
        } catch (err) {
          if (!isMissingTemplate(err)) throw err;
          // The template is not (or no longer) published in this organisation: say so once, and send the
          // "type this command" markdown instead of parking every card with buttons.
          templateMissingUntil = Date.now() + TEMPLATE_RETRY_MS;
          log({ platform: 'dingtalk' }).error(
            `dingtalk: card template ${options.cardTemplateId ?? ''} is unknown to DingTalk (${(err as Error).message});` +
              ' cards go out as markdown naming the commands until it is imported and published (adapters/dingtalk/README.md)',
          );
          const robot = renderMarkdown(card, locale);
          ref = await sendRobot(address, 'sampleMarkdown', robot);
        }
      } else ref = await sendRobot(address, message.msgKey, message.msgParam);
      if (file !== undefined) {
        // Only a file can still fail after the card: then the next try sends the file alone.
        await progress?.save(CARD_SENT, ref);
        await sendFile(address, file);
      }
      return ref;
    },
    async updateCard(ref, card) {
      if (!ref.startsWith('card:')) return false;
      await api.call('PUT', '/v1.0/card/instances', {
        outTrackId: ref.slice('card:'.length),
        cardData: { cardParamMap: renderCardParams(card) },
        cardUpdateOptions: { updateCardDataByKey: true },
      });
      return true;
    },
  };
}

/** The outTrackId of an outbox delivery: derived from our delivery id, so the same delivery keeps its card. */
export const deliveryTrackId = (meta: DeliveryMeta) => `leadline-d${meta.deliveryId}`;

export function dingtalkDeliverer(sender: DingtalkSender): Deliverer {
  return {
    platform: 'dingtalk',
    minIntervalMs: DINGTALK_MIN_INTERVAL_MS,
    send: (address, card, meta) =>
      sender.send(address, card, meta.locale, deliveryTrackId(meta), meta.progress),
    async update(ref, address, card, meta) {
      // Robot messages cannot be edited (only recalled): the new state goes out as a new message.
      if (!(await sender.updateCard(ref, card)))
        await sender.send(address, card, meta.locale, `${deliveryTrackId(meta)}-u`);
    },
    // DingTalk has no lookup of a robot message by our id, and createAndDeliver has no "does this outTrackId
    // exist" call we can rely on: after a crash mid-send the message is sent again (at most one duplicate).
    reconcile: () => Promise.resolve(null),
  } satisfies Deliverer;
}
