import type { HubView } from '../../src-shared/api/contract';
import { localize } from '../../src-shared/config/schema';

export function serviceName(hub: HubView, serviceId: string, lang = 'en'): string {
  return localize(hub.services.find((s) => s.id === serviceId)?.name, lang) || serviceId;
}
