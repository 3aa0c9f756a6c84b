// Normalising the channel names help desks use to the twelve channels the report compares.

/**
 * The canonical channels, in the order reports list them: written messages (email; web forms and portals; live
 * chat; asynchronous messaging such as WhatsApp or in-app messengers; SMS), voice (phone), machine-made tickets
 * (api), public social media, postal mail, in person (walk-in), tickets raised by staff or systems (internal),
 * and other. Their number is N_CHANNELS in metrics/layout.ts (shared with the WebAssembly kernel).
 */
export const CHANNELS = ['email', 'web', 'chat', 'messaging', 'sms', 'phone', 'api', 'social', 'mail', 'walk-in', 'internal', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Known raw values (lower-case) from Zendesk `Via`, Freshdesk `Source`, 311 sources and ServiceNow `contact_type`. */
export const KNOWN_CHANNELS: Record<string, Channel> = {
  email: 'email',
  'e-mail': 'email',
  'inbound email': 'email',
  web: 'web',
  'web form': 'web',
  webform: 'web',
  'web widget': 'web',
  'feedback widget': 'web',
  portal: 'web',
  online: 'web',
  mobile: 'web',
  'mobile app': 'web',
  'mobile/open311': 'web',
  'self service': 'web',
  'self-service': 'web',
  'help center': 'web',
  'help centre': 'web',
  chat: 'chat',
  'live chat': 'chat',
  'web chat': 'chat',
  messaging: 'messaging',
  'native messaging': 'messaging',
  whatsapp: 'messaging',
  'whatsapp business': 'messaging',
  'facebook messenger': 'messaging',
  messenger: 'messaging',
  'in-app': 'messaging',
  'in-app messaging': 'messaging',
  'apple messages for business': 'messaging',
  line: 'messaging',
  wechat: 'messaging',
  telegram: 'messaging',
  sms: 'sms',
  text: 'sms',
  'text message': 'sms',
  phone: 'phone',
  'phone call': 'phone',
  'phone call (incoming)': 'phone',
  'phone call (outgoing)': 'phone',
  voice: 'phone',
  voicemail: 'phone',
  call: 'phone',
  ivr: 'phone',
  api: 'api',
  'web service': 'api',
  'web service (api)': 'api',
  integration: 'api',
  'integrated agency': 'api',
  social: 'social',
  'social media': 'social',
  facebook: 'social',
  'facebook post': 'social',
  'facebook message': 'social',
  twitter: 'social',
  x: 'social',
  'x corp': 'social',
  instagram: 'social',
  'instagram direct': 'social',
  mail: 'mail',
  letter: 'mail',
  post: 'mail',
  'postal mail': 'mail',
  fax: 'mail',
  'walk-in': 'walk-in',
  'walk in': 'walk-in',
  'in person': 'walk-in',
  'in-person': 'walk-in',
  counter: 'walk-in',
  internal: 'internal',
  'internal note': 'internal',
  system: 'internal',
  'ticket sharing': 'internal',
  automation: 'internal',
  other: 'other',
};

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

/**
 * Builds the channel normaliser: mapping-file overrides first, then the built-in list; anything else is `other`.
 * Results are cached per raw value, so a file with millions of rows does the lookup once per distinct value.
 */
export function channelNormaliser(overrides: Record<string, Channel> = {}): (raw: string) => Channel {
  const table = new Map<string, Channel>(Object.entries(KNOWN_CHANNELS));
  for (const [raw, channel] of Object.entries(overrides)) table.set(raw.trim().toLowerCase(), channel);
  const cache = new Map<string, Channel>();
  return (raw: string): Channel => {
    let channel = cache.get(raw);
    if (channel === undefined) {
      channel = table.get(raw.trim().toLowerCase()) ?? 'other';
      cache.set(raw, channel);
    }
    return channel;
  };
}
