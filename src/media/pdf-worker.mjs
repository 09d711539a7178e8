// Runs in a worker thread (src/media/pdf-pages.ts): parses one untrusted PDF and counts its pages by walking the
// page tree once, so a crafted file can hold or kill only this worker, never the server. pdf-lib's own
// getPageCount() follows every path through the tree: a 2.8 KB file whose nodes each point twice at the next level
// made it walk 2^30 paths and aborted V8 (issue 22). Here a node reached a second time is refused outright (a page
// tree is a tree, PDF 32000-1 §7.7.3.2), and so is a tree with more pages or nodes than the caller allows.
import { parentPort } from 'node:worker_threads';
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

parentPort?.once(
  'message',
  async (/** @type {{bytes: Uint8Array, maxPages: number, maxNodes: number}} */ m) => {
    let result;
    try {
      const doc = await PDFDocument.load(m.bytes, {
        ignoreEncryption: true,
        updateMetadata: false,
        throwOnInvalidObject: false,
        // No need to yield between objects: this thread has nothing else to do.
        parseSpeed: Number.POSITIVE_INFINITY,
      });
      result = countPages(doc, m.maxPages, m.maxNodes);
    } catch {
      result = { kind: 'unreadable' };
    }
    parentPort?.postMessage(result);
  },
);
