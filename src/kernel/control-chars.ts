// Control characters in what people send (issue 22, finding 11): PostgreSQL refuses NUL in text (a 500), and the
// others (bell, escape, backspace…) are never meant in a company name or a note. Refused where text comes in.

/** C0 controls and DEL; tab, line feed and carriage return only where several lines make sense. */
const ANY_CONTROL = /[\u0000-\u001F\u007F]/u;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;

/** The first control character in `text` as `U+0000`, or null; `multiline` allows \t \n \r. */
export function controlCharIn(text: string, multiline: boolean): string | null {
  const m = (multiline ? CONTROL_BUT_LINES : ANY_CONTROL).exec(text);
  return m === null ? null : `U+${(m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
