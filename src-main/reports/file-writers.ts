import { PassThrough, type Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ZipFile } from 'yazl';
import type { ExportFormat } from '../../src-shared/reports/contract';

/**
 * Tables written as files, row by row into a stream: CSV (UTF-8 with a byte-order mark, so Excel
 * reads accents and non-Latin names) or XLSX (see xlsxFile; one sheet after another). Every text
 * cell that a spreadsheet would read as a formula is neutralised.
 *
 * Back-pressure: every few hundred rows the writer lets the event loop run (so the zip and the
 * socket can take what was written) and waits while the reader of the file is behind. A slow
 * download therefore holds at most a few hundred rows in memory, never the file.
 */

export type Cell = string | number | null;

/** A text starting with =, +, -, @, tab or carriage return gets a leading apostrophe. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = neutralise(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export type SheetSink = {
  /** Writes one row; now and then it waits (see `paced`), so always await it. */
  row(values: readonly Cell[]): Promise<void> | void;
  end(): Promise<void>;
};

export type TableFile = {
  /** The stream to send: bytes appear as rows are written. */
  stream: PassThrough;
  contentType: string;
  extension: ExportFormat;
  /** Starts a sheet (XLSX) or the one table (CSV: later sheets are left out). */
  sheet(name: string, header: readonly string[], widths?: readonly number[]): Promise<SheetSink>;
  finish(): Promise<void>;
};

/** Rows written between two looks at the reader. */
const rowsPerTurn = 256;
/** What a sheet's zip entry may hold before the writer waits for it (a few turns' rows). */
const partBufferBytes = 1 << 20;

/** Resolves when a stream can take more, or has ended one way or another. */
function drained(stream: Writable): Promise<void> {
  if (!stream.writableNeedDrain || stream.destroyed || stream.writableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    stream.on('drain', done).on('close', done).on('error', done);
  });
}

/** Lets the event loop run, then waits while the file's reader has not taken what it was given. */
async function paced(stream: PassThrough): Promise<void> {
  await nextTurn();
  await drained(stream);
  if (stream.destroyed) throw new ReaderGone();
}

export function csvFile(): TableFile {
  const stream = new PassThrough();
  let started = false;
  let count = 0;
  return {
    stream,
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    async sheet(_name, header) {
      if (started) return { row: () => undefined, end: async () => undefined };
      started = true;
      stream.write('\uFEFF');
      stream.write(`${header.map(csvField).join(',')}\r\n`);
      return {
        row(values) {
          stream.write(`${values.map(csvField).join(',')}\r\n`);
          count += 1;
          return count % rowsPerTurn === 0 ? paced(stream) : undefined;
        },
        end: async () => undefined,
      };
    },
    async finish() {
      stream.end();
    },
  };
}

const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const xmlHead = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const mainNs = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const relNs = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const packageRelNs = 'http://schemas.openxmlformats.org/package/2006/relationships';

// Also any surrogate: a lone one is not XML (a pair is, and is kept below).
// eslint-disable-next-line no-control-regex -- these are the control characters XML cannot hold
const needsEscaping = /[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };

/**
 * Text for XML: the specials escaped (a carriage return too, which a reader would otherwise turn
 * into a line feed), and characters XML 1.0 cannot hold left out.
 */
export function xmlText(value: string): string {
  // Most cells (ids, dates, codes) hold none of these: they go as they are.
  if (!needsEscaping.test(value)) return value;
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"\r]/g, (c) => entities[c] ?? c);
}

/** "A", "B", … "Z", "AA", …: a spreadsheet's name for the column at `index` (from 0). */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const spaceAtEnds = /^\s|\s$/;

function xlsxRow(r: number, values: readonly Cell[], columns: string[]): string {
  let xml = `<row r="${r}">`;
  values.forEach((v, i) => {
    // Empty cells are left out of the row altogether.
    if (v === null || v === '') return;
    const ref = (columns[i] ??= columnName(i)) + r;
    if (typeof v === 'number') {
      if (Number.isFinite(v)) xml += `<c r="${ref}"><v>${v}</v></c>`;
      return;
    }
    const text = xmlText(neutralise(v));
    const space = spaceAtEnds.test(text) ? ' xml:space="preserve"' : '';
    xml += `<c r="${ref}" t="inlineStr"><is><t${space}>${text}</t></is></c>`;
  });
  return `${xml}</row>`;
}

