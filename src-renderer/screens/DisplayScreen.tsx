import type { HubView } from '../../src-shared/api/contract';
import { NowCallingBoard } from '../display/NowCallingBoard';

/**
 * The "now calling" board. It needs no sign-in: the hub sends a screen without a session only the
 * calls, with ticket number, desk and (where the hub shows names) the name.
 */
export function DisplayScreen({ hub }: { hub: HubView }) {
  return <NowCallingBoard hub={hub} />;
}
