// What a person types to do what a button does, in their language (src/conversation/parse-command.ts). Messengers
// whose group chats show no buttons (WeCom appchat, DingTalk markdown) print these beside the card.
import type { CardAction } from '../kernel/card.ts';
import type { Locale } from '../modules/i18n.ts';

export function typedCommand(action: CardAction, locale: Locale): string | null {
  const zh = locale === 'zh-CN';
  switch (action.id) {
    case 'lead.claim':
      return `${zh ? '领取' : 'claim'} ${action.value}`;
    case 'lead.pass':
      return `${zh ? '放弃' : 'pass'} ${action.value}`;
    case 'lead.release':
      return `${zh ? '释放' : 'release'} ${action.value}`;
    case 'lead.why':
      return `${zh ? '为什么' : 'why'} ${action.value}`;
    case 'lead.touch':
      return `${zh ? '跟进' : 'touch'} ${action.value} ${zh ? '电话' : 'call'}`;
    case 'market.open':
      return zh ? '集市' : 'market';
    case 'deal.open':
      return `${zh ? '商机' : 'deal'} D${action.value}`;
    case 'deal.advance':
      return `${zh ? '推进' : 'advance'} D${action.value}`;
    case 'deal.evidence':
      return `${zh ? '证据' : 'evidence'} D${action.value} ${zh ? '备注' : 'note'} …`;
    case 'deal.stall':
      // A form only: its value is the analysis task, which no command names.
      return null;
    case 'deal.done':
      return `${zh ? '完成' : 'done'} T${action.value}`;
    case 'chart.csv':
      // A chart's CSV button carries the chart's command (`distribution 2026-11`): the same words and `csv`.
      return `${action.value} csv`;
    case 'deal.answer':
      return `${zh ? '答复' : 'answer'} R${action.value} …`;
    case 'report.submit':
      return zh ? '日报 提交' : 'report submit';
    case 'report.confirm':
      return zh ? '日报 确认' : 'report confirm';
    case 'report.read':
    case 'report.comment':
      // A manager's review of one report: buttons and forms only.
      return null;
    case 'kbi.ack':
      return `${zh ? '知悉' : 'ack'} W${action.value}`;
  }
}
