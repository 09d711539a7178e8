// The body of a form page's POST, read with busboy (multipart/form-data with files, or urlencoded), bounded
// before and while it is parsed: the declared length first, then every file, the count of files and fields and
// the whole body as the bytes arrive. Nothing is kept from a body that breaks a bound.
import busboy from 'busboy';
import type { Request } from 'express';
import type { FormFile } from '../../src/kernel/card.ts';

export interface BodyLimits {
  /** One file: as on every messenger (WeCom, DingTalk and Slack files are refused past 20 MB). */
  fileBytes: number;
  /** Files in one submission: WeCom's chooseImage hands over at most 9. */
  files: number;
  /** The whole body, files and fields. */
  totalBytes: number;
  fields: number;
  fieldBytes: number;
}

export const BODY_LIMITS: BodyLimits = {
  fileBytes: 20 * 1024 * 1024,
  files: 9,
  totalBytes: 60 * 1024 * 1024,
  fields: 100,
  fieldBytes: 64 * 1024,
};

export type BodyProblem = 'TOO_LARGE' | 'FILE_TOO_LARGE' | 'TOO_MANY_FILES' | 'TOO_MANY_FIELDS' | 'MALFORMED';

export type ParsedBody =
  | { kind: 'ok'; values: Record<string, string>; files: FormFile[] }
  | { kind: 'refused'; problem: BodyProblem };

/** True when the declared length alone breaks the bound: refuse before a byte of the body is read. */
export function declaredTooLarge(req: Request, limits: BodyLimits): boolean {
  const declared = Number(req.headers['content-length'] ?? NaN);
  return Number.isFinite(declared) && declared > limits.totalBytes;
}

/**
 * Reads the body. A field sent several times (checkboxes) is joined with commas; an empty file input (nothing
 * chosen) is no file. On a broken bound the rest of the body is read and thrown away (it is at most
 * `totalBytes`, since the declared length was checked), so the browser sees the answer rather than a reset.
 */
export function readFormBody(req: Request, limits: BodyLimits = BODY_LIMITS): Promise<ParsedBody> {
  return new Promise((resolve) => {
    let settled = false;
    let problem: BodyProblem | null = null;
    const values: Record<string, string[]> = {};
    const files: FormFile[] = [];
    let received = 0;
    const refuse = (p: BodyProblem) => {
      if (problem === null) problem = p;
      files.length = 0;
    };
    const finish = () => {
      if (settled) return;
      settled = true;
      if (problem !== null) resolve({ kind: 'refused', problem });
      else
        resolve({
          kind: 'ok',
          values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.join(',')])),
          files,
        });
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: {
          fileSize: limits.fileBytes,
          files: limits.files,
          fields: limits.fields,
          fieldSize: limits.fieldBytes,
          parts: limits.files + limits.fields,
        },
        defParamCharset: 'utf8',
      });
    } catch {
      // No or an unknown content type.
      resolve({ kind: 'refused', problem: 'MALFORMED' });
      req.resume();
      return;
    }
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      // A body without a declared length (chunked) is cut off at the bound.
      if (received > limits.totalBytes) {
        refuse('TOO_LARGE');
        req.unpipe(bb);
        finish();
        req.destroy();
      }
    });
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) refuse('TOO_LARGE');
      (values[name] ??= []).push(value);
    });
    bb.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (problem === null) chunks.push(c);
      });
      stream.on('limit', () => refuse('FILE_TOO_LARGE'));
      stream.on('end', () => {
        if (problem !== null || (size === 0 && (info.filename ?? '') === '')) return;
        if (size === 0) return;
        files.push({
          field,
          name: info.filename === undefined || info.filename === '' ? field : info.filename,
          bytes: new Uint8Array(Buffer.concat(chunks)),
        });
      });
    });
    bb.on('filesLimit', () => refuse('TOO_MANY_FILES'));
    bb.on('fieldsLimit', () => refuse('TOO_MANY_FIELDS'));
    bb.on('partsLimit', () => refuse('TOO_MANY_FIELDS'));
    bb.on('error', () => {
      refuse('MALFORMED');
      req.unpipe(bb);
      req.resume();
      finish();
    });
    bb.on('close', finish);
    req.pipe(bb);
  });
}
