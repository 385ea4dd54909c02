import { isCleanSnippet, sanitizeSnippet } from './snippet';

describe('sanitizeSnippet', () => {
  it('keeps the mark tags and the server-escaped text as they are', () => {
    const s = '<mark>zebra</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; <mark>zebra</mark>';
    expect(sanitizeSnippet(s)).toBe(s);
  });

  it('escapes any other tag', () => {
    expect(sanitizeSnippet('a <img src=x onerror=alert(1)> <mark>b</mark>')).toBe(
      'a &lt;img src=x onerror=alert(1)&gt; <mark>b</mark>',
    );
    expect(sanitizeSnippet('<mark onclick="x">b</mark>')).toBe(
      '&lt;mark onclick=&quot;x&quot;&gt;b&lt;/mark&gt;',
    );
    expect(sanitizeSnippet('<MARK>b</MARK>')).toBe('&lt;MARK&gt;b&lt;/MARK&gt;');
  });

  it('escapes a bare ampersand but not a valid entity', () => {
    expect(sanitizeSnippet('fish & chips &amp; &#39;x&#39; &#x41; &bogus')).toBe(
      'fish &amp; chips &amp; &#39;x&#39; &#x41; &amp;bogus',
    );
  });

  it('balances the marks: no nesting, stray closers shown as text, an open mark closed', () => {
    expect(sanitizeSnippet('</mark>a')).toBe('&lt;/mark&gt;a');
    expect(sanitizeSnippet('<mark>a<mark>b</mark>')).toBe('<mark>a&lt;mark&gt;b</mark>');
    expect(sanitizeSnippet('<mark>open')).toBe('<mark>open</mark>');
  });

  it('leaves no element but mark when parsed by the browser', () => {
    const div = document.createElement('div');
    div.innerHTML = sanitizeSnippet('<mark>x</mark><script>alert(1)</script><b>y</b><iframe></iframe>');
    const tags = [...div.querySelectorAll('*')].map((e) => e.tagName.toLowerCase());
    expect(tags).toEqual(['mark']);
    expect(div.textContent).toBe('x<script>alert(1)</script><b>y</b><iframe></iframe>');
  });

  it('handles empty input', () => {
    expect(sanitizeSnippet('')).toBe('');
    expect(sanitizeSnippet(null)).toBe('');
  });
});

describe('isCleanSnippet', () => {
  it('accepts only mark tags', () => {
    expect(isCleanSnippet('<mark>a</mark> &lt;b&gt;')).toBe(true);
    expect(isCleanSnippet('<mark>a</mark><b>x</b>')).toBe(false);
  });
});
