import { useState } from 'react';
import type { HubView } from '../../src-shared/api/contract';
import { ManagerShell } from '../staff/ManagerShell';
import { SetupForm } from '../staff/SetupForm';
import { StaffGate } from '../staff/StaffGate';

function setupRequested(): boolean {
  return new URLSearchParams(location.search).get('setup') === '1';
}

/** The hub manager's screen; /manager?setup=1 is the first-run form that creates the first administrator. */
export function ManagerScreen({ hub }: { hub: HubView }) {
  const [setup, setSetup] = useState(setupRequested);
  if (setup) {
    return (
      <SetupForm
        hub={hub}
        onDone={() => {
          history.replaceState(null, '', '/manager');
          setSetup(false);
        }}
      />
    );
  }
  return (
    <StaffGate hub={hub} face="manager">
      <ManagerShell hub={hub} />
    </StaffGate>
  );
}