/** A sheet's name as a spreadsheet allows it: no \ / ? * [ ] :, at most 31 characters, unique. */
function sheetName(name: string, taken: readonly string[]): string {
  const base = name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet';
  let candidate = base;
  for (let n = 2; taken.some((t) => t.toLowerCase() === candidate.toLowerCase()) && n < 1000; n += 1) candidate = `${base.slice(0, 27)} (${n})`;
  return candidate;
}

/**
 * XLSX, written as the file's XML is streamed into a zip (yazl: each sheet compressed as it is
 * written, by zlib at its fastest level — a sheet of repeated ids and dates still shrinks about
 * eight times). Text goes inline in its cell (no shared-strings table to hold in memory), there
 * are no styles, and the workbook's other parts follow the last sheet. Each cell is written
 * straight as its XML: a spreadsheet library's cell objects made the year's export of a busy hub
 * several times slower than the rows it was read from.
 */
export function xlsxFile(): TableFile {
  const stream = new PassThrough();
  const zip = new ZipFile();
  zip.outputStream.on('error', (error: Error) => stream.destroy(error));
  zip.outputStream.pipe(stream);
  const sheets: string[] = [];
  let count = 0;
  return {
    stream,
    contentType: xlsxContentType,
    extension: 'xlsx',
    async sheet(name, header, widths) {
      sheets.push(sheetName(name, sheets));
      // Rows go to the zip a few hundred at a time, in one piece: zlib compresses large pieces
      // much faster than many small ones.
      const part = new PassThrough({ highWaterMark: partBufferBytes });
      zip.addReadStream(part, `xl/worksheets/sheet${sheets.length}.xml`, { compressionLevel: 1 });
      const columns: string[] = [];
      const cols = widths?.length
        ? `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`
        : '';
      let pending = `${xmlHead}<worksheet xmlns="${mainNs}" xmlns:r="${relNs}">${cols}<sheetData>${xlsxRow(1, header, columns)}`;
      let r = 1;
      return {
        row(values) {
          r += 1;
          pending += xlsxRow(r, values, columns);
          count += 1;
          if (count % rowsPerTurn !== 0) return undefined;
          part.write(pending);
          pending = '';
          return pacedPart(part, stream);
        },
        async end() {
          part.end(`${pending}</sheetData></worksheet>`);
          pending = '';
        },
      };
    },
    async finish() {
      const overrides = sheets
        .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
        .join('');
      const parts: [string, string][] = [
        [
          '[Content_Types].xml',
          `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${overrides}<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
        ],
        [
          '_rels/.rels',
          `<Relationships xmlns="${packageRelNs}"><Relationship Id="rId1" Type="${relNs}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
        ],
        [
          'docProps/core.xml',
          `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Front Door</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${new Date().toISOString().slice(0, 19)}Z</dcterms:created></cp:coreProperties>`,
        ],
        [
          'xl/workbook.xml',
          `<workbook xmlns="${mainNs}" xmlns:r="${relNs}"><sheets>${sheets.map((n, i) => `<sheet name="${xmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
        ],
        [
          'xl/_rels/workbook.xml.rels',
          `<Relationships xmlns="${packageRelNs}">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${relNs}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`,
        ],
      ];
      for (const [path, xml] of parts) zip.addBuffer(Buffer.from(xmlHead + xml), path, { compressionLevel: 1 });
      zip.end();
    },
  };
}

/**
 * Lets the event loop run, then waits while the sheet's zip entry (and so the file's reader) is
 * behind. A file whose reader has gone (the download was closed) stops being written.
 */
async function pacedPart(part: PassThrough, stream: PassThrough): Promise<void> {
  await nextTurn();
  if (stream.destroyed) throw new ReaderGone();
  if (!part.writableNeedDrain) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      part.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    part.on('drain', done);
    stream.on('close', done);
  });
  if (stream.destroyed) throw new ReaderGone();
}

/** The file's reader went away (a download closed before its end): nothing more is written. */
export class ReaderGone extends Error {
  constructor() {
    super('the download was closed before the file was complete');
  }
}

export function tableFile(format: ExportFormat): TableFile {
  return format === 'csv' ? csvFile() : xlsxFile();
}
