/**
 * Simple line icons for the kiosk, drawn on a 24×24 grid. They always sit beside a text label,
 * so they are hidden from screen readers. Hub configurations name icons freely; an unknown name
 * falls back to a plain dot rather than failing.
 */
const paths: Record<string, string> = {
  // people and places
  people: 'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6M16 4.3a3.5 3.5 0 0 1 0 6.4M17.5 14.2c2.4.7 4 2.8 4 5.8',
  person: 'M12 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4.4 3.6-7 8-7s8 2.6 8 7',
  staff: 'M12 10a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM5 21v-2.5C5 15.5 8 13.5 12 13.5s7 2 7 5V21M12 13.5v4M10 15.5h4',
  home: 'M3 11 12 3.5 21 11M5.5 9v11.5h13V9M10 20.5v-6h4v6',
  housing: 'M3 11 12 3.5 21 11M5.5 9v11.5h13V9M10 20.5v-6h4v6',
  building: 'M4 21V5l8-2v18M12 21V8l8 3v10M7 8h2M7 12h2M7 16h2M15 13h2M15 17h2M2 21h20',
  council: 'M3 9h18L12 3.5 3 9zM5 9v9M9.5 9v9M14.5 9v9M19 9v9M3 21h18M3 18h18',
  walk: 'M13 5.5a1.8 1.8 0 1 0 0-3.6 1.8 1.8 0 0 0 0 3.6zM10 21l2.5-6.5L15 17v4M8 12.5l2.5-4.5 3.5 1 2.5 3.5M12.5 14.5 10.5 8',
  // work, money, learning
  briefcase: 'M3 8h18v12H3zM8.5 8V5.5A1.5 1.5 0 0 1 10 4h4a1.5 1.5 0 0 1 1.5 1.5V8M3 13h18',
  work: 'M3 8h18v12H3zM8.5 8V5.5A1.5 1.5 0 0 1 10 4h4a1.5 1.5 0 0 1 1.5 1.5V8M3 13h18',
  jobcentre: 'M3 8h18v12H3zM8.5 8V5.5A1.5 1.5 0 0 1 10 4h4a1.5 1.5 0 0 1 1.5 1.5V8M3 13h18',
  money: 'M16 6.5A4.5 4.5 0 0 0 8.5 9.5V13c0 3-1.5 5-3 6.5h12M6 13h8',
  pound: 'M16 6.5A4.5 4.5 0 0 0 8.5 9.5V13c0 3-1.5 5-3 6.5h12M6 13h8',
  coins: 'M9 9.5c3.6 0 6.5-1.3 6.5-3S12.6 3.5 9 3.5 2.5 4.8 2.5 6.5 5.4 9.5 9 9.5zM2.5 6.5v5c0 1.7 2.9 3 6.5 3M2.5 11.5v5c0 1.7 2.9 3 6.5 3M15 12.5c3.6 0 6.5-1.3 6.5-3M21.5 9.5v8c0 1.7-2.9 3-6.5 3s-6.5-1.3-6.5-3v-5',
  book: 'M4 4.5h6a2 2 0 0 1 2 2V20a2 2 0 0 0-2-2H4zM20 4.5h-6a2 2 0 0 0-2 2V20a2 2 0 0 1 2-2h6z',
  skills: 'M2 9l10-5 10 5-10 5zM6 11v5c0 1.5 2.7 3 6 3s6-1.5 6-3v-5M22 9v6',
  school: 'M2 9l10-5 10 5-10 5zM6 11v5c0 1.5 2.7 3 6 3s6-1.5 6-3v-5M22 9v6',
  laptop: 'M4 5h16v11H4zM2 19h20',
  digital: 'M4 5h16v11H4zM2 19h20',
  business: 'M4 20V10l5 3V10l5 3V6h6v14zM4 20h16M17 9v2',
  // health and wellbeing
  health: 'M12 20s-8-4.6-8-10.5A4.5 4.5 0 0 1 12 7a4.5 4.5 0 0 1 8 2.5C20 15.4 12 20 12 20zM9 12h2v-2h2v2h2v2h-2v2h-2v-2H9z',
  heart: 'M12 20s-8-4.6-8-10.5A4.5 4.5 0 0 1 12 7a4.5 4.5 0 0 1 8 2.5C20 15.4 12 20 12 20z',
  gp: 'M6 3v6a4 4 0 0 0 8 0V3M10 13v2a5 5 0 0 0 10 0v-3M20 12a2 2 0 1 0 0-4 2 2 0 0 0 0 4z',
  nhs: 'M6 3v6a4 4 0 0 0 8 0V3M10 13v2a5 5 0 0 0 10 0v-3M20 12a2 2 0 1 0 0-4 2 2 0 0 0 0 4z',
  wellbeing: 'M12 21c-4-2-7-5.5-7-10a7 7 0 0 1 14 0c0 4.5-3 8-7 10zM12 21V11M12 14l3-3M12 16l-3-3',
  carer: 'M7 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM2.5 20v-2c0-3 2-5 4.5-5s4.5 2 4.5 5M17 13a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM14 20v-1c0-2.3 1.3-4 3-4s3 1.7 3 4v1',
  child: 'M12 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM8 21l1-7-3-2 3-2.5h6l3 2.5-3 2 1 7',
  food: 'M5 3v7a2 2 0 0 0 4 0V3M7 10v11M16 21V3c-2 1-3.5 4-3.5 8h3.5',
  heating: 'M12 21c-3.5 0-6-2.4-6-5.8C6 11 10.5 8.5 10 3c3 1.8 7.5 5.8 7.5 11.5 0 4-2.5 6.5-5.5 6.5zM12 21c-1.5 0-2.5-1-2.5-2.6 0-1.8 2.5-3.4 2.5-3.4s2.5 1.6 2.5 3.4c0 1.6-1 2.6-2.5 2.6z',
  bed: 'M3 6v14M3 15h18v5M3 11h7v4M10 11h8a3 3 0 0 1 3 3v1M6.5 11a1.5 1.5 0 1 0 0-.01',
  shield: 'M12 3 4.5 6v5.5c0 4.7 3.2 8.4 7.5 9.5 4.3-1.1 7.5-4.8 7.5-9.5V6z',
  safety: 'M12 3 4.5 6v5.5c0 4.7 3.2 8.4 7.5 9.5 4.3-1.1 7.5-4.8 7.5-9.5V6zM9 12l2 2 4-4',
  // channels for "how did you hear"
  phone: 'M7 2.5h10v19H7zM11 18.5h2',
  'social-media': 'M7 2.5h10v19H7zM11 18.5h2M10 8h4M10 11h4',
  globe: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM3 12h18M12 3c2.5 2.6 3.7 5.6 3.7 9s-1.2 6.4-3.7 9c-2.5-2.6-3.7-5.6-3.7-9S9.5 5.6 12 3z',
  website: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM3 12h18M12 3c2.5 2.6 3.7 5.6 3.7 9s-1.2 6.4-3.7 9c-2.5-2.6-3.7-5.6-3.7-9S9.5 5.6 12 3z',
  leaflet: 'M6 3h9l4 4v14H6zM14.5 3v4.5H19M9 12h7M9 15.5h7M9 19h4',
  poster: 'M6 3h9l4 4v14H6zM14.5 3v4.5H19M9 12h7M9 15.5h7M9 19h4',
  calendar: 'M3.5 5.5h17v15h-17zM3.5 10h17M8 3v5M16 3v5',
  event: 'M3.5 5.5h17v15h-17zM3.5 10h17M8 3v5M16 3v5M12 13.5l1 2 2.2.3-1.6 1.5.4 2.2-2-1-2 1 .4-2.2-1.6-1.5 2.2-.3z',
  handshake: 'M2 11l4-4 4 2 3-2 4 1 5 3M2 11l6 6 2 1 2-1 5-5M10 9l-2 3 2 1 3-3 4 4',
  partner: 'M2 11l4-4 4 2 3-2 4 1 5 3M2 11l6 6 2 1 2-1 5-5M10 9l-2 3 2 1 3-3 4 4',
  outreach: 'M12 21s-6.5-5.5-6.5-11a6.5 6.5 0 0 1 13 0c0 5.5-6.5 11-6.5 11zM12 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z',
  'map-pin': 'M12 21s-6.5-5.5-6.5-11a6.5 6.5 0 0 1 13 0c0 5.5-6.5 11-6.5 11zM12 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z',
  dots: 'M5 12h.01M12 12h.01M19 12h.01',
  other: 'M5 12h.01M12 12h.01M19 12h.01',
  chat: 'M4 5h16v11H9l-5 4z',
  talk: 'M4 5h16v11H9l-5 4zM8 9.5h8M8 12.5h5',
  question: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6M12 17h.01',
  house: 'M3 11 12 3.5 21 11M5.5 9v11.5h13V9M10 20.5v-6h4v6',
  'house-alert': 'M3 11 12 3.5 21 11M5.5 9v11.5h13V9M12 10v5M12 17.5h.01',
  door: 'M6 21V3h12v18M3 21h18M14.5 12h.01',
  pencil: 'M4 20l1-4.5L16 4.5a2.1 2.1 0 0 1 3 3L8 18.5zM14 7l3 3',
  stethoscope: 'M6 3v6a4 4 0 0 0 8 0V3M10 13v2a5 5 0 0 0 10 0v-3M20 12a2 2 0 1 0 0-4 2 2 0 0 0 0 4z',
  'person-walking': 'M13 5.5a1.8 1.8 0 1 0 0-3.6 1.8 1.8 0 0 0 0 3.6zM10 21l2.5-6.5L15 17v4M8 12.5l2.5-4.5 3.5 1 2.5 3.5M12.5 14.5 10.5 8',
  'hands-heart': 'M12 11.5s-4-2.3-4-5.2A2.2 2.2 0 0 1 12 5a2.2 2.2 0 0 1 4 1.3c0 2.9-4 5.2-4 5.2zM2 14l4 0 5 2h3a1.5 1.5 0 0 1 0 3H9M14 17.5l5-2.5a1.5 1.5 0 0 1 1.5 2.5L14 21H6l-4-1',
  'graduation-cap': 'M2 9l10-5 10 5-10 5zM6 11v5c0 1.5 2.7 3 6 3s6-1.5 6-3v-5M22 9v6',
  lightbulb: 'M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3z',
  form: 'M6 3h12v18H6zM9 7h6M9 11h6M9 15h3',
  bill: 'M6 3h12v18l-3-2-3 2-3-2-3 2zM9 8h6M9 12h6M9 16h3',
  bowl: 'M3 11h18a9 9 0 0 1-18 0zM8 7c0-1.5 1-2 1-3.5M12 7c0-1.5 1-2 1-3.5M16 7c0-1.5 1-2 1-3.5M8 21h8',
  speech: 'M4 5h16v11H9l-5 4zM8 9.5h8M8 12.5h5',
  calculator: 'M5 3h14v18H5zM8 6.5h8v3H8zM8.5 13h.01M12 13h.01M15.5 13h.01M8.5 17h.01M12 17h.01M15.5 17h.01',
  certificate: 'M4 4h16v11H4zM8 8h8M8 11h5M15 15v6l2-1.5 2 1.5v-6M17 17a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z',
  check: 'M4.5 12.5l5 5 10-11',
  languages: 'M4 5h9M8.5 3v2M6 5c.5 3.5 3 6.5 6 8M11 5c-.5 3.5-3 6.5-6.5 8.5M12.5 21l4-10 4 10M14 17.5h5',
  'sign-language': 'M8 13V5.5a1.5 1.5 0 0 1 3 0V11M11 10V4a1.5 1.5 0 0 1 3 0v6M14 10V5.5a1.5 1.5 0 0 1 3 0V13c0 4-2.5 7.5-6.5 7.5-2.5 0-4-1.5-5.5-4l-2-3.5a1.5 1.5 0 0 1 2.6-1.5L8 13',
  alert: 'M12 3.5 2.5 20h19zM12 10v4.5M12 17.5h.01',
  'briefcase-check': 'M3 8h18v12H3zM8.5 8V5.5A1.5 1.5 0 0 1 10 4h4a1.5 1.5 0 0 1 1.5 1.5V8M9 14l2 2 4-4',
  // kiosk controls
  yes: 'M4.5 12.5l5 5 10-11',
  no: 'M6 6l12 12M18 6 6 18',
  back: 'M15 5l-7 7 7 7',
  forward: 'M9 5l7 7-7 7',
  card: 'M3 6h18v12H3zM3 10h18M6 14.5h4',
  qr: 'M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM14 14h2v2h-2zM18 18h2v2h-2zM14 18h2M18 14h2',
  language: 'M4 5h9M8.5 3v2M6 5c.5 3.5 3 6.5 6 8M11 5c-.5 3.5-3 6.5-6.5 8.5M12.5 21l4-10 4 10M14 17.5h5',
  'text-size': 'M3 19l5-13 5 13M4.7 14.5h6.6M14 19l3.5-9 3.5 9M15.2 16h4.6',
  contrast: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 3v18',
  speaker: 'M4 9.5h4l5-4.5v14l-5-4.5H4zM16.5 8.5a5 5 0 0 1 0 7M19 6a8.5 8.5 0 0 1 0 12',
  help: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6M12 17h.01',
  info: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 11v6M12 7.5h.01',
  warning: 'M12 3.5 2.5 20h19zM12 10v4.5M12 17.5h.01',
  screen: 'M3 4h18v12H3zM8 20h8M12 16v4',
  ticket: 'M3 7h18v3a2 2 0 0 0 0 4v3H3v-3a2 2 0 0 0 0-4zM15 7v10',
  // accessibility needs
  'hearing-loop': 'M6.5 9a5.5 5.5 0 1 1 9.7 3.5c-1.2 1.5-2.2 2.3-2.2 4a3 3 0 0 1-5.5 1.7M9.5 9.5a2.5 2.5 0 0 1 5 0M3 21l3-3',
  'step-free': 'M9.5 5.5a1.8 1.8 0 1 0 0-3.6 1.8 1.8 0 0 0 0 3.6zM9.5 7v6h5l2.5 5.5 2-1M9.5 10h5M7 10.5a5.5 5.5 0 1 0 7.2 7',
  'quiet-space': 'M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z',
  'reading-help': 'M4 4.5h6a2 2 0 0 1 2 2V20a2 2 0 0 0-2-2H4zM20 4.5h-6a2 2 0 0 0-2 2V20a2 2 0 0 1 2-2h6z',
  interpreter: 'M4 5h9M8.5 3v2M6 5c.5 3.5 3 6.5 6 8M11 5c-.5 3.5-3 6.5-6.5 8.5M12.5 21l4-10 4 10M14 17.5h5',
  bsl: 'M8 13V5.5a1.5 1.5 0 0 1 3 0V11M11 10V4a1.5 1.5 0 0 1 3 0v6M14 10V5.5a1.5 1.5 0 0 1 3 0V13c0 4-2.5 7.5-6.5 7.5-2.5 0-4-1.5-5.5-4l-2-3.5a1.5 1.5 0 0 1 2.6-1.5L8 13',
  // the on-screen keyboard
  backspace: 'M9 5h11a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H9l-6-7zM11.5 9l6 6M17.5 9l-6 6',
  shift: 'M12 3.5 3.5 12H8v7.5h8V12h4.5z',
};

const fallback = 'M12 12.01h.01M12 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8z';

/** Icons whose meaning has a direction; they are mirrored in right-to-left languages. */
const directional = new Set(['back', 'forward', 'backspace']);

export function Icon({ name, className }: { name: string; className?: string }) {
  const d = paths[name] ?? fallback;
  return (
    <svg
      className={['icon', directional.has(name) ? 'icon-directional' : '', className ?? ''].filter(Boolean).join(' ')}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={d} />
    </svg>
  );
}
