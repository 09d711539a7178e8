// The mobile form page as HTML. Pure: a form, the values typed so far and the problems → one small page with its
// own styles (no fonts, nothing loaded from elsewhere). Every text is escaped. A form with a position or files gets
// our one small script (assets/form.js, same origin) and whatever platform scripts the caller names (the
// messenger's JS-SDK and its bridge, see sso.ts); without
// scripts the form still submits (the position is then missing and the report says so).
import escapeHtml from 'escape-html';
import type { Form, FormField, Level } from '../../src/kernel/card.ts';
import { t, type Locale } from '../../src/modules/i18n.ts';

const STYLE = `
body{margin:0;font:16px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",system-ui,sans-serif;background:#f5f6f8;color:#1f2328}
main{max-width:560px;margin:0 auto;padding:16px}
h1{font-size:20px;margin:8px 0 16px}
label,.label{display:block;font-weight:600;margin:14px 0 6px}
.req{color:#c62828;font-weight:400;font-size:13px;margin-left:4px}
input,select,textarea{box-sizing:border-box;width:100%;font:inherit;padding:10px;border:1px solid #c9ced6;border-radius:8px;background:#fff}
textarea{min-height:96px}
button{margin-top:20px;width:100%;padding:12px;font:inherit;font-weight:600;color:#fff;background:#1a73e8;border:0;border-radius:8px}
.problems{background:#fff4e5;border:1px solid #f0b65a;border-radius:8px;padding:8px 12px}
.card{background:#fff;border-radius:8px;padding:12px 14px;margin:10px 0;white-space:pre-wrap}
.green{border-left:4px solid #2e7d32}.yellow{border-left:4px solid #f0b65a}.red{border-left:4px solid #c62828}
.info{border-left:4px solid #1a73e8}.win{border-left:4px solid #b8860b}
.intro{background:#fff;border-radius:8px;padding:10px 12px;white-space:pre-wrap;font-size:14px;color:#444}
.hint{font-size:13px;color:#5f6368;margin:4px 0 0}
.place{background:#fff;border:1px solid #c9ced6;border-radius:8px;padding:10px}
.place .status{margin:0;font-size:14px}
button.secondary{margin:0 0 8px;color:#1a73e8;background:#e8f0fe}
button[hidden]{display:none}
fieldset{border:1px solid #c9ced6;border-radius:8px;background:#fff;margin:0;padding:6px 10px}
label.check{display:flex;gap:8px;align-items:flex-start;font-weight:400;margin:6px 0}
label.check input{width:auto;margin-top:5px}
input[type=file]{padding:8px}
`;

/** Our page script, relative to /m/form/<token> (so a PUBLIC_URL with a path prefix works too). */
export const FORM_SCRIPT = '../assets/form.js';

