import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CameraQrHandle } from '../devices/camera-qr';

/** Name of the window event through which camera reads join the kiosk's other readers. */
export const cameraQrEvent = 'frontdoor:camera-qr';

/**
 * The kiosk camera's live preview while the resident is asked for a card or QR code. Decoded
 * text goes to the same identify path as every other read; it is never shown.
 */
export function CameraQr() {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    let handle: CameraQrHandle | null = null;
    let cancelled = false;
    // The decoder loads only on kiosks that read QR codes with the camera, and only when asked.
    void import('../devices/camera-qr').then(({ startCameraQr }) => startCameraQr({
      video: element,
      onText: (text) => window.dispatchEvent(new CustomEvent<string>(cameraQrEvent, { detail: text })),
      onError: (reason) => setProblem(reason),
    })).then((h) => {
      if (cancelled) h.stop();
      else handle = h;
    });
    return () => {
      cancelled = true;
      handle?.stop();
    };
  }, []);

  return (
    <div className="camera-qr">
      <video ref={video} aria-label={t('identify.hint')} muted playsInline />
      {problem && <p role="status">{t('identify.hint')}</p>}
    </div>
  );
}
