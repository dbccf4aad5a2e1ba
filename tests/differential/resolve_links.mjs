// Resolves the reference links with Node's WHATWG URL: reads JSON lines
// {page, base, hrefs:[...]} on stdin, writes {urls:[...]} per line ("" when a URL does not parse).
// The document base is the first <base href> resolved against the page URL, when it parses.
import { createInterface } from 'node:readline';

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  const { page, base, hrefs } = JSON.parse(line);
  let docBase = page;
  if (base !== null) {
    try { docBase = new URL(base, page).href; } catch { /* keep the page URL */ }
  }
  const urls = hrefs.map((href) => {
    try {
      const u = new URL(href, docBase);
      u.hash = '';
      return u.href;
    } catch {
      return '';
    }
  });
  process.stdout.write(JSON.stringify({ urls }) + '\n');
}
