import { lazy, Suspense, useEffect, useState } from 'react';
import type { HubView } from '../src-shared/api/contract';
import { endpoints } from '../src-shared/api/endpoints';
import { call } from './api/client';
import { KioskScreen } from './screens/KioskScreen';

// The kiosk is in the first bundle; the staff faces load only where they are opened.
const screens = {
  kiosk: KioskScreen,
  reception: lazy(() => import('./screens/ReceptionScreen').then((m) => ({ default: m.ReceptionScreen }))),
  partner: lazy(() => import('./screens/PartnerScreen').then((m) => ({ default: m.PartnerScreen }))),
  display: lazy(() => import('./screens/DisplayScreen').then((m) => ({ default: m.DisplayScreen }))),
  manager: lazy(() => import('./screens/ManagerScreen').then((m) => ({ default: m.ManagerScreen }))),
} as const;

type ScreenName = keyof typeof screens;

function screenFromPath(pathname: string): ScreenName {
  const name = pathname.split('/')[1] ?? '';
  return name in screens ? (name as ScreenName) : 'kiosk';
}

/** One app, a route per face; every face starts from the hub's public description. */
export function App() {
  const [hub, setHub] = useState<HubView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const screen = screenFromPath(location.pathname);

  useEffect(() => {
    let cancelled = false;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      call(endpoints.hub, {}).then(
        (h) => {
          if (!cancelled) {
            setHub(h);
            setError(null);
          }
        },
        () => {
          if (cancelled) return;
          setError('The hub cannot be reached. Trying again…');
          attempt += 1;
          timer = setTimeout(load, Math.min(10_000, 1000 * attempt));
        },
      );
    };
    load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, []);

  useEffect(() => {
    document.body.dataset['screen'] = screen;
  }, [screen]);

  if (!hub) {
    return (
      <main className="loading" aria-busy={error === null}>
        <p role="status">{error ?? 'Loading…'}</p>
      </main>
    );
  }
  const Screen = screens[screen];
  return (
    <Suspense
      fallback={
        <main className="loading" aria-busy="true">
          <p role="status">Loading…</p>
        </main>
      }
    >
      <Screen hub={hub} />
    </Suspense>
  );
}
