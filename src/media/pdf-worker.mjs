// Runs in a worker thread (src/media/pdf-pages.ts): parses one untrusted PDF and counts its pages by walking the
// page tree once, so a crafted file can hold or kill only this worker, never the server. pdf-lib's own
// getPageCount() follows every path through the tree: a 2.8 KB file whose nodes each point twice at the next level
// made it walk 2^30 paths and aborted V8 (issue 22). Here a node reached a second time is refused outright (a page
// tree is a tree, PDF 32000-1 §7.7.3.2), and so is a tree with more pages or nodes than the caller allows.
import { parentPort } from 'node:worker_threads';
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';

const TYPE = PDFName.of('Type');
const PAGE = PDFName.of('Page');
const KIDS = PDFName.of('Kids');
const PAGES = PDFName.of('Pages');

/** @param {PDFDocument} doc @param {number} maxPages @param {number} maxNodes */
function countPages(doc, maxPages, maxNodes) {
  const root = doc.context.lookup(doc.catalog.get(PAGES));
  if (!(root instanceof PDFDict)) return { kind: 'unreadable' };
  const seen = new Set([root]);
  const stack = [root];
  let pages = 0;
  while (stack.length > 0) {
    const node = stack.pop();
    if (node.get(TYPE) === PAGE) {
      pages += 1;
      if (pages > maxPages) return { kind: 'refused', reason: 'TOO_MANY_PAGES' };
      continue;
    }
    const kids = doc.context.lookup(node.get(KIDS));
    if (!(kids instanceof PDFArray)) continue;
    for (let i = 0; i < kids.size(); i++) {
      const kid = doc.context.lookup(kids.get(i));
      if (!(kid instanceof PDFDict)) continue;
      if (seen.has(kid)) return { kind: 'refused', reason: 'REPEATED_PAGE_NODE' };
      seen.add(kid);
      if (seen.size > maxNodes) return { kind: 'refused', reason: 'TOO_MANY_PAGES' };
      stack.push(kid);
    }
  }
  return { kind: 'pages', pages };
}

/**
 * pdf-lib inflates every object stream and cross-reference stream while loading. The worker's heap limit does not
 * cover the byte arrays it inflates into (they live outside V8's heap): a 20 MB upload of compressed zeros would
 * ask for gigabytes. So those streams are inflated here first with a ceiling, and any other filter on them (LZW,
 * two Flates in a row…) is refused: PDF writers compress them with one FlateDecode.
 * @param {Uint8Array} bytes @param {number} maxBytes
 */
function streamTooLarge(bytes, maxBytes) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString('latin1');
  const keyword = /stream\r?\n/g;
  for (let m = keyword.exec(text); m !== null; m = keyword.exec(text)) {
    if (text[m.index - 1] === 'd') continue; // endstream
    const before = text.slice(Math.max(0, m.index - 2048), m.index);
    const dict = before.slice(Math.max(0, before.lastIndexOf(' obj')));
    if (!/\/Type\s*\/(ObjStm|XRef)\b/.test(dict)) continue;
    const filters = /\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(dict)?.[1] ?? '';
    const names = filters.match(/\/\w+/g) ?? [];
    if (names.length === 0) continue;
    if (names.length > 1 || names[0] !== '/FlateDecode') return true;
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    try {
      inflateSync(buffer.subarray(start, end === -1 ? buffer.length : end), { maxOutputLength: maxBytes });
    } catch (err) {
      // A damaged stream is pdf-lib's to judge; only one that inflates past the ceiling is refused here.
      if (/** @type {NodeJS.ErrnoException} */ (err).code === 'ERR_BUFFER_TOO_LARGE') return true;
    }
  }
  return false;
}

/** @typedef {{bytes: Uint8Array, maxPages: number, maxNodes: number, maxInflateBytes: number}} Job */

/** @param {Job} m */
async function read(m) {
  if (streamTooLarge(m.bytes, m.maxInflateBytes)) return { kind: 'refused', reason: 'TOO_COMPLEX' };
  try {
    const doc = await PDFDocument.load(m.bytes, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: false,
      // No need to yield between objects: this thread has nothing else to do.
      parseSpeed: Number.POSITIVE_INFINITY,
    });
    return countPages(doc, m.maxPages, m.maxNodes);
  } catch {
    return { kind: 'unreadable' };
  }
}

parentPort?.once('message', (/** @type {Job} */ m) => {
  void read(m).then((result) => parentPort?.postMessage(result));
});
