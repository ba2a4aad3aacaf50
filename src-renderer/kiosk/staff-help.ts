import { routes, type helpRequest } from '../../src-shared/api/contract';
import type { z } from 'zod';
import { api } from '../api/client';

/**
 * "Get a member of staff": reception gets an alert. If the hub cannot be told (unreachable), the
 * kiosk says plainly where to find staff instead of claiming someone was told.
 */
export async function askForStaff(screen: string, language: string): Promise<boolean> {
  const body: z.input<typeof helpRequest> = { source: 'kiosk', screen, language };
  try {
    await api.post(routes.helpRequests, body);
    return true;
  } catch {
    return false;
  }
}
