import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleFromHtml, withoutSiteName } from './html';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => articleFromHtml(readFileSync(path.join(FIXTURES, name), 'utf8'), name);

/** Every paragraph present, whole, as a block of its own, and in this order. */
function expectParagraphsInOrder(text: string, paragraphs: string[]) {
  const blocks = text.split('\n\n');
  let at = -1;
  for (const p of paragraphs) {
    const i = blocks.indexOf(p, at + 1);
    expect(i, `paragraph not found as a block after block ${at}: ${p.slice(0, 60)}`).toBeGreaterThan(at);
    at = i;
  }
}

function expectNone(text: string, furniture: string[]) {
  for (const f of furniture) expect(text, `furniture in the text: ${f}`).not.toContain(f);
}

describe('HTML import of news pages (fixtures written for these tests)', () => {
  it('a wire-service page: the story only, entities decoded exactly, metadata from meta tags and JSON-LD', () => {
    const a = fixture('meridian-wire-ain-al-asad.html');
    const paragraphs = [
      'Rockets hit base hosting US troops in western Iraq, no casualties reported',
      'A watchtower at Ain al-Asad air base in Anbar province, Iraq, December 29, 2025. MERIDIAN/Staff/File Photo',
      "BAGHDAD, March 14 (Meridian) - At least three rockets struck Ain al-Asad air base in Iraq's western Anbar province late on Friday, two Iraqi security officials said, in the first attack on the sprawling base since January.",
      'There were no immediate reports of casualties, a spokesperson for the US-led coalition said in a statement, adding that damage was being assessed. "Coalition and Iraqi forces are investigating the point of origin," the statement said.',
      'One of the security officials, who spoke on condition of anonymity because he was not authorised to brief the media, said the rockets were fired from a truck parked about 8\u00a0km east of the base, near the town of al-Baghdadi. The truck was later found burned out, he said.',
      'A little-known group calling itself Liwa al-Tha\u2019r al-Dawli claimed responsibility in a statement posted on Telegram, saying it had fired \u201csix Grad rockets\u201d at what it called \u201cthe occupation base\u201d. Meridian could not independently verify the claim or the number of rockets fired.',
      'Kataib Hezbollah, the most powerful of the Iran-aligned armed factions in Iraq, denied any link to the group in a brief statement, calling the accusation \u201ca pretext for aggression\u201d.',
      'Ain al-Asad hosts US and other foreign troops advising Iraqi forces as part of the coalition against Islamic State. It was struck by Iranian ballistic missiles in January 2020, when more than 100 US service members were diagnosed with traumatic brain injuries.',
      'Iraqi Prime Minister\u2019s office condemned Friday\'s attack as "an assault on Iraq\'s sovereignty" & ordered an investigation, according to a statement carried by the state news agency INA.',
      'Reporting by Hadi Karim in Baghdad and Laura Mendes in Washington; Editing by Simon Ward',
    ];
    // The whole text, exactly: the headline, the caption the reader shows, the story.
    expect(a.text).toBe(paragraphs.join('\n\n'));
    expectNone(a.text, [
      'Skip to main content', 'Your privacy choices', 'cookies', 'Accept All Cookies', 'Cookie Settings', 'Sign In', 'Register', 'Breakingviews',
      'Sustainability', 'Advertisement', 'Scroll to continue', 'Share on', 'Copy link', 'Updated 3 hours ago', 'March 14, 2026 9:42 AM GMT', 'By Hadi Karim',
      'Our Standards', 'Trust Principles', 'Sponsored', 'Taboola', 'Retirees Are Flocking', 'Related Coverage', 'Drone downed near Erbil airport', 'Most Read',
      'Oil climbs', 'About The Meridian Wire', 'All rights reserved', 'Terms of Use', 'dataLayer', 'googletag', '--mw-orange', '<', '&amp;', '&nbsp;',
    ]);
    expect(a.title).toBe('Rockets hit base hosting US troops in western Iraq, no casualties reported');
    expect(a.source).toBe('https://www.meridianwire.example/world/middle-east/rockets-hit-base-hosting-us-troops-western-iraq-2026-03-14/');
    expect(a.author).toBe('Hadi Karim, Laura Mendes');
    expect(a.published).toBe('2026-03-14T09:42:11Z');
    expect(a.publisher).toBe('The Meridian Wire');
    expect(a.notes[0]).toMatch(/^main text found by Readability; \d+ lines of the rest of the page left out$/);
    expect(a.notes).toContain('dropped an ad label inside the article: "Advertisement · Scroll to continue"');
    expect(a.notes).toContain('dropped the byline or date line (kept in the document\'s metadata): "March 14, 2026 9:42 AM GMT Updated 3 hours ago"');
    expect(a.notes.some((n) => n.startsWith('left out: "We use cookies and similar technologies'))).toBe(true);
  });

  it('a broadcaster page: a related-links list inside the story goes, a real list and a subheading stay on their own lines', () => {
    const a = fixture('gulf-courier-erbil-oil-field.html');
    expectParagraphsInOrder(a.text, [
      'Drone attack on Erbil oil field halts production',
      'Kurdish authorities say two explosive-laden drones hit the Khor Mor gas field, the third attack on the facility this year.',
      'Production at the Khor Mor gas field in Iraq\u2019s semi-autonomous Kurdistan region has been halted after two explosive-laden drones struck the facility overnight, Kurdish authorities have said.',
      'The Kurdistan Regional Government\u2019s (KRG) interior ministry said in a statement that the attack, at about 11:40pm local time (20:40 GMT) on Friday, damaged a storage tank and set it on fire. Two workers were lightly wounded, it said.',
      '\u201cThis terrorist attack targets the economic lifeline of the region and the electricity supply of millions of citizens,\u201d the ministry said, adding that the drones had been launched from an area \u201cunder the control of outlaw groups\u201d.',
      'No group has claimed responsibility. Khor Mor, operated by the UAE-based Dana Gas and its partners, supplies gas to power stations that produce about 80 percent of the electricity in the Kurdistan region.',
      'Third attack this year',
      'The field has been targeted repeatedly by drones and rockets. According to the company and local officials:',
      [
        'On January 9, a rocket landed near the field\u2019s perimeter fence without causing damage.',
        'On January 26, a drone hit an empty storage area, briefly halting production.',
        'On February 21, two drones struck a storage tank, the attack described above.',
      ].join('\n'),
      'Iraq\u2019s federal government in Baghdad condemned the strike and said a joint committee with the KRG would investigate. Electricity officials in Erbil and Sulaimaniyah warned residents of cuts of up to 12 hours a day until production resumes.',
      'Analysts say the attacks appear aimed at pressuring the KRG amid a dispute over oil revenues and the region\u2019s gas export ambitions. \u201cWhoever is behind this wants to show that Kurdish energy can be switched off,\u201d said Dlawer Hassan, a researcher at a Sulaimaniyah think tank.',
      'Dana Gas said in a statement to the Abu Dhabi stock exchange that "all personnel are safe" and that it expected to restart operations \u201cwithin days\u201d.',
    ]);
    expect(a.text.startsWith('Drone attack on Erbil oil field halts production\n\nKurdish authorities say')).toBe(true);
    expectNone(a.text, [
      'cookies', 'Manage preferences', 'Accept all', 'Explained', 'Search', 'Breaking', 'UN envoy arrives', 'Recommended Stories', 'list of 3 items', 'end of list',
      'Kurdistan region pays January salaries', 'oil exports through Turkey', 'Advertisement', 'Sign up for Gulf Courier', 'Middle East Roundup', 'E-mail address',
      'reCAPTCHA', 'Sponsored', 'Outbrain', 'Cheapest Fares', 'Most Read', 'Saudi Arabia posts', 'Code of Ethics', 'Cookie Preferences', 'Follow on X',
      'Gulf Courier Media Network', '21 Feb 2026', 'Facebook', 'WhatsApp', '__GC_STATE__', 'gcDataLayer', ' * ',
    ]);
    // og:title "… | Gulf Courier" loses the site name; published comes from JSON-LD (no article:published_time here).
    expect(a.title).toBe('Drone attack on Erbil oil field halts production');
    expect(a.source).toBe('https://www.gulfcourier.example/news/2026/2/21/drone-attack-on-erbil-oil-field-halts-production');
    expect(a.author).toBe('Shvan Aziz');
    expect(a.published).toBe('2026-02-21T14:03:00+03:00');
    expect(a.publisher).toBe('Gulf Courier');
    expect(a.notes).toContain(
      'dropped a list of links inside the article: "Recommended Stories list of 3 items end of list: Kurdistan region pays January salaries after Baghdad deal; Iraq\u2019s oil …"',
    );
  });

  it('a WordPress page without <main> or <article>: the story only, byline and <time> from the page', () => {
    const a = fixture('kurdistan-herald-sinjar-denial.html');
    expectParagraphsInOrder(a.text, [
      'Ministry denies Turkish drone strike killed civilians near Sinjar',
      'ERBIL, Kurdistan Region \u2013 Iraq\u2019s Ministry of Defence on Monday denied reports that a Turkish drone strike near Sinjar had killed civilians, saying the vehicle hit on Sunday evening was carrying \u201cmembers of an armed group\u201d and no one else.',
      'Local officials in Sinjar district had said earlier that three people, including a 14-year-old boy, were killed when a drone struck a pickup truck on the road between Sinuni and Khanasor at around 7\u00a0pm.',
      '\u201cThe strike targeted a vehicle belonging to the PKK and its affiliates, and the people inside it were not civilians,\u201d the ministry\u2019s spokesman said in a televised statement. He did not say how the ministry had identified those killed.',
      'The Sinjar Resistance Units (YB\u015e), a Yazidi armed group that Ankara considers a PKK affiliate, said on its website that two of its fighters had been killed in the strike. It named the third person as a relative of one of the fighters and said he was a student.',
      'Turkey\u2019s Ministry of National Defence said in a post on X that its forces had \u201cneutralised\u201d two \u201cterrorists\u201d in northern Iraq on Sunday, without giving a location. Ankara regularly carries out strikes against what it says are PKK positions in the Kurdistan Region and in Sinjar.',
      'Sinjar\u2019s mayor, who lives in Duhok since the district\u2019s administration was split after 2017, called on Baghdad to \u201cstop hiding behind statements\u201d and to open an independent investigation. \u201cA boy of 14 is not a fighter,\u201d he told Kurdistan Herald by phone.',
      'The United Nations Assistance Mission for Iraq (UNAMI) said it was aware of the reports and urged all sides to protect civilians. According to figures compiled by local monitors, at least 17 people have been killed in drone strikes in Sinjar since the start of 2025.',
    ]);
    expectNone(a.text, [
      'Monday, January 12, 2026', 'About Us', 'Advertise', 'Opinion', 'Sponsored', 'Erbil Villas', 'Hearing Aid', 'TAGS', 'RELATED ARTICLES', 'MORE FROM AUTHOR',
      'Yazidi families return', 'COMMENTS', 'Same story every month', 'LEAVE A REPLY', 'Post Comment', 'Please enter your', 'STAY CONNECTED', 'Fans',
      'LATEST NEWS', 'KDP and PUK', 'independent news website', 'Privacy', '\u00a9', 'We use cookies', 'cnArgs', 'adsbygoogle', 'Facebook', 'Twitter',
      'WhatsApp', 'Telegram', '1,482', 'By Rebaz Ali', '[if IE',
    ]);
    // og:title "… - Kurdistan Herald" loses the site name; no JSON-LD: the byline and <time> of the page.
    expect(a.title).toBe('Ministry denies Turkish drone strike killed civilians near Sinjar');
    expect(a.source).toBe('https://kurdistanherald.example/2026/01/ministry-denies-turkish-drone-strike-killed-civilians-near-sinjar/');
    expect(a.author).toBe('Rebaz Ali');
    expect(a.published).toBe('2026-01-12T16:20:31+03:00');
    expect(a.publisher).toBe('Kurdistan Herald');
    expect(a.notes).toContain('dropped an ad label inside the article: "- Advertisement -"');
  });

  it('keeps each fixture under 30 KB', () => {
    for (const name of ['meridian-wire-ain-al-asad.html', 'gulf-courier-erbil-oil-field.html', 'kurdistan-herald-sinjar-denial.html']) {
      expect(readFileSync(path.join(FIXTURES, name)).length, name).toBeLessThan(30 * 1024);
    }
  });
});

