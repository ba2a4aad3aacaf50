import { useEffect } from 'react';

/**
 * The shared index.html stops pinch-zoom for the kiosk. Staff screens must let people zoom
 * (WCAG 1.4.4), so they put the ordinary viewport back while they are shown.
 */
export function useZoomableViewport(): void {
  useEffect(() => {
    const meta = document.querySelector<HTMLMetaElement>('meta[name="viewport"]');
    if (!meta) return;
    const before = meta.content;
    meta.content = 'width=device-width, initial-scale=1';
    return () => {
      meta.content = before;
    };
  }, []);
}
