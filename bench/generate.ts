// Deterministic synthetic inputs for benchmarks: organisation tables of any size, drawn from 12 latent profiles.

import { Random } from '../src/cluster/rng.js';
import { lowerBound } from '../src/metrics/lower-bound.js';

/** A standard normal draw (Box–Muller) from the seeded generator. */
function normal(random: Random): number {
  const u = Math.max(random.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/**
 * An organisation table (CSV text) with `n` rows: the eight clustering variables and three performance
 * columns. Rows come from 12 latent profiles (log-normal around each profile's medians), so the clustering has
 * real structure to find. Same `n` and seed → the same bytes. O(n).
 */
export function generateOrgTable(n: number, seed = 1): string {
  const random = new Random(seed, 0xbe7c);
  const profiles = Array.from({ length: 12 }, () => ({
    volume: Math.exp(2 + random.next() * 5),
    perAgent: Math.exp(1.5 + random.next() * 3),
    comments: 1 + random.next() * 6,
    weekday: 20 + random.next() * 100,
    weekend: random.next() < 0.4 ? 0 : random.next() * 48,
    rules: Math.exp(random.next() * 5.5),
    selfService: Math.exp(random.next() * 3) - 0.9,
    frt: Math.exp(random.next() * 3.5),
    resolution: Math.exp(1 + random.next() * 4),
    csat: 0.7 + random.next() * 0.28,
  }));
  const lines = ['organization,tickets_per_month,tickets_per_agent,comments_per_ticket,weekday_hours,weekend_hours,agents,business_rules,self_service_ratio,first_reply_median_hours,resolution_median_hours,csat'];
  const round = (x: number, digits: number): string => x.toFixed(digits);
  for (let i = 0; i < n; i++) {
    const p = profiles[random.int(12)]!;
    const volume = p.volume * Math.exp(0.35 * normal(random));
    const perAgent = p.perAgent * Math.exp(0.3 * normal(random));
    const agents = Math.max(1, Math.round(volume / perAgent));
    lines.push(
      [
        `org-${String(i).padStart(7, '0')}`,
        round(volume, 1),
        round(volume / agents, 2),
        round(Math.max(0.5, p.comments * Math.exp(0.25 * normal(random))), 2),
        round(Math.min(120, Math.max(1, p.weekday + 8 * normal(random))), 1),
        round(Math.min(48, Math.max(0, p.weekend + 4 * normal(random))), 1),
        agents,
        Math.max(0, Math.round(p.rules * Math.exp(0.4 * normal(random)))),
        round(Math.max(0, p.selfService * Math.exp(0.3 * normal(random))), 3),
        round(p.frt * Math.exp(0.5 * normal(random)), 2),
        round(p.resolution * Math.exp(0.5 * normal(random)), 2),
        round(Math.min(1, Math.max(0, p.csat + 0.04 * normal(random))), 3),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The ticket layouts the bench reads: the generic export; Zendesk's wide export (14 columns, tens of agents
 * per team); Freshdesk's; a custom layout through a mapping file; an export with quoted free text (subjects
 * and descriptions holding commas, doubled quotes and line breaks); the generic export spread over 100,000
 * organisations; and an event log (one row per status change, the last row per incident wins).
 */
export const TICKET_LAYOUTS = ['generic', 'zendesk', 'freshdesk', 'mapped', 'free-text', 'many-orgs', 'event-log'] as const;
export type TicketLayout = (typeof TICKET_LAYOUTS)[number];

const CHANNEL_NAMES: Record<TicketLayout, string[]> = {
  generic: ['email', 'web', 'chat', 'phone', 'api', 'social'],
  zendesk: ['Email', 'Web form', 'Chat', 'Phone call (incoming)', 'Web service (API)', 'Facebook post'],
  freshdesk: ['Email', 'Portal', 'Chat', 'Phone', 'Feedback Widget', 'Email'],
  mapped: ['E', 'W', 'C', 'P', 'A', 'S'],
  'free-text': ['email', 'web', 'chat', 'phone', 'api', 'social'],
  'many-orgs': ['email', 'web', 'chat', 'phone', 'api', 'social'],
  'event-log': ['Email', 'Self service', 'Chat', 'Phone', 'IVR', 'Direct opening'],
};

const HEADERS: Record<TicketLayout, string> = {
  generic: 'ticket_id,organization,channel,created_at,solved_at,first_reply_minutes,satisfaction,replies,reopens,assignee',
  zendesk:
    // Group is the support team (the unit the presets benchmark); the organisation names stand in for teams.
    'Id,Group,Via,Created at,Solved at,First reply time in minutes,First reply time in minutes within business hours,Full resolution time in minutes,Full resolution time in minutes within business hours,Satisfaction Score,Replies,Reopens,Assignee,Status',
  freshdesk: 'Ticket ID,Group,Source,Created time,Resolved time,First response time (in hrs),Resolution time (in hrs),Survey results,Agent interactions,Agent,Status',
  mapped: 'case,team,origin,opened,closed,rating,agent',
  'free-text': 'ticket_id,organization,channel,created_at,solved_at,first_reply_minutes,satisfaction,replies,reopens,assignee,subject,description',
  'many-orgs': 'ticket_id,organization,channel,created_at,solved_at,first_reply_minutes,satisfaction,replies,reopens,assignee',
  'event-log': 'number,incident_state,assignment_group,contact_type,opened_at,resolved_at,reopen_count,assigned_to',
};

/** The mapping file of the event-log layout: the last row per incident number wins. */
export const EVENT_LOG_MAPPING = {
  columns: { ticket_id: 'number', organization: 'assignment_group', channel: 'contact_type', created_at: 'opened_at', solved_at: 'resolved_at', reopens: 'reopen_count', assignee: 'assigned_to', status: 'incident_state' },
  dedupe: 'last-by-id',
  channels: { 'Self service': 'web', IVR: 'phone', 'Direct opening': 'other' },
};

/** Organisations in a layout's export. */
export function organizationsOf(layout: TicketLayout): number {
  return layout === 'many-orgs' ? 100_000 : 2000;
}

const WORDS = ['refund', 'login', 'invoice', 'shipping', 'password', 'order', 'cancel', 'upgrade', 'error', 'account', 'delivery', 'charge'];

/** Free text as help desks export it: commas, a quoted phrase (its quotes doubled in CSV), now and then a line break. */
function freeText(random: Random, words: number, isLong: boolean): string {
  const parts: string[] = [];
  for (let w = 0; w < words; w++) parts.push(WORDS[random.int(WORDS.length)]!);
  if (isLong) {
    parts.splice(2, 0, ',', '""it says ""error 500"", again""');
    if (random.next() < 0.3) parts.push('\nSent from my phone');
  }
  return `"${parts.join(' ')}"`;
}

/** A mapping file for the `mapped` layout: other column names, day-first dates, letters for channels. */
export const MAPPED_LAYOUT_MAPPING = {
  columns: { ticket_id: 'case', organization: 'team', channel: 'origin', created_at: 'opened', solved_at: 'closed', satisfaction: 'rating', assignee: 'agent' },
  dateFormat: 'D/M/YYYY HH:mm',
  channels: { E: 'email', W: 'web', C: 'chat', P: 'phone', A: 'api', S: 'social' },
};

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Writes a deterministic ticket export of `n` rows in one of the layouts (generic, Zendesk, Freshdesk, or a
 * custom layout read through MAPPED_LAYOUT_MAPPING), as CSV chunks through `write`: 2,000 organisations of very
 * different sizes over six channels and one year, about 10% open. O(n), constant memory.
 */
export function writeTicketExport(n: number, layout: TicketLayout, write: (chunk: string) => void, seed = 1): void {
  const random = new Random(seed, 0x71c);
  const nOrgs = organizationsOf(layout);
  // Organisation sizes follow a long tail: weight ∝ 1 / (rank + 10).
  const weights = Array.from({ length: nOrgs }, (_, i) => 1 / (i + 10));
  const cumulative: number[] = [];
  weights.reduce((sum, w, i) => (cumulative[i] = sum + w), 0);
  const total = cumulative[nOrgs - 1]!;
  const start = Date.UTC(2025, 0, 1);
  const channels = CHANNEL_NAMES[layout];
  const ratings = layout === 'zendesk' ? ['Good', 'Bad', 'Offered', 'Not Offered'] : layout === 'freshdesk' ? ['Happy', 'Unhappy', '', ''] : ['good', 'bad', 'offered', ''];
  const digits = String(nOrgs - 1).length;
  let rowsWritten = 0;
  const stamp = (ms: number): string => {
    const t = new Date(ms);
    if (layout === 'mapped') return `${t.getUTCDate()}/${t.getUTCMonth() + 1}/${t.getUTCFullYear()} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
    return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  };
  let out = `${HEADERS[layout]}\n`;
  for (let i = 0; rowsWritten < n; i++) {
    const lo = Math.min(lowerBound(cumulative, random.next() * total), nOrgs - 1);
    const org = `org-${String(lo).padStart(digits, '0')}`;
    const channelIndex = random.int(6);
    const created = start + Math.floor(random.next() * 365 * 86_400) * 1000;
    const frt = Math.floor(1 + Math.exp(random.next() * 7));
    const isSolved = random.next() > 0.1;
    const resolution = frt + Math.floor(Math.exp(random.next() * 9) * (channelIndex === 0 ? 2 : 1));
    const solved = isSolved ? stamp(created + resolution * 60_000) : '';
    const rating = isSolved ? ratings[random.int(4)]! : '';
    const replies = 1 + random.int(6);
    // Tens of agents per organisation (40,000 in all over 2,000), as in a large help desk.
    const agent = `agent-${lo}-${random.int(20)}`;
    switch (layout) {
      case 'generic':
        out += `${i + 1},${org},${channels[channelIndex]},${stamp(created)},${solved},${frt},${rating},${replies},${random.next() < 0.05 ? 1 : 0},${agent}\n`;
        break;
      case 'zendesk':
        out += `${i + 1},${org},${channels[channelIndex]},${stamp(created)},${solved},${frt},${Math.floor(frt / 2)},${isSolved ? resolution : ''},${isSolved ? Math.floor(resolution / 2) : ''},${rating},${replies},${random.next() < 0.05 ? 1 : 0},${agent},${isSolved ? 'Solved' : 'Open'}\n`;
        break;
      case 'freshdesk':
        out += `${i + 1},${org},${channels[channelIndex]},${stamp(created)},${solved},${(frt / 60).toFixed(2)},${isSolved ? (resolution / 60).toFixed(2) : ''},${rating},${replies},${agent},${isSolved ? 'Resolved' : 'Open'}\n`;
        break;
      case 'mapped':
        out += `${i + 1},${org},${channels[channelIndex]},${stamp(created)},${solved},${rating},${agent}\n`;
        break;
      case 'free-text':
        out += `${i + 1},${org},${channels[channelIndex]},${stamp(created)},${solved},${frt},${rating},${replies},${random.next() < 0.05 ? 1 : 0},${agent},${freeText(random, 4, false)},${freeText(random, 12, random.next() < 0.5)}\n`;
        break;
      case 'many-orgs':
        out += `${i + 1},${org},${channels[channelIndex]},${stamp(created)},${solved},${frt},${rating},${replies},${random.next() < 0.05 ? 1 : 0},${agent}\n`;
        break;
      case 'event-log': {
        // One row per state change (New, In Progress, … Resolved), in order: n counts rows, not incidents.
        const states = isSolved ? ['New', 'In Progress', 'Resolved'] : ['New', 'In Progress'];
        const reopens = random.next() < 0.05 ? 1 : 0;
        for (let e = 0; e < states.length; e++, rowsWritten++) {
          const isLast = e === states.length - 1;
          out += `INC${i + 1},${states[e]},${org},${channels[channelIndex]},${stamp(created)},${isLast && isSolved ? solved : ''},${isLast ? reopens : 0},${agent}\n`;
        }
        break;
      }
    }
    if (layout !== 'event-log') rowsWritten++;
    if (out.length > 1 << 20) {
      write(out);
      out = '';
    }
  }
  write(out);
}
