import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { columnName, ReaderGone, xlsxFile, xmlText, type TableFile } from '../../src-main/reports/file-writers';

async function bytesOf(file: TableFile, write: (f: TableFile) => Promise<void>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const done = pipeline(
    file.stream,
    new Writable({
      write(chunk: Buffer, _encoding, next) {
        chunks.push(chunk);
        next();
      },
    }),
  );
  await write(file);
  await file.finish();
  await done;
  return Buffer.concat(chunks);
}

describe('the XLSX writer', () => {
  it('names columns as a spreadsheet does', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('escapes XML and leaves out what XML cannot hold, keeping pairs of surrogates', () => {
    expect(xmlText('V-1234')).toBe('V-1234');
    expect(xmlText('a & b <c> "d"')).toBe('a &amp; b &lt;c&gt; &quot;d&quot;');
    expect(xmlText('bell\u0007 tab\t nul\u0000 cr\r')).toBe('bell tab\t nul cr&#13;');
    expect(xmlText('lone \uD800 pair 😀')).toBe('lone  pair 😀');
  });

  it('writes a workbook a spreadsheet reads back: text, numbers, empty cells, formulas neutralised, two sheets', async () => {
    const bytes = await bytesOf(xlsxFile(), async (f) => {
      const sheet = await f.sheet('Visits: 2026/27', ['visit_ref', 'name', 'wait_minutes', 'note'], [36, 16, 12, 40]);
      await sheet.row(['v1', 'Zoë Ó Súilleabháin', 12, '=HYPERLINK("http://x")']);
      await sheet.row(['v2', null, 0, '  spaced  ']);
      await sheet.row(['v3', '', null, '+44 7700 900000']);
      await sheet.row(['v4', 'علي', 3.5, 'line one\r\nline two']);
      await sheet.end();
      const dictionary = await f.sheet('Data dictionary', ['column', 'meaning']);
      await dictionary.row(['visit_ref', 'The visit’s id & <more>']);
      await dictionary.end();
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Visits  2026 27', 'Data dictionary']);
    const rows = (book.worksheets[0]!.getSheetValues() as unknown[][]).slice(1).map((r) => r.slice(1));
    expect(rows).toEqual([
      ['visit_ref', 'name', 'wait_minutes', 'note'],
      ['v1', 'Zoë Ó Súilleabháin', 12, `'=HYPERLINK("http://x")`],
      ['v2', undefined, 0, '  spaced  '],
      ['v3', undefined, undefined, `'+44 7700 900000`],
      ['v4', 'علي', 3.5, 'line one\r\nline two'],
    ]);
    expect(book.worksheets[0]!.getColumn(1).width).toBe(36);
    expect(book.worksheets[1]!.getCell('B2').value).toBe('The visit’s id & <more>');
  });

  it('is a valid workbook with only its header when there are no rows', async () => {
    const bytes = await bytesOf(xlsxFile(), async (f) => {
      const sheet = await f.sheet('Visits', ['visit_ref', 'service_day']);
      await sheet.end();
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.rowCount).toBe(1);
    expect(book.worksheets[0]!.getCell('B1').value).toBe('service_day');
  });

  it('stops writing when the download is closed part way, holding no more than its buffers', async () => {
    const file = xlsxFile();
    const sheet = await file.sheet('Visits', ['visit_ref', 'note']);
    // A reader that takes one chunk, then goes away.
    let taken = 0;
    file.stream.once('data', (chunk: Buffer) => {
      taken += chunk.length;
      file.stream.destroy();
    });
    let written = 0;
    let stoppedWith: unknown = null;
    try {
      for (let i = 0; i < 1_000_000; i += 1) {
        const pause = sheet.row([`v${i}`, `a note that is long enough to fill the buffers quickly ${i}`]);
        written += 1;
        if (pause) await pause;
      }
    } catch (error) {
      stoppedWith = error;
    }
    expect(stoppedWith).toBeInstanceOf(ReaderGone);
    expect(taken).toBeGreaterThan(0);
    expect(written).toBeLessThan(1_000_000);
  });
});
