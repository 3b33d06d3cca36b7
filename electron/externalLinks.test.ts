import { describe, expect, it } from 'vitest';
import { checkExternalLink, MAX_LINK_LENGTH } from './externalLinks';
import { externalLinkPrompt, LINK_OPEN, refusedLinkPrompt } from './prompts';

describe('checkExternalLink', () => {
  it('accepts https and http web addresses, normalised, naming the host', () => {
    expect(checkExternalLink('https://www.acleddata.com/data/?x=1#top')).toEqual({
      ok: true,
      href: 'https://www.acleddata.com/data/?x=1#top',
      host: 'www.acleddata.com',
      encrypted: true,
    });
    expect(checkExternalLink('HTTP://Example.COM:8080')).toEqual({ ok: true, href: 'http://example.com:8080/', host: 'example.com:8080', encrypted: false });
  });

  it('shows an international host in its ASCII form, so a look-alike cannot pass for another', () => {
    const check = checkExternalLink('https://аpple.com/'); // Cyrillic а
    expect(check.ok && check.host).toBe('xn--pple-43d.com');
  });

  it('refuses other schemes; only a web-looking link is worth telling the analyst about', () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'app://standoff/index.html', 'data:text/html,<b>x</b>', 'mailto:a@b.org', 'smb://host/share', 'ms-msdt:/id', 'vbscript:x']) {
      const check = checkExternalLink(url);
      expect(check.ok, url).toBe(false);
      expect(!check.ok && check.tell, url).toBe(false);
    }
  });

  it('refuses credentials, malformed addresses, hidden characters and overlong links, saying why', () => {
    const cases: [string, RegExp][] = [
      ['https://user:secret@example.com/', /user name or password/],
      ['https://attacker.example@bank.example/', /user name or password/],
      ['http://', /not a valid web address/],
      ['https://exa mple.com/', /spaces or control characters/],
      ['https://example.com/\nhttps://evil.example', /spaces or control characters/],
      ['https://example.com/\u0000', /spaces or control characters/],
      [`https://example.com/${'a'.repeat(MAX_LINK_LENGTH)}`, /longer than 2,048 characters/],
    ];
    for (const [url, reason] of cases) {
      const check = checkExternalLink(url);
      expect(check.ok, url).toBe(false);
      if (!check.ok) {
        expect(check.reason, url).toMatch(reason);
        expect(check.tell, url).toBe(true);
      }
    }
    expect(checkExternalLink(undefined).ok).toBe(false);
    expect(checkExternalLink('').ok).toBe(false);
  });
});

describe('the link dialogs', () => {
  it('names the host, warns of http, and opens nothing on Esc or Enter', () => {
    const check = checkExternalLink('http://example.org/report');
    if (!check.ok) throw new Error('expected a valid link');
    const prompt = externalLinkPrompt(check);
    expect(prompt.message).toContain('example.org');
    expect(prompt.detail).toContain('http://example.org/report');
    expect(prompt.detail).toMatch(/not encrypted/);
    expect(prompt.buttons[LINK_OPEN]).toBe('Open in browser');
    expect(prompt.cancelId).not.toBe(LINK_OPEN);
    expect(prompt.defaultId).not.toBe(LINK_OPEN);
  });

  it('says why a web link was refused', () => {
    const check = checkExternalLink('https://u:p@example.org/');
    if (check.ok) throw new Error('expected a refusal');
    expect(refusedLinkPrompt(check).detail).toBe('The address contains a user name or password.');
  });
});
