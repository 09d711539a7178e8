// WeCom customer contacts linked to leads (issue 24 item 8): notices, the one-tap link card, its replies and the
// lines of the lead's `why` story, in English and Chinese.
export const contactsEn = {
  'contact.linked.title': 'WeChat customer {name} linked to lead #{id} {company}',
  'contact.linked.body': 'Matched by the phone {phone} in your remark; counted as a follow-up.',
  'contact.elsewhere.title': 'WeChat customer {name} belongs to lead #{id} {company}',
  'contact.elsewhere.adder':
    'You added {name} on WeChat; the phone {phone} in your remark is on lead #{id}, held by {owner}. Nothing was linked: agree with {owner} who follows this customer.',
  'contact.elsewhere.owner':
    '{adder} added your customer {name} on WeChat (remark phone {phone}). Nothing was linked to your lead.',
  'contact.elsewhere.manager':
    '{adder} added {name} on WeChat; the customer is on lead #{id}, held by {owner} (remark phone {phone}). Nothing was linked.',
  'contact.unlinked.title': 'You added {name} on WeChat: which lead is it?',
  'contact.unlinked.noPhone': 'The contact’s remark has no phone.',
  'contact.unlinked.noMatch': 'No lead of yours has the remark’s phone {phones}.',
  'contact.unlinked.tap': 'Tap the lead it belongs to; linking counts as a follow-up.',
  'contact.unlinked.none':
    'You hold no claimed lead to link it to: write the customer’s phone in the remark, or enter the lead with `new`.',
  'contact.btn.link': '#{id} {company}',
  'reply.contactLinked': 'WeChat customer {name} linked to lead #{id}; counted as a follow-up.',
  'reply.contactAlready': 'WeChat customer {name} was already linked to lead #{id}.',
  'refuse.BAD_CONTACT': 'That button names no WeChat customer.',
  'why.contact.linked': '{name} linked WeChat customer {contact} by the remark phone {phone}.',
  'why.contact.tapped': '{name} linked WeChat customer {contact} by hand.',
  'why.contact.elsewhere':
    '{name} added WeChat customer {contact} (remark phone {phone}); the lead is {owner}’s, nothing linked.',
};

export const contactsZh: Record<keyof typeof contactsEn, string> = {
  'contact.linked.title': '微信客户 {name} 已关联到线索 #{id} {company}',
  'contact.linked.body': '按你备注里的手机号 {phone} 匹配，已记为一次跟进。',
  'contact.elsewhere.title': '微信客户 {name} 属于线索 #{id} {company}',
  'contact.elsewhere.adder':
    '你在微信上添加了 {name}，你备注的手机号 {phone} 在 {owner} 名下的线索 #{id} 上。没有关联：请与 {owner} 商定由谁跟进这位客户。',
  'contact.elsewhere.owner':
    '{adder} 在微信上添加了你的客户 {name}（备注手机号 {phone}）。没有关联到你的线索。',
  'contact.elsewhere.manager':
    '{adder} 在微信上添加了 {name}，这位客户在 {owner} 名下的线索 #{id} 上（备注手机号 {phone}）。没有关联。',
  'contact.unlinked.title': '你在微信上添加了 {name}：是哪条线索？',
  'contact.unlinked.noPhone': '联系人备注里没有手机号。',
  'contact.unlinked.noMatch': '你的线索里没有备注手机号 {phones}。',
  'contact.unlinked.tap': '点一下它所属的线索即可关联，关联记为一次跟进。',
  'contact.unlinked.none': '你名下没有已领取的线索可关联：请在备注里写上客户手机号，或用 `新线索` 录入线索。',
  'contact.btn.link': '#{id} {company}',
  'reply.contactLinked': '微信客户 {name} 已关联到线索 #{id}，记为一次跟进。',
  'reply.contactAlready': '微信客户 {name} 之前已关联到线索 #{id}。',
  'refuse.BAD_CONTACT': '这个按钮没有指向任何微信客户。',
  'why.contact.linked': '{name} 按备注手机号 {phone} 关联了微信客户 {contact}。',
  'why.contact.tapped': '{name} 手动关联了微信客户 {contact}。',
  'why.contact.elsewhere':
    '{name} 在微信上添加了客户 {contact}（备注手机号 {phone}），线索属于 {owner}，没有关联。',
};
