// A PDF's page count, read where a crafted file cannot hold or kill the server (issue 22): in a worker thread
// with its own heap limit, terminated when it takes too long. The worker (pdf-worker.mjs, plain JavaScript so it
// runs the same under tsx, vitest and node) refuses page trees that reach a node twice or hold too many pages.
import { Worker } from 'node:worker_threads';

export type PdfRefusal = 'REPEATED_PAGE_NODE' | 'TOO_MANY_PAGES' | 'TOO_COMPLEX';

export type PdfReading =
  | { kind: 'pages'; pages: number }
  /** Not a PDF pdf-lib can parse (damaged, truncated): the same as any file without pages. */
  | { kind: 'unreadable' }
  /** Parsed, or tried, and found hostile or too costly: refuse the file whatever it was for. */
  | { kind: 'refused'; reason: PdfRefusal };

export interface PdfLimits {
  /** More pages than any contract or quote we are sent (the 65,536-page trick is refused, not counted). */
  maxPages: number;
  /** Page-tree nodes, pages included: a tree of empty branches costs as much to walk as pages. */
  maxNodes: number;
  timeoutMs: number;
  /** The worker's old-generation heap; exceeding it ends the worker (ERR_WORKER_OUT_OF_MEMORY), not the server. */
  heapMb: number;
  /** What one object or cross-reference stream may inflate to (byte arrays are outside the heap limit). */
  inflateMb: number;
}

export const PDF_LIMITS: PdfLimits = {
  maxPages: 2000,
  maxNodes: 10_000,
  timeoutMs: 10_000,
  heapMb: 192,
  inflateMb: 64,
};

const WORKER = new URL('./pdf-worker.mjs', import.meta.url);

function reading(message: unknown): PdfReading {
  const m = message as { kind?: unknown; pages?: unknown; reason?: unknown } | null;
  if (m?.kind === 'pages' && typeof m.pages === 'number') return { kind: 'pages', pages: m.pages };
  if (
    m?.kind === 'refused' &&
    (m.reason === 'REPEATED_PAGE_NODE' || m.reason === 'TOO_MANY_PAGES' || m.reason === 'TOO_COMPLEX')
  )
    return { kind: 'refused', reason: m.reason };
  return { kind: 'unreadable' };
}

/** Counts the pages of `bytes` in a fresh worker; never throws, never outlives `limits.timeoutMs`. */
export function readPdfPages(bytes: Uint8Array, limits: Partial<PdfLimits> = {}): Promise<PdfReading> {
  const l = { ...PDF_LIMITS, ...limits };
  return new Promise<PdfReading>((resolve) => {
    const worker = new Worker(WORKER, {
      // The worker needs no TypeScript loader and no inspector flags of its parent.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: l.heapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    let settled = false;
    const finish = (r: PdfReading) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
      void worker.terminate();
    };
    const timer = setTimeout(() => finish({ kind: 'refused', reason: 'TOO_COMPLEX' }), l.timeoutMs);
    worker.once('message', (m) => finish(reading(m)));
    // Out of memory (ERR_WORKER_OUT_OF_MEMORY), a stack overflow in the parser, or an exit before answering.
    worker.once('error', () => finish({ kind: 'refused', reason: 'TOO_COMPLEX' }));
    worker.once('exit', () => finish({ kind: 'refused', reason: 'TOO_COMPLEX' }));
    // A copy, transferred: the caller keeps its bytes (they are stored next).
    const copy = bytes.slice();
    const job = {
      bytes: copy,
      maxPages: l.maxPages,
      maxNodes: l.maxNodes,
      maxInflateBytes: l.inflateMb * 1048576,
    };
    worker.postMessage(job, [copy.buffer]);
  });
}