function page(locale: Locale, title: string, body: string, scripts: readonly string[] = []): string {
  const tags = scripts.map((src) => `<script src="${escapeHtml(src)}" defer></script>\n`).join('');
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
${tags}</head>
<body><main>
${body}
</main></body>
</html>
`;
}

/** The position widget: hidden parts the script fills (`place.lat` …), a button it shows, a status it updates. */
function placeWidget(field: FormField, locale: Locale): string {
  const name = escapeHtml(field.name);
  const data = [
    ['asking', 'mform.place.asking'],
    ['got', 'mform.place.got'],
    ['denied', 'mform.place.denied'],
    ['none', 'mform.place.none'],
  ]
    .map(([k, key]) => ` data-${k}="${escapeHtml(t(locale, key as 'mform.place.none'))}"`)
    .join('');
  const hidden = ['lat', 'lng', 'accuracy', 'time', 'datum']
    .map((p) => `<input type="hidden" name="${name}.${p}" value="">`)
    .join('');
  return `<div class="place" id="f-${name}" data-place="${name}"${data}>
<button type="button" class="secondary" data-place-button hidden>${escapeHtml(t(locale, 'mform.place.button'))}</button>
<p class="status" data-place-status role="status">${escapeHtml(t(locale, 'mform.place.noScript'))}</p>
${hidden}
</div>`;
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
    case 'checks': {
      const chosen = new Set(value.split(',').filter(Boolean));
      const boxes = (field.options ?? [])
        .map(
          (o) =>
            `<label class="check"><input type="checkbox" name="${name}" value="${escapeHtml(o.value)}"${
              chosen.has(o.value) ? ' checked' : ''
            }> <span>${escapeHtml(o.label)}</span></label>`,
        )
        .join('');
      return `<fieldset id="f-${name}">${boxes}</fieldset>`;
    }
    case 'place':
      return placeWidget(field, locale);
    case 'files':
      // Files are never kept across a refusal: they are chosen again.
      return `<input type="file" id="f-${name}" name="${name}" multiple${
        field.accept === undefined ? '' : ` accept="${escapeHtml(field.accept)}"`
      }${field.capture === true ? ' capture="environment"' : ''}>`;
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
  /** Platform scripts to load before ours (the sign-in helper's JSAPI bridge), same origin or allowed by CSP. */
  scripts?: readonly string[];
}

/** Whether a form needs the page script (a position or files), and so multipart. */
export function formNeedsScript(form: Form): boolean {
  return form.fields.some((f) => f.kind === 'place' || f.kind === 'files');
}

export function renderFormPage(view: FormPageView): string {
  const { form, locale } = view;
  const problems = view.problems ?? [];
  const fields = form.fields
    .map((f) => {
      const value = view.values?.[f.name] ?? f.initial ?? '';
      const req = f.required ? `<span class="req">${escapeHtml(t(locale, 'mform.required'))}</span>` : '';
      const hint = f.hint === undefined ? '' : `\n<p class="hint">${escapeHtml(f.hint)}</p>`;
      // A group (checkboxes, the position) has no single control for a label to point at.
      const head =
        f.kind === 'checks' || f.kind === 'place'
          ? `<div class="label">${escapeHtml(f.label)}${req}</div>`
          : `<label for="f-${escapeHtml(f.name)}">${escapeHtml(f.label)}${req}</label>`;
      return `${head}\n${input(f, value, locale)}${hint}`;
    })
    .join('\n');
  const warn =
    problems.length === 0
      ? ''
      : `<div class="problems" role="alert"><ul>${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></div>\n`;
  const intro =
    form.intro === undefined || form.intro === ''
      ? ''
      : `<div class="intro">${escapeHtml(form.intro)}</div>\n`;
  const enhanced = formNeedsScript(form);
  const scripts = [...(view.scripts ?? []), ...(enhanced ? [FORM_SCRIPT] : [])];
  // The form posts back to the same signed address it was opened from.
  return page(
    locale,
    form.title,
    `<h1>${escapeHtml(form.title)}</h1>\n${warn}${intro}<form method="post"${
      enhanced
        ? ` enctype="multipart/form-data" data-sending="${escapeHtml(t(locale, 'mform.sending'))}"`
        : ''
    }>\n${fields}\n<button type="submit">${escapeHtml(form.submitLabel)}</button>\n</form>`,
    scripts,
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

/** The page's CSP: its own styles inline, scripts only from here (and the platform's SDK hosts). */
export function formPageCsp(extraScriptOrigins: readonly string[] = []): string {
  const scripts = ["'self'", ...extraScriptOrigins].join(' ');
  return (
    `default-src 'none'; style-src 'unsafe-inline'; script-src ${scripts}; connect-src 'self'; ` +
    "img-src 'self' data: blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
  );
}

/** The https origins of a page's scripts (the messenger's SDK hosts), for its CSP. */
export function originsOf(scripts: readonly string[]): string[] {
  return [...new Set(scripts.filter((s) => s.startsWith('https://')).map((s) => new URL(s).origin))];
}

/**
 * Why a link does not work and what to do next (`mform.bad.<reason>`), in each of `locales`: both languages when
 * whoever reads it may not be the link's person.
 */
export type RefusalReason =
  'BAD_SIGNATURE' | 'EXPIRED' | 'USED' | 'UNKNOWN_FORM' | 'UNLINKED' | 'FOREIGN' | 'SIGNIN';

export function renderRefusalPage(locales: readonly Locale[], reason: RefusalReason): string {
  const first = locales[0] ?? 'zh-CN';
  return renderMessagePage(
    first,
    locales.map((l) => t(l, 'mform.bad.title')).join(' / '),
    locales.map((l) => ({
      title: t(l, `mform.bad.${reason}`),
      body: t(l, 'mform.bad.next'),
      level: 'yellow' as const,
    })),
    '',
  );
}
