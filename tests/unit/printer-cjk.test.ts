import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../hardware/printer/decode-escpos';
import { createConfiguredPrinter } from '../../hardware/printer/index';
import { sampleTicket } from '../../hardware/printer/sample-tickets';
import type { SimulatedPrinter } from '../../hardware/printer/simulated-printer';
import { systemTicketFontCandidates } from '../../src-main/devices/create-devices';

const cjkFont = systemTicketFontCandidates.find((f) => existsSync(f));

describe.skipIf(!cjkFont)(`Chinese tickets with the machine's CJK font${cjkFont ? '' : ' — skipped: install fonts-wqy-microhei'}`, () => {
  it('prints a Chinese ticket as raster text with its QR code and cut', async () => {
    const printer = createConfiguredPrinter({ printer: { kind: 'simulator', paper: 'ok' }, printerColumns: 42 }, { fontFiles: [cjkFont!] }) as SimulatedPrinter;
    const ticket = sampleTicket('zh-Hans');
    const result = await printer.print(ticket);
    expect(result.ok).toBe(true);
    const decoded = decodeEscPos(printer.jobs[0]!.bytes);
    const kinds = decoded.blocks.map((b) => b.kind);
    expect(kinds).toContain('raster');
    expect(kinds).toContain('cut');
    expect(decoded.blocks.find((b) => b.kind === 'qr')).toMatchObject({ payload: ticket.ticketId });
  });
});
