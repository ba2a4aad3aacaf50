import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
// The decoder's WASM ships inside the package and is served by the hub with the screens,
// never fetched from a CDN (the package's default).
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

let prepared = false;

function prepare(): void {
  if (prepared) return;
  prepared = true;
  prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(wasmUrl, location.href).href : prefix + path) },
  });
}

export type CameraQrHandle = { stop: () => void };

export type CameraQrOptions = {
  video: HTMLVideoElement;
  /** Called with the decoded text of each new QR code (the same code is not repeated for 3 s). */
  onText: (text: string) => void;
  onError: (reason: 'no-camera' | 'denied' | 'failed') => void;
  /** Frames decoded per second; a kiosk PC needs no more. */
  fps?: number;
};

/**
 * Reads QR codes from the kiosk camera. The page only gets the camera where the shell allows it
 * (the kiosk origin); decoded text is handed on as it is and validated by the hub, never shown.
 */
export async function startCameraQr(options: CameraQrOptions): Promise<CameraQrHandle> {
  prepare();
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 1280 } }, audio: false });
  } catch (error) {
    const name = (error as DOMException).name;
    options.onError(name === 'NotAllowedError' ? 'denied' : name === 'NotFoundError' ? 'no-camera' : 'failed');
    return { stop: () => undefined };
  }
  const video = options.video;
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  await video.play().catch(() => undefined);

  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let stopped = false;
  let busy = false;
  let last = { text: '', at: 0 };
  const interval = 1000 / (options.fps ?? 6);

  const timer = setInterval(() => {
    if (stopped || busy || !context || video.readyState < 2 || video.videoWidth === 0) return;
    busy = true;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0);
    const frame = context.getImageData(0, 0, canvas.width, canvas.height);
    readBarcodes(frame, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 })
      .then((results) => {
        const text = results.find((r) => r.isValid)?.text;
        if (!text || stopped) return;
        const now = performance.now();
        if (text === last.text && now - last.at < 3000) return;
        last = { text, at: now };
        options.onText(text);
      })
      .catch(() => options.onError('failed'))
      .finally(() => {
        busy = false;
      });
  }, interval);

  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    },
  };
}
