import { contextBridge, ipcRenderer } from 'electron';
import { isExitGesture } from './upkeep';

/**
 * The kiosk page's only bridge to the shell: one function per message, no ipcRenderer.
 * The page talks to the hub over HTTP like every other screen.
 */
contextBridge.exposeInMainWorld(
  'frontDoorShell',
  Object.freeze({
    kind: 'electron',
    /** Tells the shell the resident touched the screen, so nightly upkeep never interrupts anyone. */
    reportActivity: () => ipcRenderer.send('shell:activity'),
  }),
);

// The hidden way out for staff lives in the preload's isolated world, out of the page's reach:
// five taps in the top-left corner open a PIN prompt; the shell checks the PIN.
const taps: number[] = [];
window.addEventListener(
  'pointerdown',
  (event) => {
    ipcRenderer.send('shell:activity');
    if (event.clientX > 60 || event.clientY > 60) return;
    taps.push(event.timeStamp);
    if (taps.length > 5) taps.shift();
    if (isExitGesture(taps)) {
      taps.length = 0;
      showPinPrompt();
    }
  },
  { capture: true },
);
window.addEventListener('keydown', () => ipcRenderer.send('shell:activity'), { capture: true });

function showPinPrompt(): void {
  if (document.getElementById('fd-shell-exit')) return;
  const dialog = document.createElement('dialog');
  dialog.id = 'fd-shell-exit';
  dialog.setAttribute('aria-label', 'Staff: leave kiosk mode');
  const form = document.createElement('form');
  const label = document.createElement('label');
  label.textContent = 'Staff PIN';
  const input = document.createElement('input');
  input.type = 'password';
  input.inputMode = 'numeric';
  input.autocomplete = 'off';
  input.style.fontSize = '2rem';
  label.append(input);
  const message = document.createElement('p');
  message.setAttribute('role', 'status');
  const ok = document.createElement('button');
  ok.type = 'submit';
  ok.textContent = 'Leave kiosk mode';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  cancel.addEventListener('click', () => dialog.remove());
  form.append(label, message, ok, cancel);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void ipcRenderer.invoke('shell:exit-kiosk', input.value).then((accepted: boolean) => {
      if (accepted) dialog.remove();
      else {
        message.textContent = 'That PIN is not right.';
        input.value = '';
      }
    });
  });
  dialog.append(form);
  document.body.append(dialog);
  dialog.showModal();
  setTimeout(() => dialog.remove(), 30_000);
}
