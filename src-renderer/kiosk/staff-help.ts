import { endpoints } from '../../src-shared/api/endpoints';
import { call } from '../api/client';

/**
 * "Get a member of staff": reception gets an alert. If the hub cannot be told (unreachable), the
 * kiosk says plainly where to find staff instead of claiming someone was told.
 */
export async function askForStaff(screen: string, language: string): Promise<boolean> {
  try {
    await call(endpoints.helpRequest, { body: { source: 'kiosk', screen, language } });
    return true;
  } catch {
    return false;
  }
}
