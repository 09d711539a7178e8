// Building the page's elements, and a neutral card as HTML: pure DOM, no state of the page.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** Text with `commands` in backticks shown as code. */
export function richText(text) {
  return String(text)
    .split('`')
    .map((part, i) => (i % 2 === 1 ? el('code', {}, part) : part));
}

/**
 * A chart at its full size (its PNG is drawn at twice the card's width) in a modal over the page; a click
 * anywhere on it, its close button or Esc closes it. One dialog for the page, made on first use.
 */
export function showFullSize(image, labels = {}) {
  let dialog = document.getElementById('chart-full');
  if (!dialog) {
    dialog = el('dialog', { id: 'chart-full', class: 'chart-full', onclick: () => dialog.close() });
    document.body.append(dialog);
  }
  dialog.replaceChildren(
    el('button', { type: 'button', class: 'close', 'aria-label': labels.close || 'Close' }, '×'),
    el('img', { src: image.src, alt: image.alt }),
  );
  dialog.showModal();
}

/**
 * A card: title, level colour, fields, body, image and buttons. `onClick(messageId, action, cardNode)` on a button;
 * `labels` the page's words (`fullSize`, `close`) for the chart's full-size view.
 */
export function renderCard(card, messageId, onClick, labels = {}) {
  const buttons = (card.actions || []).map((a) =>
    el(
      'button',
      {
        type: 'button',
        class: a.style || undefined,
        'data-action': a.id,
        'data-value': a.value,
        onclick: (e) => onClick(messageId, a, e.currentTarget.closest('.card')),
      },
      a.label,
    ),
  );
  return el(
    'article',
    {
      class: `card level-${card.level || 'info'}`,
      'data-lead-id': card.leadId,
      'data-message-id': messageId,
    },
    el('h3', {}, richText(card.title)),
    card.fields && card.fields.length > 0
      ? el(
          'dl',
          {},
          card.fields.map((f) => el('div', {}, el('dt', {}, f.label), el('dd', {}, f.value))),
        )
      : null,
    card.body ? el('p', { class: 'body' }, richText(card.body)) : null,
    card.image
      ? el('img', {
          src: card.image.src,
          alt: card.image.alt,
          class: 'chart',
          title: labels.fullSize,
          tabindex: '0',
          role: 'button',
          onclick: () => showFullSize(card.image, labels),
          onkeydown: (e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              showFullSize(card.image, labels);
            }
          },
        })
      : null,
    card.image && card.image.reading ? el('p', { class: 'reading' }, card.image.reading) : null,
    card.file
      ? el('a', { class: 'file', href: card.file.href, download: card.file.name }, `⤓ ${card.file.name}`)
      : null,
    card.workbook
      ? el(
          'a',
          { class: 'file', href: card.workbook.href, download: card.workbook.name },
          `⤓ ${card.workbook.name}`,
        )
      : null,
    card.page
      ? el(
          'p',
          { class: 'page-link' },
          el('a', { href: card.page.href, target: '_blank', rel: 'noopener' }, card.page.label),
          card.page.hint ? el('small', {}, ` ${card.page.hint}`) : null,
        )
      : null,
    buttons.length > 0 ? el('div', { class: 'actions' }, buttons) : null,
  );
}
