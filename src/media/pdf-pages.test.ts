import { describe, expect, it } from 'vitest';
import { pdfWithPages } from '../../test/fixtures/files.ts';
import {
  doublingPageTreePdf,
  FAKE_GIF,
  objectStreamBombPdf,
  pngBomb,
} from '../../test/fixtures/hostile-files.ts';
import { inspectFile } from './inspect.ts';
import { readPdfPages } from './pdf-pages.ts';

describe('readPdfPages (in a worker thread)', () => {
  it('counts the pages of an ordinary PDF', async () => {
    expect(await readPdfPages(await pdfWithPages(3))).toEqual({ kind: 'pages', pages: 3 });
  });

  it('refuses a page tree that reaches the same node twice: depth 30 (2^30 paths) and the 65,536-page trick', async () => {
    const deep = doublingPageTreePdf(30);
    expect(deep.byteLength).toBeLessThan(3000);
    expect(await readPdfPages(deep)).toEqual({ kind: 'refused', reason: 'REPEATED_PAGE_NODE' });
    expect(await readPdfPages(doublingPageTreePdf(16))).toEqual({
      kind: 'refused',
      reason: 'REPEATED_PAGE_NODE',
    });
  });

  it('refuses more pages than the cap instead of counting them', async () => {
    expect(await readPdfPages(await pdfWithPages(5), { maxPages: 4 })).toEqual({
      kind: 'refused',
      reason: 'TOO_MANY_PAGES',
    });
    expect(await readPdfPages(await pdfWithPages(4), { maxPages: 4 })).toEqual({ kind: 'pages', pages: 4 });
  });

  it('ends the worker and refuses the file when it runs out of time', async () => {
    // No worker starts, loads pdf-lib and parses within zero milliseconds: the timer always wins.
    expect(await readPdfPages(await pdfWithPages(1), { timeoutMs: 0 })).toEqual({
      kind: 'refused',
      reason: 'TOO_COMPLEX',
    });
  });

  it('ends the worker at its memory limit: a 6 KB object stream that inflates to 3 million numbers', async () => {
    const bomb = objectStreamBombPdf();
    expect(bomb.byteLength).toBeLessThan(10_000);
    expect(await readPdfPages(bomb, { heapMb: 32 })).toEqual({ kind: 'refused', reason: 'TOO_COMPLEX' });
    // The same shape, small, is an ordinary (empty) document.
    expect(await readPdfPages(objectStreamBombPdf(1000), { heapMb: 32 })).toEqual({
      kind: 'pages',
      pages: 0,
    });
  });

  it('refuses an object stream that inflates past the ceiling, before pdf-lib allocates it', async () => {
    // 3 million numbers are 6 MB inflated: over a 4 MB ceiling, with the heap left large.
    expect(await readPdfPages(objectStreamBombPdf(), { inflateMb: 4, heapMb: 512 })).toEqual({
      kind: 'refused',
      reason: 'TOO_COMPLEX',
    });
    expect(await readPdfPages(objectStreamBombPdf(1000), { inflateMb: 4 })).toEqual({
      kind: 'pages',
      pages: 0,
    });
  });

  it('calls bytes that are no PDF unreadable (no pages), not hostile', async () => {
    expect(await readPdfPages(new Uint8Array(Buffer.from('%PDF-1.7\nnothing else')))).toEqual({
      kind: 'unreadable',
    });
  });
});

describe('inspectFile', () => {
  it('refuses the crafted PDF whatever it was sent for', async () => {
    expect(await inspectFile(doublingPageTreePdf(16))).toEqual({
      mime: 'application/pdf',
      pages: null,
      refusal: 'REPEATED_PAGE_NODE',
      plainText: false,
    });
  });

  it('reads an image bomb’s size from its header and refuses it before decoding', async () => {
    const bomb = pngBomb();
    expect(bomb.byteLength).toBeLessThan(1_000_000);
    expect(await inspectFile(bomb)).toEqual({
      mime: 'image/png',
      pages: null,
      refusal: 'IMAGE_TOO_LARGE',
      plainText: false,
    });
  });

  it('decodes an image: 23 bytes of text starting GIF89a are refused as unreadable', async () => {
    expect(await inspectFile(FAKE_GIF)).toEqual({
      mime: 'image/gif',
      pages: null,
      refusal: 'IMAGE_UNREADABLE',
      plainText: false,
    });
  });

  it('tells plain text (UTF-8 or GB18030) from binary data in no known format', async () => {
    expect(await inspectFile(new TextEncoder().encode('报价：10 万元\n'))).toMatchObject({
      mime: null,
      plainText: true,
    });
    const gb = Uint8Array.from([0xb1, 0xa8, 0xbc, 0xdb, 0x0d, 0x0a]); // 报价 in GB18030
    expect((await inspectFile(gb)).plainText).toBe(true);
    expect((await inspectFile(Uint8Array.from([1, 2, 3, 0, 4, 5]))).plainText).toBe(false);
  });
});
