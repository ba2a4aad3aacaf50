import ExcelJS from 'exceljs';
import { PassThrough, type Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ExportFormat } from '../../src-shared/reports/contract';

/**
 * Tables written as files, row by row into a stream: CSV (UTF-8 with a byte-order mark, so Excel
 * reads accents and non-Latin names) or XLSX (exceljs' streaming writer without shared strings or
 * styles, each row committed as it is written, one sheet after another). Every text cell that a
 * spreadsheet would read as a formula is neutralised.
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

/** A stream's "wait for drain" flag: Node's, or the older readable-stream's state that exceljs' zip uses. */
function needsDrain(stream: Writable): boolean {
  const legacy = (stream as unknown as { _writableState?: { needDrain?: boolean } })._writableState;
  return stream.writableNeedDrain ?? legacy?.needDrain ?? false;
}

/** Resolves when a stream can take more, or has ended one way or another. */
function drained(stream: Writable): Promise<void> {
  if (!needsDrain(stream) || stream.destroyed || stream.writableEnded) return Promise.resolve();
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
}

/**
 * exceljs (4.4) buffers a sheet in a stream of its own and writes it into the zip entry without
 * looking at back-pressure, so a sheet written faster than it is compressed would pile up in
 * memory. Between rows the writer waits for that entry too. (Not part of exceljs' typed API.)
 */
type SheetBuffer = { stream?: { pipes?: Writable[]; buffers?: unknown[] } };

async function pacedSheet(sheet: SheetBuffer, stream: PassThrough): Promise<void> {
  await paced(stream);
  const buffer = sheet.stream;
  // Until the zip takes this sheet, its rows wait in exceljs' buffer: give the zip a few turns.
  for (let turn = 0; turn < 64 && buffer && (buffer.pipes?.length ?? 0) === 0 && (buffer.buffers?.length ?? 0) > 16; turn += 1) await nextTurn();
  const entry = buffer?.pipes?.[0];
  if (entry) await drained(entry);
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

export function xlsxFile(): TableFile {
  const stream = new PassThrough();
  // The fastest deflate: a sheet of repeated ids and dates still shrinks about eight times.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  workbook.creator = 'Front Door';
  let count = 0;
  return {
    stream,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    async sheet(name, header, widths) {
      const sheet = workbook.addWorksheet(name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31));
      if (widths) sheet.columns = widths.map((width) => ({ width }));
      sheet.addRow(header.map((h) => neutralise(h))).commit();
      return {
        row(values) {
          // Empty cells are left out of the row altogether (no cell object, no XML). The first stays
          // (as an empty cell if need be): exceljs reads an array without index 0 as one-based.
          const cells: Cell[] = [];
          cells.length = values.length;
          cells[0] = null;
          values.forEach((v, i) => {
            if (v !== null && v !== '') cells[i] = typeof v === 'string' ? neutralise(v) : v;
          });
          sheet.addRow(cells).commit();
          count += 1;
          return count % rowsPerTurn === 0 ? pacedSheet(sheet as unknown as SheetBuffer, stream) : undefined;
        },
        async end() {
          await sheet.commit();
        },
      };
    },
    async finish() {
      await workbook.commit();
    },
  };
}

export function tableFile(format: ExportFormat): TableFile {
  return format === 'csv' ? csvFile() : xlsxFile();
}
