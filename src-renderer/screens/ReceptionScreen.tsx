import type { HubView } from '../../src-shared/api/contract';
import { ReceptionConsole } from '../staff/ReceptionConsole';
import { StaffGate } from '../staff/StaffGate';

/** Reception: the whole queue, live, behind staff sign-in. */
export function ReceptionScreen({ hub }: { hub: HubView }) {
  return (
    <StaffGate hub={hub} face="reception">
      <ReceptionConsole hub={hub} />
    </StaffGate>
  );
}
