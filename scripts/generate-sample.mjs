#!/usr/bin/env node
// Generates the bundled synthetic sample: fixtures/sample/tickets.csv and profile.csv.
// Deterministic (seeded); run `npm run sample` after changing it. The data is made up: 240 organisations
// drawn from four operating profiles, one month of tickets, several channels, some deliberately slow channels.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED = 20150201;
// `--out DIR` writes elsewhere (the tests regenerate the sample and compare it with the committed one).
const outFlag = process.argv.indexOf('--out');
const OUT = outFlag === -1 ? join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'sample') : process.argv[outFlag + 1];
const PERIOD_START = Date.UTC(2025, 8, 1); // 2025-09-01
const PERIOD_DAYS = 30;
const HOUR = 3_600_000;

/** mulberry32: a small seeded generator, so the sample is the same on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(SEED);
const uniform = (lo, hi) => lo + (hi - lo) * random();
const int = (lo, hi) => Math.floor(uniform(lo, hi + 1));
function normal() {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
/** Log-normal with the given median (so medians, not means, are what the profiles set). */
const lognormal = (medianValue, sigma) => medianValue * Math.exp(sigma * normal());
function pick(weights) {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (const [key, w] of Object.entries(weights)) {
    r -= w;
    if (r <= 0) return key;
  }
  return Object.keys(weights)[0];
}

// Operating profiles (relative to one another, in the spirit of docs/method.md).
const PROFILES = {
  relationship: {
    count: 80, volume: [8, 40], agents: [2, 5], replies: [1.5, 3], rules: [3, 20], selfService: [0.3, 2],
    weekday: [9, 17], weekend: null, frtHours: [4, 10], resolutionHours: [12, 36], csat: [0.95, 0.99], reopen: 0.03,
    channels: { email: 6, phone: 3, web: 1 },
  },
  complexity: {
    count: 50, volume: [40, 120], agents: [12, 30], replies: [5, 9], rules: [30, 90], selfService: [1, 3],
    weekday: [7, 20], weekend: [10, 14], frtHours: [1.5, 4], resolutionHours: [48, 110], csat: [0.9, 0.96], reopen: 0.06,
    channels: { email: 5, web: 3, phone: 2, chat: 1 },
  },
  lateBloomer: {
    count: 60, volume: [60, 350], agents: [2, 6], replies: [2, 4], rules: [0, 5], selfService: [0.05, 0.4],
    weekday: [9, 17], weekend: null, frtHours: [18, 40], resolutionHours: [70, 160], csat: [0.68, 0.84], reopen: 0.12,
    channels: { email: 5, phone: 3, web: 2 },
  },
  captain: {
    count: 50, volume: [250, 650], agents: [10, 24], replies: [1.2, 2.2], rules: [120, 320], selfService: [6, 20],
    weekday: [0, 24], weekend: [8, 22], frtHours: [0.3, 1.5], resolutionHours: [5, 18], csat: [0.92, 0.97], reopen: 0.03,
    channels: { web: 4, chat: 3, email: 3, api: 1, social: 1 },
  },
};

const FIRST = ['Acme', 'Birch', 'Cobalt', 'Delta', 'Ember', 'Fjord', 'Granite', 'Harbor', 'Indigo', 'Juniper', 'Kestrel', 'Lumen', 'Maple', 'Nimbus', 'Orchid', 'Pioneer', 'Quartz', 'Riverside', 'Summit', 'Tidal'];
const SECOND = ['Analytics', 'Bakery', 'Cloud', 'Dental', 'Energy', 'Freight', 'Games', 'Health', 'Insurance', 'Jewelry', 'Kitchens', 'Logistics', 'Media', 'Networks', 'Outdoors', 'Pharmacy', 'Realty', 'Software', 'Travel', 'Utilities'];

/** Moves an instant forward into the organisation's working hours (a plausible moment of agent activity). */
function intoWorkingHours(ms, profile) {
  for (let step = 0; step < 24 * 8; step++) {
    const d = new Date(ms);
    const day = d.getUTCDay();
    const hour = d.getUTCHours();
    const window = day === 0 || day === 6 ? profile.weekend : profile.weekday;
    if (window && hour >= window[0] && hour < window[1]) return ms;
    ms = Math.floor(ms / HOUR + 1) * HOUR + Math.floor(random() * 20) * 60_000;
  }
  return ms;
}

function iso(ms) {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

const ticketLines = ['ticket_id,organization,channel,created_at,solved_at,first_reply_minutes,satisfaction,replies,reopens,assignee,status'];
const profileLines = ['organization,business_rules,self_service_ratio'];
let ticketId = 100000;
let orgIndex = 0;
const orgs = [];
for (const [kind, p] of Object.entries(PROFILES)) {
  for (let i = 0; i < p.count; i++) orgs.push({ kind, p });
}
// Interleave kinds so organisation names carry no hint of their profile.
orgs.sort(() => random() - 0.5);
for (const { p } of orgs) {
  const name = `${FIRST[orgIndex % FIRST.length]} ${SECOND[Math.floor(orgIndex / FIRST.length) % SECOND.length]}`;
  orgIndex++;
  const volume = Math.round(uniform(...p.volume));
  const nAgents = int(...p.agents);
  const replies = uniform(...p.replies);
  const frt = uniform(...p.frtHours);
  const resolution = uniform(...p.resolutionHours);
  const csat = uniform(...p.csat);
  // About a third of organisations have one channel that is much slower than the rest.
  const channelNames = Object.keys(p.channels);
  const slowChannel = random() < 0.35 ? channelNames[int(0, channelNames.length - 1)] : null;
  const slowFactor = uniform(2.5, 4);
  profileLines.push(`${name},${Math.round(uniform(...p.rules))},${uniform(...p.selfService).toFixed(2)}`);
  for (let t = 0; t < volume; t++) {
    const channel = pick(p.channels);
    // Customers write at any time, more by day.
    const day = Math.floor(random() * PERIOD_DAYS);
    const hour = random() < 0.8 ? int(8, 19) : int(0, 23);
    const created = PERIOD_START + day * 24 * HOUR + hour * HOUR + int(0, 59) * 60_000;
    const reply = intoWorkingHours(created + lognormal(frt, 0.8) * HOUR, p);
    const isSolved = random() > 0.08;
    const factor = channel === slowChannel ? slowFactor : channel === 'chat' || channel === 'phone' ? 0.6 : 1;
    const solved = isSolved ? intoWorkingHours(Math.max(reply, created + lognormal(resolution * factor, 0.7) * HOUR), p) : null;
    const nReplies = Math.max(0, Math.round(lognormal(replies, 0.5)));
    const isRated = isSolved && random() < 0.3;
    const satisfaction = isRated ? (random() < csat ? 'good' : 'bad') : isSolved ? 'offered' : '';
    const reopens = isSolved && random() < p.reopen ? 1 : 0;
    ticketLines.push(
      [
        ticketId++,
        name,
        channel,
        iso(created),
        solved === null ? '' : iso(solved),
        Math.round((reply - created) / 60_000),
        satisfaction,
        nReplies,
        reopens,
        `agent ${int(1, nAgents)}`,
        isSolved ? 'solved' : 'open',
      ].join(','),
    );
  }
}

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'tickets.csv'), `${ticketLines.join('\n')}\n`);
writeFileSync(join(OUT, 'profile.csv'), `${profileLines.join('\n')}\n`);
console.log(`wrote ${ticketLines.length - 1} tickets for ${orgs.length} organisations to ${OUT}`);
