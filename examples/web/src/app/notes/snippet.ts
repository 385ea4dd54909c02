/**
 * The search API returns snippets whose matched words are wrapped in <mark>...</mark> and whose other text
 * is HTML-escaped. Before such a string goes to [innerHTML] this keeps exactly the two mark tags (balanced)
 * and escapes everything else, so a server bug or a hostile body can never inject markup.
 */
const MARK = /<mark>|<\/mark>/g;
// Entities the server's escaping produces (and numeric ones): left as they are, so text is not escaped twice.
const ENTITY = /^&(?:lt|gt|amp|quot|apos|#39|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/;

function escapeText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '&') {
      const m = ENTITY.exec(text.slice(i));
      if (m) {
        out += m[0];
        i += m[0].length - 1;
      } else {
        out += '&amp;';
      }
    } else if (c === '<') {
      out += '&lt;';
    } else if (c === '>') {
      out += '&gt;';
    } else if (c === '"') {
      out += '&quot;';
    } else if (c === "'") {
      out += '&#39;';
    } else {
      out += c;
    }
  }
  return out;
}

/** HTML safe for [innerHTML]: only <mark> and </mark> survive, always balanced and never nested. */
export function sanitizeSnippet(snippet: string | null | undefined): string {
  if (!snippet) return '';
  let out = '';
  let open = false;
  let last = 0;
  for (const m of snippet.matchAll(MARK)) {
    out += escapeText(snippet.slice(last, m.index));
    const tag = m[0];
    if (tag === '<mark>' && !open) {
      out += tag;
      open = true;
    } else if (tag === '</mark>' && open) {
      out += tag;
      open = false;
    } else {
      out += escapeText(tag); // a stray or nested mark tag is shown as text
    }
    last = (m.index ?? 0) + tag.length;
  }
  out += escapeText(snippet.slice(last));
  if (open) out += '</mark>';
  return out;
}

/** True when the snippet has no tag other than <mark>/</mark> (what the API promises). */
export function isCleanSnippet(snippet: string): boolean {
  return !/<(?!\/?mark>)/.test(snippet);
}