const LEDE =
  'Officials in the province said the convoy was hit by a roadside bomb on the main highway south of the city, and that the attack damaged two trucks carrying supplies for the base.';
const para = (s: string) => `<p>${s}</p>`;

describe('articleFromHtml', () => {
  it('imports an article without any metadata: source is the file name, author, published and publisher are null', () => {
    const html = `<html><head><title>Convoy hit south of the city</title></head><body><div class="content">${[LEDE, LEDE.replace('convoy', 'second convoy'), LEDE.replace('convoy', 'third convoy')].map(para).join('')}</div></body></html>`;
    const a = articleFromHtml(html, 'convoy.html');
    expect(a.text.split('\n\n')).toEqual(['Convoy hit south of the city', LEDE, LEDE.replace('convoy', 'second convoy'), LEDE.replace('convoy', 'third convoy')]);
    expect(a.title).toBe('Convoy hit south of the city');
    expect(a.source).toBe('convoy.html');
    expect([a.author, a.published, a.publisher]).toEqual([null, null, null]);
    expect(a.notes[0]).toMatch(/^main text found by Readability/);
  });

  it('falls back to the page body on a short page, and the notes say so and what was left out', () => {
    const html = `<!DOCTYPE html><html><head><title>Site | Some page</title><style>p{}</style></head><body>
<nav><a href="/">Home</a> <a href="/world">World news</a></nav><header>Breaking-news banner</header>
<main><article><h1>Drone strike near Erbil</h1><p>A drone struck a base near Erbil, officials said.</p>
<script>track()</script><aside>Related: other stories</aside><form><button>Subscribe</button></form></article></main>
<footer>Copyright footer</footer><footer>Second footer</footer></body></html>`;
    const a = articleFromHtml(html, 'short.html');
    expect(a.text).toBe('Drone strike near Erbil\n\nA drone struck a base near Erbil, officials said.');
    expect(a.title).toBe('Drone strike near Erbil');
    expect(a.notes[0]).toMatch(
      /^Readability found no article \(its best block has \d+ characters; an article has 500 or more\), so the text is the whole page body, with scripts, styles, navigation, headers, footers, asides and forms left out$/,
    );
    expect(a.notes.slice(1)).toEqual([
      'left out 1 navigation: "Home World news"',
      'left out 1 header: "Breaking-news banner"',
      'left out 2 footers: "Copyright footer"; "Second footer"',
      'left out 1 aside: "Related: other stories"',
      'left out 1 form: "Subscribe"',
      'left out 1 script',
    ]);
  });

  it('decodes character references exactly as a browser does, and keeps no-break spaces, emoji and Arabic', () => {
    const html = `<html><body><article>${para(LEDE)}<p>A &amp;amp; B &#150; C&#x27;s &rsquo;x&lsquo; 1&nbsp;000 &copy 2026 &lt;b&gt; \u0633\u0631\u0627\u064a\u0627 \ud83d\udc4d\ud83c\udffd a&#8203;b &#128077;</p>${para(LEDE.replace('convoy', 'second convoy'))}${para(LEDE.replace('convoy', 'third convoy'))}</article></body></html>`;
    const a = articleFromHtml(html, 'x.html');
    expect(a.text.split('\n\n')[1]).toBe('A &amp; B \u2013 C\'s \u2019x\u2018 1\u00a0000 \u00a9 2026 <b> \u0633\u0631\u0627\u064a\u0627 \ud83d\udc4d\ud83c\udffd a\u200bb \ud83d\udc4d');
  });

  it('lays out headings, lists, tables, line breaks and preformatted text as a reader shows them', () => {
    const html = `<html><body><article><h1>Headline here</h1>${para(LEDE)}<h2>What we know</h2>
<ul><li>Two trucks were <a href="/a">damaged</a> in the blast.</li><li>Nobody was hurt.</li></ul>
<ol><li>First step of the plan was agreed.</li><li>Second step followed.</li></ol>
<table><tr><th>Place</th><th>Killed</th></tr><tr><td>Erbil</td><td> 3 </td></tr></table>
<p>Line one<br>line two<br><br>after a blank line</p><pre>code  kept
  indented</pre>${para(LEDE.replace('convoy', 'second convoy'))}${para(LEDE.replace('convoy', 'third convoy'))}</article></body></html>`;
    const a = articleFromHtml(html, 'x.html');
    expect(a.text).toBe(
      [
        'Headline here',
        LEDE,
        'What we know',
        'Two trucks were damaged in the blast.\nNobody was hurt.',
        'First step of the plan was agreed.\nSecond step followed.',
        'Place\tKilled\nErbil\t3',
        'Line one\nline two\n\nafter a blank line',
        'code  kept\n  indented',
        LEDE.replace('convoy', 'second convoy'),
        LEDE.replace('convoy', 'third convoy'),
      ].join('\n\n'),
    );
  });

  it('drops "Read more" links and ad labels inside the story, and says so', () => {
    const html = `<html><body><article>${para(LEDE)}<p><strong>READ MORE:</strong> <a href="/x">Earlier attack on the same road</a></p>
<div class="ad-wrapper"><p>Story continues below advertisement</p></div>${para(LEDE.replace('convoy', 'second convoy'))}
<p>Related: <a href="/y">Who is behind the attacks?</a></p>${para(LEDE.replace('convoy', 'third convoy'))}</article></body></html>`;
    const a = articleFromHtml(html, 'x.html');
    expect(a.text.split('\n\n')).toEqual([LEDE, LEDE.replace('convoy', 'second convoy'), LEDE.replace('convoy', 'third convoy')]);
    expect(a.notes).toEqual(
      expect.arrayContaining([
        'dropped an ad label inside the article: "Story continues below advertisement"',
        'dropped a link to another story: "READ MORE: Earlier attack on the same road"',
        'dropped a link to another story: "Related: Who is behind the attacks?"',
      ]),
    );
  });

  it('keeps a list item whose sub-list of links goes, and does not repeat a headline the article starts with', () => {
    const html = `<html><head><meta property="og:title" content="Convoy hit on the highway | Site"></head><body><article><h2>Convoy hit on the highway: what we know</h2>${para(LEDE)}
<ul><li>Two trucks were damaged<ul><li><a href="/a">Photos</a></li><li><a href="/b">Video</a></li></ul></li><li>Nobody was hurt, police said.</li></ul>
${para(LEDE.replace('convoy', 'second convoy'))}${para(LEDE.replace('convoy', 'third convoy'))}</article></body></html>`;
    const a = articleFromHtml(html, 'x.html');
    expect(a.title).toBe('Convoy hit on the highway');
    expect(a.text.split('\n\n').slice(0, 3)).toEqual(['Convoy hit on the highway: what we know', LEDE, 'Two trucks were damaged\nNobody was hurt, police said.']);
    expect(a.notes).toContain('dropped a list of links inside the article: "Photos; Video"');
  });

  it('reads pages that leave out <html>, <head> or <body>, as HTML allows', () => {
    const body = [LEDE, LEDE.replace('convoy', 'second convoy'), LEDE.replace('convoy', 'third convoy')].map(para).join('');
    for (const html of [
      `<!doctype html><html lang=en><meta charset=utf-8><title>Convoy hit</title><body>${body}</body></html>`,
      `<!doctype html><title>Convoy hit</title>${body}`,
      `<html><head><title>Convoy hit</title></head>${body}</html>`,
    ]) {
      const a = articleFromHtml(html, 'x.html');
      expect(a.title, html.slice(0, 40)).toBe('Convoy hit');
      expect(a.text.split('\n\n'), html.slice(0, 40)).toEqual(['Convoy hit', LEDE, LEDE.replace('convoy', 'second convoy'), LEDE.replace('convoy', 'third convoy')]);
    }
  });

  it('finds the author in JSON-LD @graph by reference, the date in microdata, the source in a relative canonical link', () => {
    const ld = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', '@id': 'https://site.example/#website', name: 'Site News' },
        { '@type': 'Person', '@id': 'https://site.example/#/person/1', name: 'Layla Hassan' },
        { '@type': ['Article', 'NewsArticle'], author: { '@id': 'https://site.example/#/person/1' }, publisher: { '@id': 'https://site.example/#org' } },
        { '@type': 'Organization', '@id': 'https://site.example/#org', name: 'Site News Ltd' },
      ],
    };
    const html = `<html><head><title>Convoy hit on highway – Site News</title><meta property="og:url" content="https://site.example/a/b">
<link rel="canonical" href="/news/convoy-hit"><script type="application/ld+json">${JSON.stringify(ld)}</script></head>
<body><article><h1>Convoy hit on highway</h1><meta itemprop="datePublished" content="2026-01-05">${[LEDE, LEDE.replace('convoy', 'second convoy'), LEDE.replace('convoy', 'third convoy')].map(para).join('')}</article></body></html>`;
    const a = articleFromHtml(html, 'x.html');
    expect(a.author).toBe('Layla Hassan');
    expect(a.publisher).toBe('Site News Ltd');
    expect(a.published).toBe('2026-01-05');
    expect(a.source).toBe('https://site.example/news/convoy-hit');
    expect(a.title).toBe('Convoy hit on highway');
  });
});

describe('withoutSiteName', () => {
  it('takes a site name off the end of a title, and every " | " tail', () => {
    expect(withoutSiteName('Drone attack halts production | Conflict News | Gulf Courier', ['Gulf Courier'])).toBe('Drone attack halts production');
    expect(withoutSiteName('Ministry denies strike - Kurdistan Herald', ['Kurdistan Herald'])).toBe('Ministry denies strike');
    expect(withoutSiteName('Rockets hit base \u2014 The Meridian Wire', ['Meridian Wire'])).toBe('Rockets hit base');
    expect(withoutSiteName('Gulf Courier | Drone attack halts production', ['Gulf Courier'])).toBe('Drone attack halts production');
  });

  it('keeps a dash inside a headline, and a tail that is not the site', () => {
    expect(withoutSiteName('Iraq - US talks resume in Baghdad', ['Gulf Courier'])).toBe('Iraq - US talks resume in Baghdad');
    expect(withoutSiteName('Talks resume - officials', ['Gulf Courier'])).toBe('Talks resume - officials');
    expect(withoutSiteName('  ', [])).toBeNull();
  });
});
