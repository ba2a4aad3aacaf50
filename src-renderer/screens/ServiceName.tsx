import type { HubView } from '../../src-shared/api/contract';
import { localize } from '../../src-shared/config/schema';

export function serviceName(hub: HubView, serviceId: string, lang = 'en'): string {
  return localize(hub.services.find((s) => s.id === serviceId)?.name, lang) || serviceId;
}

/** The service's colour as a small swatch beside its name (a second cue; the name is always there). */
export function ServiceSwatch({ hub, serviceId }: { hub: HubView; serviceId: string }) {
  const colour = hub.services.find((s) => s.id === serviceId)?.colour ?? '#666666';
  return <span className="staff-swatch" style={{ backgroundColor: colour }} aria-hidden="true" />;
}
