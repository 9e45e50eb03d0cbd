// Reads a JSON array of texts on stdin and prints, as a JSON array, twitter-text 3.1.0's
// count of each: [weightedLength, valid, weightedLengthWithNewerEmoji].
//
// The first two are parseTweet(text) with its default (v3) configuration. The third is
// parseTweet with twitter-text's emoji parser (twemoji-parser 11.0.2, which knows Emoji
// 11.0) also recognising the RGI emoji of Emoji 12.0 to 17.0 listed in newer_emoji.txt:
// where an emoji of the list starts and is longer than what twemoji-parser matches there,
// it is one emoji. That is how X's composer counts them, and what campaign-ops follows
// (the documented exception of tests/it/x_counting.rs); everything else is twitter-text's.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const twitter = require('twitter-text');
// The same module instance as twitter-text's own require (one node_modules).
const twemoji = require('twemoji-parser');
const twemojiRegex = require('twemoji-parser/dist/lib/regex').default;

const newer = new Set(
  readFileSync(new URL('newer_emoji.txt', import.meta.url), 'utf8').split('\n').filter(Boolean),
);
const longestNewer = Math.max(...[...newer].map((e) => e.length));
const sticky = new RegExp(twemojiRegex.source, 'y');

/** twemoji-parser's parse, with the newer emoji as well, longest first at each position. */
function parseWithNewer(text) {
  const entities = [];
  let i = 0;
  while (i < text.length) {
    sticky.lastIndex = i;
    const m = sticky.exec(text);
    let len = m ? m[0].length : 0;
    for (let n = Math.min(longestNewer, text.length - i); n > len; n--) {
      if (newer.has(text.substr(i, n))) {
        len = n;
        break;
      }
    }
    if (len > 0) {
      entities.push({ url: '', indices: [i, i + len], text: text.substr(i, len), type: 'emoji' });
      i += len;
    } else {
      i += text.codePointAt(i) > 0xffff ? 2 : 1;
    }
  }
  return entities;
}

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const texts = JSON.parse(input);
const original = twemoji.parse;
const counts = texts.map((text) => {
  const { weightedLength, valid } = twitter.parseTweet(text);
  twemoji.parse = parseWithNewer;
  try {
    return [weightedLength, valid, twitter.parseTweet(text).weightedLength];
  } finally {
    twemoji.parse = original;
  }
});
process.stdout.write(JSON.stringify(counts));
