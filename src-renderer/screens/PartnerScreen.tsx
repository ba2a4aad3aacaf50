import type { HubView } from '../../src-shared/api/contract';
import { PartnerConsole } from '../staff/PartnerConsole';
import { StaffGate } from '../staff/StaffGate';

/** A partner's view of their own services' queues, behind staff sign-in. */
export function PartnerScreen({ hub }: { hub: HubView }) {
  return (
    <StaffGate hub={hub} face="partner">
      <PartnerConsole hub={hub} />
    </StaffGate>
  );
}
