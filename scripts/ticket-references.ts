import { mkdirSync, writeFileSync } from 'node:fs';
import { encodeTicket } from '../hardware/printer/encode-ticket';
import { renderEscPosToPng } from '../hardware/printer/render-png';
import { sampleTicketLanguages } from '../hardware/printer/sample-tickets';
import { paperWidths, referenceDir, referenceFile, referenceTicket, type Paper } from '../tests/helpers/ticket-references';

/**
 * Writes the reference ticket images the printer tests compare against (tests/fixtures/tickets).
 * Run after a deliberate layout change; look at every image before committing them.
 */
mkdirSync(referenceDir, { recursive: true });
for (const language of sampleTicketLanguages) {
  for (const paper of Object.keys(paperWidths) as Paper[]) {
    const { columns, dotsPerLine } = paperWidths[paper];
    const png = renderEscPosToPng(encodeTicket(referenceTicket(language), { columns, dotsPerLine }), { dotsPerLine });
    writeFileSync(referenceFile(language, paper), png);
    process.stdout.write(`${referenceFile(language, paper)}\n`);
  }
}
