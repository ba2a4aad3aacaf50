import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ExportFormat } from '../../src-shared/reports/contract';

/**
 * Tables written as files, row by row into a stream: CSV (UTF-8 with a byte-order mark, so Excel
 * reads accents and non-Latin names) or XLSX (exceljs' streaming writer, one sheet after another).
 * Every text cell that a spreadsheet would read as a formula is neutralised.
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
  row(values: readonly Cell[]): Promise<void>;
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

async function drained(stream: PassThrough): Promise<void> {
  if (stream.writableNeedDrain) await once(stream, 'drain');
}

export function csvFile(): TableFile {
  const stream = new PassThrough();
  let started = false;
  return {
    stream,
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    async sheet(_name, header) {
      if (started) return { row: async () => undefined, end: async () => undefined };
      started = true;
      stream.write('\uFEFF');
      const write = async (values: readonly Cell[]) => {
        stream.write(`${values.map(csvField).join(',')}\r\n`);
        await drained(stream);
      };
      await write(header);
      return { row: write, end: async () => undefined };
    },
    async finish() {
      stream.end();
    },
  };
}

export function xlsxFile(): TableFile {
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Front Door';
  let count = 0;
  return {
    stream,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    async sheet(name, header, widths) {
      const sheet = workbook.addWorksheet(name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31));
      if (widths) sheet.columns = widths.map((width) => ({ width }));
      const head = sheet.addRow([...header].map((h) => neutralise(h)));
      head.font = { bold: true };
      head.commit();
      return {
        async row(values) {
          sheet.addRow(values.map((v) => (typeof v === 'string' ? neutralise(v) : v))).commit();
          count += 1;
          if (count % 500 === 0) await drained(stream);
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
