// Writes fixtures/messages/support-tweets.csv: a generated message log in the shape of a public customer-support
// export from a social network (one row per message: tweet_id, author_id, inbound, created_at, text,
// response_tweet_id, in_response_to_tweet_id). Deterministic: the same bytes on every run.
//   node scripts/generate-messages.mjs

import { writeFileSync } from 'node:fs';

let state = 20171031;
const random = () => {
  // A small linear congruential generator: enough for a fixture, the same everywhere.
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return state / 2 ** 32;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n) => String(n).padStart(2, '0');
const stamp = (ms) => {
  const t = new Date(ms);
  return `${DAYS[t.getUTCDay()]} ${MONTHS[t.getUTCMonth()]} ${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} +0000 ${t.getUTCFullYear()}`;
};
const csv = (text) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

const BRANDS = [
  { handle: 'AcmeHelp', meanMinutes: 25 },
  { handle: 'BoltSupport', meanMinutes: 90 },
  { handle: 'CedarCare', meanMinutes: 240 },
];
const ASKS = ['my order, #%d, has not arrived', 'the app says "error 500" again', 'I was charged twice for %d', 'how do I reset my password?', 'still waiting on a refund'];
const ANSWERS = ['Sorry about that! Please DM us your order number.', 'We are on it, thanks for your patience.', 'Could you tell us which version, "Settings > About"?', 'Fixed now, let us know if it happens again.'];

let nextId = 100000;
const rows = [];
const start = Date.UTC(2017, 9, 1);
for (let c = 0; c < 150; c++) {
  const brand = BRANDS[c % 3];
  const customer = String(200000 + Math.floor(random() * 5000));
  let time = start + Math.floor(random() * 30 * 86_400) * 1000;
  const thread = [];
  const say = (author, isInbound, text) => {
    const message = { id: nextId++, author, isInbound, time, text, parent: thread.length > 0 ? thread[thread.length - 1].id : '' };
    thread.push(message);
    rows.push(message);
  };
  say(customer, true, `@${brand.handle} ${pick(ASKS).replace('%d', String(1000 + c))}`);
  const turns = random() < 0.15 ? 0 : 1 + Math.floor(random() * 3);
  for (let turn = 0; turn < turns; turn++) {
    time += Math.floor(-Math.log(1 - random()) * brand.meanMinutes * 60) * 1000 + 30_000;
    say(brand.handle, false, `@${customer} ${pick(ANSWERS)}`);
    if (random() < 0.2) {
      // Two answers in a row.
      time += 60_000;
      say(brand.handle, false, `@${customer} ^${brand.handle.slice(0, 2).toUpperCase()}`);
    }
    if (turn < turns - 1) {
      time += Math.floor(random() * 3600) * 1000 + 60_000;
      say(customer, true, `@${brand.handle} thanks, but it still fails,\nsee the screenshot`);
    }
  }
}
// A reply to a message not in the log starts a conversation of its own.
rows.push({ id: nextId++, author: '204242', isInbound: true, time: start + 86_400_000, text: '@AcmeHelp following up on my earlier tweet', parent: 99999 });
rows.push({ id: nextId++, author: 'AcmeHelp', isInbound: false, time: start + 86_400_000 + 600_000, text: '@204242 Thanks, we will look.', parent: nextId - 2 });

// Exports are not in time order: rows shuffled (deterministically).
for (let i = rows.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [rows[i], rows[j]] = [rows[j], rows[i]];
}
const children = new Map();
for (const r of rows) if (r.parent !== '') children.set(r.parent, [...(children.get(r.parent) ?? []), r.id]);
const lines = ['tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id'];
for (const r of rows) lines.push([r.id, r.author, r.isInbound ? 'True' : 'False', stamp(r.time), csv(r.text), csv((children.get(r.id) ?? []).join(',')), r.parent].join(','));
writeFileSync(new URL('../fixtures/messages/support-tweets.csv', import.meta.url), `${lines.join('\n')}\n`);
console.log(`wrote ${rows.length} messages`);
