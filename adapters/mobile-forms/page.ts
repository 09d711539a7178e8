// The mobile form page as HTML. Pure: a form, the values typed so far and the problems → one small page with its
// own styles (no fonts; scripts only those named: the messenger's JS-SDK and ours, see sso.ts). Every text is
// escaped.
import escapeHtml from 'escape-html';
import type { Form, FormField, Level } from '../../src/kernel/card.ts';
import { t, type Locale } from '../../src/modules/i18n.ts';

const STYLE = `
body{margin:0;font:16px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",system-ui,sans-serif;background:#f5f6f8;color:#1f2328}
main{max-width:560px;margin:0 auto;padding:16px}
h1{font-size:20px;margin:8px 0 16px}
label{display:block;font-weight:600;margin:14px 0 6px}
.req{color:#c62828;font-weight:400;font-size:13px;margin-left:4px}
input,select,textarea{box-sizing:border-box;width:100%;font:inherit;padding:10px;border:1px solid #c9ced6;border-radius:8px;background:#fff}
textarea{min-height:96px}
button{margin-top:20px;width:100%;padding:12px;font:inherit;font-weight:600;color:#fff;background:#1a73e8;border:0;border-radius:8px}
.problems{background:#fff4e5;border:1px solid #f0b65a;border-radius:8px;padding:8px 12px}
.card{background:#fff;border-radius:8px;padding:12px 14px;margin:10px 0;white-space:pre-wrap}
.green{border-left:4px solid #2e7d32}.yellow{border-left:4px solid #f0b65a}.red{border-left:4px solid #c62828}
.info{border-left:4px solid #1a73e8}.win{border-left:4px solid #b8860b}
`;

function page(locale: Locale, title: string, body: string, scripts: readonly string[] = []): string {
  const tags = scripts.map((src) => `<script src="${escapeHtml(src)}"></script>\n`).join('');
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>
${body}
</main>
${tags}</body>
</html>
`;
}

function input(field: FormField, value: string, locale: Locale): string {
  const name = escapeHtml(field.name);
  const attrs = `id="f-${name}" name="${name}"${field.required ? ' required' : ''}${
    field.placeholder === undefined ? '' : ` placeholder="${escapeHtml(field.placeholder)}"`
  }`;
  switch (field.kind) {
    case 'textarea':
      return `<textarea ${attrs}>${escapeHtml(value)}</textarea>`;
    case 'select': {
      const options = (field.options ?? [])
        .map(
          (o) =>
            `<option value="${escapeHtml(o.value)}"${o.value === value ? ' selected' : ''}>${escapeHtml(o.label)}</option>`,
        )
        .join('');
      const none =
        value === '' ? `<option value="" selected>${escapeHtml(t(locale, 'mform.choose'))}</option>` : '';
      return `<select ${attrs}>${none}${options}</select>`;
    }
    case 'number':
      return `<input type="text" inputmode="decimal" ${attrs} value="${escapeHtml(value)}">`;
    default:
      return `<input type="text" ${attrs} value="${escapeHtml(value)}">`;
  }
}

export interface FormPageView {
  form: Form;
  locale: Locale;
  /** Values to show: what was typed before a refusal, else each field's initial value. */
  values?: Record<string, string>;
  problems?: string[];
  /** Scripts to load at the end of the page, in order (a messenger's JS-SDK, then ours). */
  scripts?: readonly string[];
}

export function renderFormPage(view: FormPageView): string {
  const { form, locale } = view;
  const problems = view.problems ?? [];
  const fields = form.fields
    .map((f) => {
      const value = view.values?.[f.name] ?? f.initial ?? '';
      const req = f.required ? `<span class="req">${escapeHtml(t(locale, 'mform.required'))}</span>` : '';
      return `<label for="f-${escapeHtml(f.name)}">${escapeHtml(f.label)}${req}</label>\n${input(f, value, locale)}`;
    })
    .join('\n');
  const warn =
    problems.length === 0
      ? ''
      : `<div class="problems" role="alert"><ul>${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></div>\n`;
  // The form posts back to the same signed address it was opened from.
  return page(
    locale,
    form.title,
    `<h1>${escapeHtml(form.title)}</h1>\n${warn}<form method="post">\n${fields}\n<button type="submit">${escapeHtml(
      form.submitLabel,
    )}</button>\n</form>`,
    view.scripts,
  );
}

export interface MessageCard {
  title: string;
  body?: string;
  level: Level;
}

/** A page that only says something: the answers after a submission, or why a link does not work. */
export function renderMessagePage(
  locale: Locale,
  title: string,
  cards: MessageCard[],
  footer: string,
  scripts: readonly string[] = [],
): string {
  const items = cards
    .map(
      (c) =>
        `<div class="card ${c.level}"><strong>${escapeHtml(c.title)}</strong>${
          c.body === undefined || c.body === '' ? '' : `\n${escapeHtml(c.body)}`
        }</div>`,
    )
    .join('\n');
  const end = footer === '' ? '' : `\n<p>${escapeHtml(footer)}</p>`;
  return page(locale, title, `<h1>${escapeHtml(title)}</h1>\n${items}${end}`, scripts);
}
