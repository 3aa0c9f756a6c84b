// Normalising the channel names help desks use to the seven channels the report compares.

export const CHANNELS = ['email', 'web', 'chat', 'phone', 'api', 'social', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Known raw values (lower-case) from Zendesk `Via`, Freshdesk `Source`, 311 sources and ServiceNow `contact_type`. */
export const KNOWN_CHANNELS: Record<string, Channel> = {
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
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
  messaging: 'chat',
  'native messaging': 'chat',
  whatsapp: 'chat',
  sms: 'chat',
  text: 'chat',
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
